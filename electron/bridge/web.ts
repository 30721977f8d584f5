import { createHash, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { errorReply, FrameError, MAX_FRAME_BYTES } from '../../shared/api/frames';
import type { ConnectionOrigin } from '../auth/connection';
import type { Engine } from '../engine/engine';
import type { Logger } from '../log/logger';
import type { FrameChannel } from './channel';
import { hostCheck } from './host-check';
import { serveChannel } from './serve-channel';

export type WebBridgeOptions = {
  engine: Engine;
  host: string;
  port: number;
  /**
   * The workstation's own token: required whenever the bridge listens beyond
   * loopback, and grants the local role. Tokens in the config's `access`
   * grant their own roles (wallboards, offices).
   */
  token: string | null;
  /** Built renderer (out/renderer); null serves the API only. */
  rendererDir: string | null;
  /** PEM files of the certificate the bridge presents; null serves plain HTTP. */
  tls?: { certPath: string; keyPath: string } | null;
  /** Further names the bridge answers to besides loopback and its address (a LAN DNS name of the desk). */
  allowedHosts?: readonly string[];
  log: Logger;
};

export type WebBridge = { url: string; port: number; close(): Promise<void> };

export class BridgeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BridgeError';
  }
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** Frames a client may send per second, with a burst allowance; far above what the UI needs. */
const RATE_PER_SECOND = 50;
const RATE_BURST = 200;
/** A client this far behind is not reading; drop it rather than buffer without bound. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** Compared as digests, so the comparison takes the same time whatever the token's length. */
function sameToken(given: string, expected: string): boolean {
  return timingSafeEqual(sha256(given), sha256(expected));
}

const LOOPBACK_PEERS = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * How a WebSocket client came in, from its token; null when it may not
 * connect at all. The workstation's own token counts as the workstation.
 */
function originFor(
  engine: Engine,
  localToken: string | null,
  given: unknown,
  ip: string,
): ConnectionOrigin | null {
  const loopback = LOOPBACK_PEERS.has(ip);
  if (typeof given === 'string' && given.length > 0) {
    if (localToken && sameToken(given, localToken)) return { via: 'local', loopback };
    const digest = sha256(given);
    const lookup = () =>
      engine.access().tokens.find((t) => timingSafeEqual(Buffer.from(t.sha256, 'hex'), digest)) ?? null;
    return lookup() ? { via: 'token', token: lookup } : null;
  }
  return localToken ? null : { via: 'local', loopback };
}

function readTls(tls: { certPath: string; keyPath: string }): { cert: Buffer; key: Buffer } {
  const read = (what: string, path: string) => {
    try {
      return readFileSync(path);
    } catch (error) {
      throw new BridgeError(`TLS ${what} ${path} cannot be read: ${(error as Error).message}`);
    }
  };
  return { cert: read('certificate', tls.certPath), key: read('key', tls.keyPath) };
}

function sameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (!origin) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

function websocketChannel(socket: WebSocket, log: Logger): FrameChannel {
  let tokens = RATE_BURST;
  let last = Date.now();
  return {
    send(frame) {
      if (socket.readyState !== socket.OPEN) return;
      if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
        log.warn('client is not reading its updates; closing the connection');
        socket.close(1013, 'too slow');
        return;
      }
      socket.send(JSON.stringify(frame));
    },
    onFrame(listener) {
      socket.on('message', (data, isBinary) => {
        const now = Date.now();
        tokens = Math.min(RATE_BURST, tokens + ((now - last) / 1000) * RATE_PER_SECOND);
        last = now;
        if (tokens < 1) {
          socket.send(
            JSON.stringify(errorReply(new FrameError('unavailable', 'too many requests; slow down'))),
          );
          return;
        }
        tokens -= 1;
        let raw: unknown;
        try {
          if (isBinary) throw new Error('binary frames are not accepted');
          raw = JSON.parse(data.toString());
        } catch (error) {
          const message = `not a JSON text frame: ${(error as Error).message}`;
          log.warn(`rejected frame: ${message}`);
          socket.send(JSON.stringify(errorReply(new FrameError('bad-frame', message))));
          return;
        }
        listener(raw);
      });
    },
    onClose(listener) {
      socket.on('close', listener);
    },
    close(reason) {
      // 1008: policy violation, the code a client reads as "do not just reconnect with the same credentials".
      socket.close(1008, reason);
    },
  };
}

/**
 * The HTTP + WebSocket bridge: serves the built renderer and the DeskApi on
 * /api. Loopback by default; any other address needs a token.
 */
