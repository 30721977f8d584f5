import { type MethodName, methods } from '../../shared/api/contract';
import { errorReply, parseRequest, type ReplyFrame } from '../../shared/api/frames';
import type { Engine } from '../engine/engine';
import type { Logger } from '../log/logger';
import type { FrameChannel } from './channel';

async function call(engine: Engine, method: MethodName, params: unknown): Promise<unknown> {
  // params were validated against methods[method].params by parseRequest.
  const handler = engine.api[method] as (p: unknown) => Promise<unknown>;
  const result = await handler(params);
  // An engine bug must not reach the UI as a malformed reply.
  return methods[method].result.parse(result);
}

/**
 * Serves the DeskApi over any frame channel: every frame is validated, a bad
 * one gets an error reply and a log line, and the channel stays open.
 */
export function serveChannel(engine: Engine, channel: FrameChannel, log: Logger): void {
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
    call(engine, request.method, request.params).then(
      (result) => channel.send({ type: 'reply', id: request.id, ok: true, result } satisfies ReplyFrame),
      (error: unknown) => {
        log.error(`${request.method} failed: ${error instanceof Error ? error.message : String(error)}`);
        channel.send({
          type: 'reply',
          id: request.id,
          ok: false,
          error: { code: 'internal', message: `${request.method} failed` },
        } satisfies ReplyFrame);
      },
    );
  });
}
