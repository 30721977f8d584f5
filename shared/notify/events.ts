import { z } from 'zod';
import { Id } from '../api/model';
import type { Actor } from '../journal/event';

/**
 * The journal events of a notification. A message is its `notify.requested`
 * event (the message id is that event's id); every attempt is journalled
 * before it goes (`notify.sending`) and its result after
 * (`notify.accepted`, `notify.retrying`, `notify.refused`), so the outbox is
 * a projection of the journal and an attempt cut off by a crash is known.
 */
export const NOTIFY_EVENT = {
  requested: 'notify.requested',
  sending: 'notify.sending',
  accepted: 'notify.accepted',
  retrying: 'notify.retrying',
  refused: 'notify.refused',
  cancelled: 'notify.cancelled',
} as const;
export type NotifyEventType = (typeof NOTIFY_EVENT)[keyof typeof NOTIFY_EVENT];
export const NOTIFY_EVENT_TYPES: readonly NotifyEventType[] = Object.values(NOTIFY_EVENT);

/** Who journals attempts and results: the desk itself. */
export const NOTIFY_ACTOR: Actor = { user: 'dutydesk', role: 'system' };

const Mobile = z.string().regex(/^\+?[0-9]{5,20}$/, 'a mobile number (digits, optional leading +)');

/** Whom a message names: mentioned in a robot's group (mobiles, user ids), texted, or mailed. */
export const Recipients = z
  .object({
    mobiles: z.array(Mobile).max(100).default([]),
    /** WeCom / DingTalk user ids, Feishu open_id or user_id. */
    userIds: z.array(z.string().min(1).max(100)).max(100).default([]),
    emails: z.array(z.email('an email address')).max(100).default([]),
  })
  .strict();
export type Recipients = z.infer<typeof Recipients>;

export const MessageKind = z.enum(['alarm', 'digest', 'dispatch', 'reminder', 'escalation', 'test']);
export type MessageKind = z.infer<typeof MessageKind>;

/** What a caller asks to send, and the data of `notify.requested`. */
export const NotifyRequest = z
  .object({
    channel: Id,
    kind: MessageKind,
    title: z.string().trim().min(1).max(200),
    /** Plain text; short (a robot takes at most 2,048 bytes of text). */
    body: z.string().trim().min(1).max(1500),
    to: Recipients.default({ mobiles: [], userIds: [], emails: [] }),
    link: z.url({ protocol: /^https?$/ }).optional(),
    /** What it is about, for the timeline and reports: alarm, work order, station ids. */
    refs: z.record(z.string().min(1).max(40), z.string().max(200)).default({}),
  })
  .strict();
export type NotifyRequest = z.infer<typeof NotifyRequest>;
export type NotifyRequestInput = z.input<typeof NotifyRequest>;

const Attempt = z.object({ message: z.string().min(1), channel: Id, attempt: z.int().min(1) });

export const SendingData = Attempt.strict();
export const AcceptedData = Attempt.extend({ code: z.string().nullable() }).strict();
export const RetryingData = Attempt.extend({
  code: z.string(),
  detail: z.string(),
  /** rate-limit: the provider said "later"; transient: timeout, 5xx, network. */
  reason: z.enum(['rate-limit', 'transient']),
  retryAt: z.int().min(0),
  /** The provider may have taken it (a timeout after the request went out): a resend may duplicate it. */
  uncertain: z.boolean(),
}).strict();
export const RefusedData = Attempt.extend({ code: z.string(), detail: z.string() }).strict();
export const CancelledData = z.object({ message: z.string().min(1), channel: Id }).strict();
