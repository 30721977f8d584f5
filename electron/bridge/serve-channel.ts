import { isMethodName, type MethodName, methods } from '../../shared/api/contract';
import {
  ApiError,
  errorReply,
  eventFrame,
  FrameError,
  MAX_FRAME_BYTES,
  type ReplyFrame,
  RequestFrame,
} from '../../shared/api/frames';
import { can, type Session } from '../../shared/auth/roles';
import { seesEndpoints } from '../../shared/config/endpoints';
import type { Connection } from '../auth/connection';
import type { Engine } from '../engine/engine';
import type { Logger } from '../log/logger';
import type { FrameChannel } from './channel';
import { fitsFrame } from './frame-size';

type Envelope = { id: number; method: MethodName; params: unknown };

function idOf(raw: unknown): number | null {
  if (typeof raw !== 'object' || raw === null || !('id' in raw)) return null;
  return Number.isSafeInteger(raw.id) && Number(raw.id) >= 0 ? Number(raw.id) : null;
}

function summarise(issues: readonly { path: PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? i.path.join('.') : '(frame)'}: ${i.message}`)
    .join('; ');
}

/** The frame and the method name only: params are not looked at until the caller's role allows the call. */
function parseEnvelope(raw: unknown): Envelope {
  // A MessagePort delivers objects of any size; the WebSocket's own limit applies to every transport.
  if (!fitsFrame(raw, MAX_FRAME_BYTES)) {
    throw new FrameError(
      'bad-frame',
      `frame larger than ${MAX_FRAME_BYTES} bytes: refused unread`,
      idOf(raw),
    );
  }
  const envelope = RequestFrame.safeParse(raw);
  if (!envelope.success) {
    throw new FrameError('bad-frame', `malformed request: ${summarise(envelope.error.issues)}`, idOf(raw));
  }
  const { id, method, params } = envelope.data;
  if (!isMethodName(method)) throw new FrameError('unknown-method', `unknown method "${method}"`, id);
  return { id, method, params };
}

function checkPermission(method: MethodName, session: Session, connection: Connection, id: number): void {
  const { permission } = methods[method];
  if (can(session.role, permission)) return;
  // Asked only on a refusal: the operator should read why, not a role name they never chose.
  const state = connection.state();
  const why = state.locked
    ? 'the desk is locked: unlock it first'
    : state.mode === 'accounts' && state.user === null && state.token === null
      ? 'nobody is signed in'
      : `the ${session.role} role does not have it`;
  throw new FrameError('forbidden', `${method} needs the ${permission} permission, and ${why}`, id);
}

function checkParams(method: MethodName, params: unknown, id: number): unknown {
  const body = methods[method].params.safeParse(params ?? {});
  if (!body.success) {
    throw new FrameError('bad-params', `bad params for ${method}: ${summarise(body.error.issues)}`, id);
  }
  return body.data;
}

/**
 * Serves the DeskApi over any frame channel for one client: every frame is
 * validated, every call checked against the role the connection acts as at
 * that moment (its token, its signed-in operator, or watch-only when locked
 * or signed out), before its params are even parsed. A bad frame gets an
 * error reply and a log line, and the channel stays open; a connection
 * whose token was revoked gets no more events and is closed.
 */
export function serveChannel(
  engine: Engine,
  channel: FrameChannel,
  log: Logger,
  connection: Connection,
): void {
  let revoked = false;
  const unsubscribe = engine.subscribe((frame) => {
    if (revoked) return;
    // A revoked token gets nothing more pushed, not even the event that announces its revocation.
    if (connection.session()) channel.send(frame);
    else revoke();
  });
  const revoke = () => {
    revoked = true;
    unsubscribe();
    log.warn('its token is no longer valid: closing the connection');
    channel.close('token no longer valid');
  };
  channel.onClose(unsubscribe);
  /**
   * A sign-in, sign-out or lock can change whether this connection is shown
   * the device endpoints (shared/config/endpoints.ts): the fleet it loaded
   * before is then not what it may see now, so it is told to load it again.
   */
  const afterSessionChange = (before: Session, after: Session | null) => {
    if (!after || seesEndpoints(before.role) === seesEndpoints(after.role)) return;
    channel.send(eventFrame('fleet.changed', { reason: `now acting as ${after.role}` }));
  };
  channel.onFrame((raw) => {
    let request: Envelope;
    let params: unknown;
    // Asked on every call, so a role changed, a token revoked or an account disabled applies at once.
    const session = connection.session();
    try {
      request = parseEnvelope(raw);
      if (!session) throw new FrameError('forbidden', 'this token is no longer valid', request.id);
      checkPermission(request.method, session, connection, request.id);
      params = checkParams(request.method, request.params, request.id);
    } catch (error) {
      log.warn(`rejected frame: ${(error as Error).message}`);
      channel.send(errorReply(error));
      if (!session && !revoked) revoke();
      return;
    }
    const { id, method } = request;
    const handler = engine.api[method] as (p: unknown, s: Session, c: Connection) => Promise<unknown>;
    let running: Promise<unknown>;
    try {
      running = handler(params, session, connection);
    } catch (error) {
      running = Promise.reject(error);
    }
    running
      // An engine bug must not reach the UI as a malformed reply.
      .then((result) => methods[method].result.parse(result))
      .then(
        (result) => {
          channel.send({ type: 'reply', id, ok: true, result } satisfies ReplyFrame);
          afterSessionChange(session, connection.session());
        },
        (error: unknown) => {
          const refused = error instanceof ApiError;
          const message = error instanceof Error ? error.message : String(error);
          if (refused) log.warn(`${method} refused for ${session.user} (${session.role}): ${message}`);
          else log.error(`${method} failed: ${message}`);
          channel.send({
            type: 'reply',
            id,
            ok: false,
            error: refused
              ? { code: error.code, message }
              : { code: 'internal', message: `${method} failed` },
          } satisfies ReplyFrame);
        },
      );
  });
}