export async function startWebBridge(options: WebBridgeOptions): Promise<WebBridge> {
  const { engine, host, port, token, rendererDir, log } = options;
  if (!LOOPBACK.has(host) && !token) {
    throw new BridgeError(
      `the bridge would listen on ${host}, beyond this machine: set a token (DUTYDESK_BRIDGE_TOKEN or --token) first`,
    );
  }
  const https = options.tls ? readTls(options.tls) : null;
  // Fastify types an HTTPS instance apart from an HTTP one; the routes below need only what both share.
  const app = Fastify({ logger: false, bodyLimit: MAX_FRAME_BYTES, ...(https ? { https } : {}) });
  app.addHook('onSend', async (_request, reply) => {
    reply.headers(SECURITY_HEADERS);
  });
  await app.register(fastifyWebsocket, { options: { maxPayload: MAX_FRAME_BYTES } });
  // Set once listening: the test and `--port 0` learn the port only then, before any request can arrive.
  let listeningPort = port;
  const checkHost = hostCheck({
    bindHost: host,
    port: () => listeningPort,
    tls: https !== null,
    ...(options.allowedHosts ? { allowed: options.allowedHosts } : {}),
  });
  const refusedHosts = new Set<string>();
  // Every route, the WebSocket upgrade and /tiles included. Added after the WebSocket plugin's own
  // onRequest hook, which marks an upgrade so that its socket is closed after this refusal.
  app.addHook('onRequest', async (request, reply) => {
    const verdict = checkHost(request.headers.host);
    if (verdict.ok) return;
    const seen = request.headers.host ?? '(none)';
    // Once per name, so a page retrying in a loop cannot fill the log.
    if (refusedHosts.size < 100 && !refusedHosts.has(seen)) {
      refusedHosts.add(seen);
      log.warn(`refused a request from ${request.ip} for Host ${seen}: ${verdict.why}`);
    }
    return reply.code(421).send({ error: verdict.why });
  });

  app.get('/healthz', async () => ({ ok: true, product: engine.info.product, version: engine.info.version }));

  app.get(
    '/api',
    {
      websocket: true,
      preValidation: async (request, reply) => {
        if (!sameOrigin(request)) {
          log.warn(`refused WebSocket from origin ${request.headers.origin}`);
          return reply.code(403).send({ error: 'cross-origin requests are refused' });
        }
        const query = request.query as Record<string, unknown>;
        if (!originFor(engine, token, query.token, request.ip)) {
          log.warn(`refused WebSocket from ${request.ip}: bad or missing token`);
          return reply.code(401).send({ error: 'a valid token is required' });
        }
      },
    },
    (socket, request) => {
      const given = (request.query as Record<string, unknown>).token;
      const origin = originFor(engine, token, given, request.ip);
      if (!origin) {
        socket.close(1008, 'token');
        return;
      }
      const who = origin.via === 'token' ? (origin.token()?.name ?? 'token') : 'local';
      const clientLog = log.child(`ws ${who}@${request.ip}`);
      socket.on('error', (error) => clientLog.warn(`socket error: ${error.message}`));
      serveChannel(engine, websocketChannel(socket, clientLog), clientLog, engine.connect(origin));
    },
  );

  // Map tiles come from the engine (online or the operator's file) on this origin,
  // so a LAN browser's CSP names no tile host.
  app.get('/tiles/:z/:x/:y', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const origin = originFor(engine, token, query.token, request.ip);
    const session = origin ? engine.connect(origin).session() : null;
    if (!session) return reply.code(401).send({ error: 'a valid token is required' });
    const params = request.params as Record<string, string>;
    const result = await engine.tile(params);
    if (!result.ok) {
      log.warn(`map tile ${params.z}/${params.x}/${params.y}: ${result.error}`);
      return reply.code(result.status).send({ error: result.error });
    }
    return reply.type(result.type).header('cache-control', 'max-age=3600').send(result.body);
  });

  if (rendererDir && existsSync(rendererDir)) {
    await app.register(fastifyStatic, { root: rendererDir, prefix: '/' });
  } else {
    app.get('/', async (_request, reply) =>
      reply
        .code(503)
        .type('text/plain')
        .send('DutyDesk: the UI is not built. Run `npm run build` and start again.'),
    );
  }

  try {
    await app.listen({ host, port });
  } catch (error) {
    await app.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new BridgeError(
        `port ${port} on ${host} is already in use: choose another with --port or DUTYDESK_PORT`,
      );
    }
    if (code === 'EADDRNOTAVAIL') throw new BridgeError(`${host} is not an address of this machine`);
    throw error;
  }
  const address = app.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  listeningPort = actualPort;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `${https ? 'https' : 'http'}://${shownHost}:${actualPort}/`,
    port: actualPort,
    close: () => app.close(),
  };
}
