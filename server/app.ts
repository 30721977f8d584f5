import { createHash } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { CREW_PAGE_PATH } from '../shared/sync/crew-link';
import {
  MAX_BATCH,
  PublishConfigRequest,
  PullQuery,
  PushRequest,
  SYNC_PATHS,
  type SyncErrorBody,
} from '../shared/sync/protocol';
import type { DeskRegistration } from './config';
import { registerCrewPage } from './crew/routes';
import type { CrewService } from './crew/service';
import { type EventStore, SyncRefusal } from './event-store';

export type SyncAppOptions = {
  store: EventStore;
  desks: readonly DeskRegistration[];
  /** The crew page; without it the server answers sync only. */
  crew?: CrewService;
  log?: (line: string) => void;
  now?: () => number;
};

const STATUS: Record<SyncErrorBody['error']['code'], number> = {
  unauthorized: 401,
  forbidden: 403,
  invalid: 400,
  chain: 409,
  conflict: 409,
  internal: 500,
};

/** Room for a full batch of large events; anything bigger is refused before it is parsed. */
const BODY_LIMIT = MAX_BATCH * 16 * 1024;

/**
 * The HTTP face of the sync server. Every request but /healthz names its
 * desk by its token (Authorization: Bearer); a desk reads and writes only as
 * itself. Every body and query is parsed with the protocol's schemas.
 */
export function buildSyncApp(options: SyncAppOptions): FastifyInstance {
  const { store } = options;
  const log = options.log ?? (() => {});
  const byHash = new Map(options.desks.map((d) => [d.sha256, d]));
  // Shutting down cuts open connections: a desk whose push is cut off retries, and a push is idempotent.
  const app = Fastify({ bodyLimit: BODY_LIMIT, logger: false, forceCloseConnections: true });

  const nameOf = (id: string) => options.desks.find((d) => d.id === id)?.name ?? id;
  const deskOf = (request: FastifyRequest): DeskRegistration => {
    const header = request.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : '';
    const desk = token ? byHash.get(createHash('sha256').update(token, 'utf8').digest('hex')) : undefined;
    if (!desk) throw new SyncRefusal('unauthorized', 'unknown or missing desk token');
    return desk;
  };
  const parse = <S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> => {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    const [issue] = parsed.error.issues;
    throw new SyncRefusal(
      'invalid',
      `${what}.${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`,
    );
  };

  app.get('/healthz', async () => ({ ok: true }));
  if (options.crew) registerCrewPage(app, { service: options.crew, log, now: options.now ?? Date.now });

  app.get(SYNC_PATHS.head, async (request) => {
    const desk = deskOf(request);
    return { desk: desk.id, head: await store.head(desk.id) };
  });

  app.post(SYNC_PATHS.push, async (request) => {
    const desk = deskOf(request);
    const body = parse(PushRequest, request.body, 'body');
    if (body.desk !== desk.id) {
      throw new SyncRefusal(
        'forbidden',
        `desk ${desk.name} may push only its own journal (${desk.id}), not ${body.desk}`,
      );
    }
    const result = await store.push(desk.id, body.events);
    if (result.stored > 0) log(`desk ${desk.name}: stored ${result.stored}, head seq ${result.head.seq}`);
    return result;
  });

  app.get(SYNC_PATHS.pull, async (request) => {
    const desk = deskOf(request);
    return store.pull(desk.id, parse(PullQuery, request.query, 'query'));
  });

  app.post(SYNC_PATHS.config, async (request) => {
    const desk = deskOf(request);
    const body = parse(PublishConfigRequest, request.body, 'body');
    const outcome = await store.publishSharedConfig(desk.id, body);
    if ('conflict' in outcome) {
      const { revision, desk: by, setAt } = outcome.conflict;
      const who = by === null ? "the server's own configuration" : `desk ${nameOf(by)}`;
      throw new SyncRefusal(
        'conflict',
        `shared configuration revision ${revision} was published meanwhile by ${who} at ` +
          `${new Date(setAt).toISOString()}; this publish was based on revision ${body.base}. ` +
          `Review and apply revision ${revision} first, then publish again`,
      );
    }
    log(`desk ${desk.name}: shared configuration revision ${outcome.published.revision}`);
    return outcome.published;
  });

  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const body = (code: SyncErrorBody['error']['code'], message: string, head?: SyncRefusal['head']) => {
      const payload: SyncErrorBody = { error: head ? { code, message, head } : { code, message } };
      return reply.status(STATUS[code]).send(payload);
    };
    // A crew page address carries its token: the log names the route instead.
    const where = request.url.startsWith(CREW_PAGE_PATH) ? request.routeOptions.url : request.url;
    if (error instanceof SyncRefusal) {
      if (error.code !== 'unauthorized')
        log(`${request.method} ${where}: refused (${error.code}): ${error.message}`);
      return body(error.code, error.message, error.head);
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) return body('invalid', (error as Error).message);
    log(`${request.method} ${where}: ${(error as Error).stack ?? String(error)}`);
    return body('internal', `server error: ${(error as Error).message}`);
  });

  return app;
}
