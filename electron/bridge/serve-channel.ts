import { type MethodName, methods } from '../../shared/api/contract';
import { ApiError, errorReply, FrameError, parseRequest, type ReplyFrame } from '../../shared/api/frames';
import { can, type Session } from '../../shared/auth/roles';
import type { Engine } from '../engine/engine';
import type { Logger } from '../log/logger';
import type { FrameChannel } from './channel';

async function call(engine: Engine, method: MethodName, params: unknown, session: Session): Promise<unknown> {
  const { permission } = methods[method];
  if (!can(session.role, permission)) {
    throw new ApiError(
      'forbidden',
      `${method} needs the ${permission} permission, which the ${session.role} role does not have`,
    );
  }
  // params were validated against methods[method].params by parseRequest.
  const handler = engine.api[method] as (p: unknown, s: Session) => Promise<unknown>;
  const result = await handler(params, session);
  // An engine bug must not reach the UI as a malformed reply.
  return methods[method].result.parse(result);
}

/**
 * Serves the DeskApi over any frame channel for one client: every frame is
 * validated, every call checked against the role of whoever `identify` says
 * the client is now, a bad frame gets an error reply and a log line, and the
 * channel stays open.
 */
export function serveChannel(
  engine: Engine,
  channel: FrameChannel,
  log: Logger,
  identify: () => Session | null,
): void {
  const unsubscribe = engine.subscribe((frame) => channel.send(frame));
  channel.onClose(unsubscribe);
  channel.onFrame((raw) => {
    let request: ReturnType<typeof parseRequest>;
    try {
      request = parseRequest(raw);
    } catch (error) {
      log.warn(`rejected frame: ${(error as Error).message}`);
      channel.send(errorReply(error));
      return;
    }
    // Asked on every call, so a role changed or a token revoked in the configuration applies at once.
    const session = identify();
    if (!session) {
      channel.send(errorReply(new FrameError('forbidden', 'this token is no longer valid', request.id)));
      return;
    }
    call(engine, request.method, request.params, session).then(
      (result) => channel.send({ type: 'reply', id: request.id, ok: true, result } satisfies ReplyFrame),
      (error: unknown) => {
        const refused = error instanceof ApiError;
        const message = error instanceof Error ? error.message : String(error);
        if (refused) log.warn(`${request.method} refused for ${session.user} (${session.role}): ${message}`);
        else log.error(`${request.method} failed: ${message}`);
        channel.send({
          type: 'reply',
          id: request.id,
          ok: false,
          error: refused
            ? { code: error.code, message }
            : { code: 'internal', message: `${request.method} failed` },
        } satisfies ReplyFrame);
      },
    );
  });
}
