import { z } from 'zod';
import { NoParams } from './method';

/** One notify channel in the header's outbox details. */
export const OutboxChannel = z.object({
  id: z.string(),
  type: z.string().nullable(),
  /** misconfigured: a field of its configuration is wrong (named in `problem`); it cannot send. */
  state: z.enum(['ready', 'disabled', 'misconfigured']),
  problem: z.string().nullable(),
  /** Messages waiting on this channel, the one being delivered included. */
  pending: z.int().min(0),
  /** Of those, how many had a refusal or fault and wait for their next attempt. */
  retrying: z.int().min(0),
  /** The provider's code of the last fault among its waiting messages, e.g. "45009" or "http 503". */
  lastCode: z.string().nullable(),
  /** When the channel sends next (its rate limit or a retry's backoff). */
  nextSendAt: z.number().nullable(),
});
export type OutboxChannel = z.infer<typeof OutboxChannel>;

/**
 * The durable outbox at a glance (issue 15): what waits, what is retried,
 * what a provider refused for good in the last hour, per channel. A message
 * whose send was cut off may have been delivered twice (at-least-once).
 */
export const OutboxStatus = z.object({
  pending: z.int().min(0),
  retrying: z.int().min(0),
  /** Refused for good (the provider's answer, not a fault worth retrying) in the last hour. */
  refused: z.int().min(0),
  /** Messages sent again after an attempt whose fate is unknown: the provider may have them twice. */
  mayDuplicate: z.int().min(0),
  oldestPendingAt: z.number().nullable(),
  lastRefused: z
    .object({ title: z.string(), channel: z.string(), code: z.string().nullable(), at: z.number() })
    .nullable(),
  channels: z.array(OutboxChannel),
});
export type OutboxStatus = z.infer<typeof OutboxStatus>;

export const outboxMethods = {
  'notify.status': { params: NoParams, result: OutboxStatus, permission: 'read' },
} as const;

export const outboxEvents = {
  /** The outbox changed: a message asked for, attempted, answered or cancelled (coalesced). */
  'notify.changed': OutboxStatus,
} as const;
