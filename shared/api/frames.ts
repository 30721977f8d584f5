import { z } from 'zod';
import {
  type EventName,
  type EventPayload,
  events,
  isEventName,
  isMethodName,
  type MethodName,
  methods,
} from './contract';

/**
 * Wire frames shared by both transports. A frame is validated twice: its
 * envelope here, its body against the method or event schema.
 */
export const MAX_FRAME_BYTES = 1024 * 1024;

export const RequestFrame = z
  .object({
    type: z.literal('request'),
    id: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
    method: z.string().max(64),
    params: z.unknown(),
  })
  .strict();
export type RequestFrame = z.infer<typeof RequestFrame>;

export const ErrorCode = z.enum([
  'bad-frame',
  'unknown-method',
  'bad-params',
  'forbidden',
  'invalid',
  'internal',
  'unavailable',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ReplyFrame = z.discriminatedUnion('ok', [
  z.object({
    type: z.literal('reply'),
    id: z.number().int().nonnegative(),
    ok: z.literal(true),
    result: z.unknown(),
  }),
  z.object({
    type: z.literal('reply'),
    /** null when the request was too broken to carry an id. */
    id: z.number().int().nonnegative().nullable(),
    ok: z.literal(false),
    error: z.object({ code: ErrorCode, message: z.string() }),
  }),
]);
export type ReplyFrame = z.infer<typeof ReplyFrame>;

export const EventFrame = z.object({ type: z.literal('event'), event: z.string(), data: z.unknown() });
export type EventFrame = z.infer<typeof EventFrame>;

export const ServerFrame = z.union([ReplyFrame, EventFrame]);
export type ServerFrame = z.infer<typeof ServerFrame>;

export class FrameError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly id: number | null = null,
  ) {
    super(message);
    this.name = 'FrameError';
  }
}

/** A refusal the engine explains to the operator: forbidden, invalid, unavailable. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

function explain(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? i.path.join('.') : '(frame)'}: ${i.message}`)
    .join('; ');
}

export type ParsedRequest = { id: number; method: MethodName; params: unknown };

/** Checks an incoming request completely; throws FrameError saying what is wrong. */
export function parseRequest(raw: unknown): ParsedRequest {
  const envelope = RequestFrame.safeParse(raw);
  if (!envelope.success) {
    const id =
      typeof raw === 'object' &&
      raw !== null &&
      'id' in raw &&
      Number.isSafeInteger(raw.id) &&
      Number(raw.id) >= 0
        ? Number(raw.id)
        : null;
    throw new FrameError('bad-frame', `malformed request: ${explain(envelope.error)}`, id);
  }
  const { id, method, params } = envelope.data;
  if (!isMethodName(method)) throw new FrameError('unknown-method', `unknown method "${method}"`, id);
  const body = methods[method].params.safeParse(params ?? {});
  if (!body.success)
    throw new FrameError('bad-params', `bad params for ${method}: ${explain(body.error)}`, id);
  return { id, method, params: body.data };
}

/** Checks a frame coming from the engine before the UI trusts it. */
export function parseServerFrame(raw: unknown): ServerFrame {
  const frame = ServerFrame.safeParse(raw);
  if (!frame.success) throw new FrameError('bad-frame', `malformed engine frame: ${explain(frame.error)}`);
  if (frame.data.type === 'event') {
    if (!isEventName(frame.data.event))
      throw new FrameError('bad-frame', `unknown event "${frame.data.event}"`);
    const data = events[frame.data.event].safeParse(frame.data.data);
    if (!data.success)
      throw new FrameError('bad-frame', `bad ${frame.data.event} event: ${explain(data.error)}`);
    return { ...frame.data, data: data.data };
  }
  return frame.data;
}

export function parseResult<M extends MethodName>(method: M, raw: unknown) {
  const result = methods[method].result.safeParse(raw);
  if (!result.success)
    throw new FrameError('bad-frame', `bad result for ${method}: ${explain(result.error)}`);
  return result.data;
}

export function eventFrame<E extends EventName>(event: E, data: EventPayload<E>): EventFrame {
  return { type: 'event', event, data };
}

export function errorReply(error: unknown): ReplyFrame {
  if (error instanceof FrameError) {
    return { type: 'reply', id: error.id, ok: false, error: { code: error.code, message: error.message } };
  }
  return { type: 'reply', id: null, ok: false, error: { code: 'internal', message: String(error) } };
}
