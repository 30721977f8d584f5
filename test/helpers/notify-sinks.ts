import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Local stand-ins for the providers, written from their documentation and
 * not from our adapters: the WeCom group robot, the DingTalk custom robot,
 * the Feishu custom bot and an SMS gateway. Each checks its key or token
 * and signature as the provider does, answers with the provider's error
 * codes, and keeps its provider's rate limit by a clock the test gives it
 * (the desk's, so a test can pass ten minutes without waiting).
 */

/**
 * ok: answers; down: HTTP 503; reset: drops the connection; hang: takes the
 * message but keeps the answer back until release() (a send cut off after
 * the provider had it).
 */
export type SinkMode = 'ok' | 'down' | 'reset' | 'hang';

export type Received = {
  at: number;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: unknown;
};

export type Sink = {
  /** The address to configure as the channel's `url`. */
  url: string;
  /** Requests the provider accepted, in order. */
  received: Received[];
  /** Every request that reached the sink, accepted or not. */
  requests: number;
  /** Every answer it gave: provider code or HTTP status. */
  answers: string[];
  mode: SinkMode;
  /** From this request on (1 is the first), behave as `hang`; null: never. */
  holdFrom: number | null;
  /** Sends the answers held back in `hang` mode. */
  release(): void;
  /** Resolves once `count` requests have been accepted (real time, with a generous limit: network I/O). */
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  /** Resolves once `count` requests have arrived at all. */
  waitForRequests(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
};

type Answer = { status: number; body: unknown; accepted: boolean; code: string };
type Handler = (request: {
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  raw: string;
}) => Answer;

/** A sliding-window counter on the test's clock, as the providers count. */
function windowCounter(now: () => number, limit: number, perMs: number) {
  const times: number[] = [];
  return {
    /** Counts a send; false when it exceeds the limit (and is not counted). */
    take(): boolean {
      const t = now();
      while (times.length > 0 && (times[0] as number) <= t - perMs) times.shift();
      if (times.length >= limit) return false;
      times.push(t);
      return true;
    },
  };
}

const json = (status: number, body: unknown, accepted: boolean, code: string): Answer => ({
  status,
  body,
  accepted,
  code,
});

function parse(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

const sameText = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

async function startSink(path: string, now: () => number, handle: Handler): Promise<Sink> {
  const held: { res: ServerResponse; answer: () => void }[] = [];
  const waiters: (() => void)[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      sink.requests++;
      const url = new URL(req.url ?? '/', 'http://sink');
      if (sink.mode === 'reset') {
        req.socket.destroy();
        sink.answers.push('reset');
        return;
      }
      if (sink.mode === 'down') {
        res
          .writeHead(503, { 'content-type': 'text/html' })
          .end('<html>503 Service Temporarily Unavailable</html>');
        sink.answers.push('http-503');
        return;
      }
      const raw = Buffer.concat(chunks).toString('utf8');
      // The provider takes the message; in `hang` mode its answer is what never comes back.
      const out = handle({ path: url.pathname, query: url.searchParams, headers: req.headers, raw });
      if (out.accepted)
        sink.received.push({ at: now(), query: url.searchParams, headers: req.headers, body: parse(raw) });
      sink.answers.push(out.code);
      const answer = () =>
        res.writeHead(out.status, { 'content-type': 'application/json' }).end(JSON.stringify(out.body));
      if (sink.mode === 'hang' || (sink.holdFrom !== null && sink.requests >= sink.holdFrom))
        held.push({ res, answer });
      else answer();
      for (const wake of waiters.splice(0)) wake();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  const until = (check: () => boolean, what: () => string, timeoutMs: number) =>
    new Promise<void>((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`sink: ${what()}`)), timeoutMs);
      const look = () => {
        if (check()) {
          clearTimeout(timer);
          done();
        } else waiters.push(look);
      };
      look();
    });
  const sink: Sink = {
    url: `http://127.0.0.1:${port}${path}`,
    received: [],
    requests: 0,
    answers: [],
    mode: 'ok',
    holdFrom: null,
    release() {
      for (const { answer } of held.splice(0)) answer();
    },
    waitFor: (count, timeoutMs = 20_000) =>
      until(
        () => sink.received.length >= count,
        () => `${sink.received.length} of ${count} accepted`,
        timeoutMs,
      ),
    waitForRequests: (count, timeoutMs = 20_000) =>
      until(
        () => sink.requests >= count,
        () => `${sink.requests} of ${count} requests`,
        timeoutMs,
      ),
    async close() {
      for (const { res } of held.splice(0)) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
  return sink;
}

export type SinkOptions = { now?: () => number };

/** 企业微信 group robot: ?key=…; errcode 93000 bad key, 45009 over 20 a minute, 40008 bad msgtype, 44004 empty. */
export function startWecomSink(key: string, options: SinkOptions = {}): Promise<Sink> {
  const now = options.now ?? Date.now;
  const limit = windowCounter(now, 20, 60_000);
  return startSink('/cgi-bin/webhook/send', now, ({ query, raw }) => {
    const answer = (errcode: number, errmsg: string) =>
      json(200, { errcode, errmsg }, errcode === 0, String(errcode));
    if (query.get('key') !== key) return answer(93000, 'invalid webhook url, hint: [sink]');
    const body = parse(raw) as {
      msgtype?: string;
      text?: { content?: unknown };
      markdown?: { content?: unknown };
    };
    if (body?.msgtype !== 'text' && body?.msgtype !== 'markdown')
      return answer(40008, 'invalid message type');
    const content = body.msgtype === 'text' ? body.text?.content : body.markdown?.content;
    if (typeof content !== 'string' || content.length === 0) return answer(44004, 'empty content');
    if (Buffer.byteLength(content) > (body.msgtype === 'text' ? 2048 : 4096))
      return answer(45002, 'content size out of limit');
    if (!limit.take()) return answer(45009, 'api freq out of limit');
    return answer(0, 'ok');
  });
}

/**
 * 钉钉 custom robot: ?access_token=…&timestamp=…&sign=…; errcode 300001 bad
 * token, 310000 signature (or a timestamp more than an hour off), 130101
 * over 20 a minute, after which the robot is throttled for 10 minutes.
 */
export function startDingtalkSink(
  accessToken: string,
  secret: string | null,
  options: SinkOptions = {},
): Promise<Sink> {
  const now = options.now ?? Date.now;
  const limit = windowCounter(now, 20, 60_000);
  let throttledUntil = 0;
  return startSink('/robot/send', now, ({ query, raw }) => {
    const answer = (errcode: number, errmsg: string) =>
      json(200, { errcode, errmsg }, errcode === 0, String(errcode));
    if (query.get('access_token') !== accessToken) return answer(300001, 'token is not exist');
    if (secret !== null) {
      const timestamp = query.get('timestamp') ?? '';
      const expected = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
      // URLSearchParams has already decoded the URL-encoded signature once.
      if (
        !sameText(query.get('sign') ?? '', expected) ||
        Math.abs(Date.now() - Number(timestamp)) > 3_600_000
      ) {
        return answer(310000, 'sign not match, more: [sink]');
      }
    }
    const body = parse(raw) as {
      msgtype?: string;
      text?: { content?: unknown };
      markdown?: { text?: unknown };
    };
    const content =
      body?.msgtype === 'text'
        ? body.text?.content
        : body?.msgtype === 'markdown'
          ? body.markdown?.text
          : undefined;
    if (typeof content !== 'string' || content.length === 0) return answer(40035, 'missing parameter');
    if (now() < throttledUntil) return answer(130101, 'send too fast, exceed 20 times per minute');
    if (!limit.take()) {
      throttledUntil = now() + 600_000;
      return answer(130101, 'send too fast, exceed 20 times per minute');
    }
    return answer(0, 'ok');
  });
}

/**
 * 飞书 custom bot: /open-apis/bot/v2/hook/{token}; signed with timestamp
 * (seconds) and sign in the body; code 19021 signature or timestamp, 19001
 * bad token, 9499 bad request, 11232 over 100 a minute or 5 a second.
 */
export function startFeishuSink(
  token: string,
  secret: string | null,
  options: SinkOptions = {},
): Promise<Sink> {
  const now = options.now ?? Date.now;
  const perMinute = windowCounter(now, 100, 60_000);
  const perSecond = windowCounter(now, 5, 1_000);
  return startSink('/open-apis/bot/v2/hook', now, ({ path, raw }) => {
    const answer = (code: number, msg: string) =>
      json(200, { code, msg, data: {} }, code === 0, String(code));
    if (path !== `/open-apis/bot/v2/hook/${token}`)
      return answer(19001, 'param invalid: incoming webhook access token invalid');
    const body = parse(raw) as {
      timestamp?: unknown;
      sign?: unknown;
      msg_type?: unknown;
      content?: { text?: unknown };
    };
    if (secret !== null) {
      const timestamp = String(body?.timestamp ?? '');
      const expected = createHmac('sha256', `${timestamp}\n${secret}`)
        .update(Buffer.alloc(0))
        .digest('base64');
      if (
        !sameText(String(body?.sign ?? ''), expected) ||
        Math.abs(Date.now() / 1000 - Number(timestamp)) > 3600
      ) {
        return answer(19021, 'sign match fail or timestamp is not within one hour from current time');
      }
    }
    if (body?.msg_type !== 'text' || typeof body.content?.text !== 'string')
      return answer(9499, 'Bad Request');
    if (!perSecond.take() || !perMinute.take())
      return answer(11232, 'frequency limited psm[lark.oapi.app_platform_runtime]');
    return answer(0, 'success');
  });
}

/**
 * An SMS gateway as many Chinese providers shape one: JSON in, JSON out,
 * HMAC-SHA256 of "{timestamp}\n{body}" (hex) in X-Signature with the
 * timestamp in X-Timestamp; {"code":"OK"} when taken, "RATE_LIMIT" past
 * `perMinute`, "BAD_SIGN", "NO_PHONE"; 401 without a signature.
 */
export function startSmsSink(
  secret: string,
  options: SinkOptions & { perMinute?: number } = {},
): Promise<Sink> {
  const now = options.now ?? Date.now;
  const limit = windowCounter(now, options.perMinute ?? 1000, 60_000);
  let n = 0;
  return startSink('/sms/send', now, ({ headers, raw }) => {
    const answer = (code: string) => json(200, { code, requestId: `req-${++n}` }, code === 'OK', code);
    const signature = headers['x-signature'];
    if (typeof signature !== 'string') return json(401, { message: 'signature required' }, false, 'http-401');
    const expected = createHmac('sha256', secret).update(`${headers['x-timestamp']}\n${raw}`).digest('hex');
    if (!sameText(signature, expected)) return answer('BAD_SIGN');
    const body = parse(raw) as { phones?: unknown; content?: unknown };
    if (!Array.isArray(body?.phones) || body.phones.length === 0) return answer('NO_PHONE');
    if (!limit.take()) return answer('RATE_LIMIT');
    return answer('OK');
  });
}
