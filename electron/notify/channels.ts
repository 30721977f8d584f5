import type { ChannelConfig, ChannelProblem, ChannelType } from '../../shared/notify/config';
import { parseChannels } from '../../shared/notify/config';
import type { ChannelAdapter } from './adapter';
import { ChannelSetupError, emailAdapter } from './email';
import { dingtalkAdapter, feishuAdapter, wecomAdapter } from './robots';
import { smsAdapter } from './sms';

/** A channel as the UI lists it: usable, switched off, or not usable and why. */
export type ChannelStatus = {
  id: string;
  type: ChannelType | null;
  name: string | null;
  state: 'ready' | 'disabled' | 'misconfigured';
  problem: string | null;
};

export type BuiltChannels = { adapters: Map<string, ChannelAdapter>; status: ChannelStatus[] };

/** Makes the adapter of one usable channel; a training desk passes its own, so nothing reaches a provider. */
export type AdapterFactory = (channel: ChannelConfig, field: string) => ChannelAdapter;

function adapterFor(channel: ChannelConfig, field: string): ChannelAdapter {
  switch (channel.type) {
    case 'wecom':
      return wecomAdapter(channel);
    case 'dingtalk':
      return dingtalkAdapter(channel);
    case 'feishu':
      return feishuAdapter(channel);
    case 'email':
      return emailAdapter(channel, field);
    case 'sms':
      return smsAdapter(channel);
  }
}

/**
 * The adapters for the channels of a notify section that can be used, and
 * a status line for every channel, with one message naming the field for
 * each that cannot.
 */
export function buildChannels(raw: readonly unknown[], make: AdapterFactory = adapterFor): BuiltChannels {
  const { channels, problems } = parseChannels(raw);
  const adapters = new Map<string, ChannelAdapter>();
  const status: ChannelStatus[] = problems.map((p: ChannelProblem) => ({
    id: p.id ?? `#${p.index}`,
    type: null,
    name: null,
    state: 'misconfigured',
    problem: p.message,
  }));
  for (const channel of channels) {
    const base = { id: channel.id, type: channel.type, name: channel.name ?? null };
    if (!channel.enabled) {
      status.push({ ...base, state: 'disabled', problem: null });
      continue;
    }
    const index = raw.findIndex((entry) => (entry as { id?: unknown })?.id === channel.id);
    try {
      adapters.set(channel.id, make(channel, `notify.channels[${index}]`));
      status.push({ ...base, state: 'ready', problem: null });
    } catch (error) {
      if (!(error instanceof ChannelSetupError)) throw error;
      status.push({ ...base, state: 'misconfigured', problem: error.message });
    }
  }
  return { adapters, status };
}
