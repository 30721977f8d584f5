import { appendFileSync } from 'node:fs';
import type { ChannelConfig } from '../../shared/notify/config';
import type { ChannelAdapter, OutboundMessage } from '../notify/adapter';
import type { AdapterFactory } from '../notify/channels';

/** One message a drill would have sent, as the training sink kept it. */
export type SunkMessage = { channel: string; type: ChannelConfig['type'] } & OutboundMessage;

/**
 * Where a training desk's notifications go: every channel's adapter is this
 * sink, which writes the message to a file in the drill's own folder and
 * answers "accepted". It opens no socket, so no crew's phone buzzes for a
 * drill whatever the channel's configuration says.
 */
export class TrainingSink {
  readonly messages: SunkMessage[] = [];

  constructor(private readonly file: string) {}

  readonly adapters: AdapterFactory = (channel) => this.adapter(channel);

  private adapter(channel: ChannelConfig): ChannelAdapter {
    return {
      id: channel.id,
      type: channel.type,
      limits: [],
      secrets: [],
      send: async (message) => {
        const sunk: SunkMessage = {
          channel: channel.id,
          type: channel.type,
          id: message.id,
          kind: message.kind,
          title: message.title,
          body: message.body,
          to: message.to,
          link: message.link,
        };
        this.messages.push(sunk);
        appendFileSync(this.file, `${JSON.stringify(sunk)}\n`);
        return { kind: 'accepted', code: 'training-sink' };
      },
      close: async () => {},
    };
  }
}
