import type { ChannelType } from '../../shared/notify/config';
import type { OutboxMessage } from '../../shared/notify/outbox-state';
import type { RateLimit, SendOutcome } from '../../shared/notify/outcome';

/** What an adapter needs of a message. */
export type OutboundMessage = Pick<OutboxMessage, 'id' | 'kind' | 'title' | 'body' | 'to' | 'link'>;

/**
 * One configured channel, speaking its provider's format. `send` never
 * throws: whatever happens is a SendOutcome, so the outbox decides alone
 * what is retried and what is final.
 */
export type ChannelAdapter = {
  readonly id: string;
  readonly type: ChannelType;
  /** The provider's send limits; the outbox waits rather than exceed them. */
  readonly limits: readonly RateLimit[];
  /** Values cut out of anything logged or journalled (keys, tokens, secrets, passwords). */
  readonly secrets: readonly string[];
  send(message: OutboundMessage, signal: AbortSignal): Promise<SendOutcome>;
  close(): Promise<void>;
};

/** The message as one block of plain text: title, body, and the link unless the body has it. */
export function plainText(message: OutboundMessage): string {
  const parts = [message.title, message.body];
  if (message.link && !message.body.includes(message.link)) parts.push(message.link);
  return parts.join('\n');
}
