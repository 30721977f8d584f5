import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { channelFromNodePort } from '../../electron/bridge/port-channel';
import { serveChannel } from '../../electron/bridge/serve-channel';
import { startWebBridge, type WebBridge } from '../../electron/bridge/web';
import { methodNames } from '../../shared/api/contract';
import { MAX_FRAME_BYTES } from '../../shared/api/frames';
import { quietLog, startDesk } from '../helpers/desk';

/**
 * Malformed, oversized and random messages at both ways into the engine,
 * from connections that hold no right to change anything (signed out, a
 * wallboard token): the engine keeps answering and nothing changes.
 * Seeded, so a failure replays exactly.
 */
const ITERATIONS = 1500;
const SEED = 0x8badf00d;

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Keys a params object may get; 'user' is left out so no random frame is a well-formed sign-in attempt. */
const KEYS = [
  'id',
  'deviceId',
  'key',
  'value',
  'confirm',
  'reason',
  'config',
  'tier',
  '__proto__',
  'constructor',
  'password',
  'role',
  'x',
];

function randomValue(r: () => number, depth = 0): unknown {
  const pick = Math.floor(r() * (depth > 3 ? 6 : 9));
  switch (pick) {
    case 0:
      return null;
    case 1:
      return r() < 0.5;
    case 2:
      return [0, -1, 1e308, -0, Number.MAX_SAFE_INTEGER + 2, 3.5][Math.floor(r() * 6)];
    case 3:
      return 'x'.repeat(Math.floor(r() * 300));
    case 4:
      return String.fromCharCode(...Array.from({ length: 8 }, () => Math.floor(r() * 0xffff)));
    case 5:
      return '';
    case 6:
      return Array.from({ length: Math.floor(r() * 4) }, () => randomValue(r, depth + 1));
    default: {
      const out: Record<string, unknown> = {};
      for (let i = Math.floor(r() * 4); i > 0; i--)
        out[KEYS[Math.floor(r() * KEYS.length)] ?? 'x'] = randomValue(r, depth + 1);
      return out;
    }
  }
}

function randomFrame(r: () => number): unknown {
  const method = r() < 0.8 ? methodNames[Math.floor(r() * methodNames.length)] : randomValue(r);
  const frame: Record<string, unknown> = {
    type: r() < 0.9 ? 'request' : randomValue(r),
    id: r() < 0.9 ? Math.floor(r() * 1e6) : randomValue(r),
    method,
  };
  // A frame with no params at all would be `{}` for the method: a real call, which is not what this test throws.
  frame.params = randomValue(r);
  if (
    frame.params === null ||
    (typeof frame.params === 'object' && Object.keys(frame.params as object).length === 0)
  )
    frame.params = 'junk';
  if (r() < 0.1) frame.extra = randomValue(r);
  return frame;
}

/** Text that is not a frame at all. */
function randomText(r: () => number): string {
  const kinds = [
    () => '{"type":"request","id":1,"method":"desk.info","params":',
    () => '['.repeat(50_000),
    () => '{"__proto__":{"polluted":true},"type":"request","id":2,"method":"auth.state","params":{}}',
    () => 'null',
    () => '"just a string"',
    () => String(Math.floor(r() * 1e9)),
    () => Buffer.from(Array.from({ length: 64 }, () => Math.floor(r() * 256))).toString('latin1'),
    () => JSON.stringify(randomFrame(r)),
  ];
  return kinds[Math.floor(r() * kinds.length)]?.() ?? '';
}

let desk: Awaited<ReturnType<typeof startDesk>>;
let bridge: WebBridge;

function snapshotState() {
  const db = new Database(join(desk.dataDir, 'journal.sqlite'), { readonly: true });
  try {
    return {
      // What the engine records of the plant itself (a comms alarm when the loaded machine answers late) is
      // not the fuzzer's doing; everything done on behalf of a connection is.
      journal: db
        .prepare("SELECT seq, type, actor_user, subject FROM journal WHERE actor_user != 'dutydesk'")
        .all(),
      accounts: db.prepare('SELECT user, role, disabled, failed_logins, locked_until FROM accounts').all(),
      config: readFileSync(desk.configPath, 'utf8'),
    };
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  desk = await startDesk({
    stations: 1,
    timeoutMs: 1000,
    access: {
      tokens: [
        { name: 'tv', role: 'wallboard', sha256: createHash('sha256').update('tv-token').digest('hex') },
      ],
    },
  });
  bridge = await startWebBridge({
    engine: desk.engine,
    host: '127.0.0.1',
    port: 0,
    token: null,
    rendererDir: null,
    log: quietLog,
  });
}, 30_000);

afterAll(async () => {
  await bridge?.close();
  await desk?.stop();
});

function connect(query = '') {
  return new Promise<WebSocket>((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${bridge.port}/api${query}`);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** The engine still answers a proper request on this socket. */
function stillAnswers(ws: WebSocket): Promise<boolean> {
  return new Promise((resolve) => {
    const id = 9_999_999;
    const onMessage = (data: WebSocket.RawData) => {
      const frame = JSON.parse(data.toString());
      if (frame.id === id) {
        ws.off('message', onMessage);
        resolve(frame.ok === true);
      }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ type: 'request', id, method: 'desk.info', params: {} }));
  });
}

describe('fuzzing the WebSocket bridge', () => {
  it(`survives ${ITERATIONS} malformed, oversized and random messages with no state change`, async () => {
    const before = snapshotState();
    const r = rng(SEED);
    let closedOversized = 0;
    for (let batch = 0; batch < ITERATIONS / 150; batch++) {
      const ws = await connect(batch % 2 ? '?token=tv-token' : '');
      ws.on('message', () => undefined);
      for (let i = 0; i < 150; i++) {
        const roll = r();
        if (roll < 0.1)
          ws.send(Buffer.from(Array.from({ length: Math.floor(r() * 512) }, () => Math.floor(r() * 256))), {
            binary: true,
          });
        else if (roll < 0.5) ws.send(randomText(r));
        else ws.send(JSON.stringify(randomFrame(r)));
      }
      // Paced so the rate limit lets the last proper request through.
      await new Promise((resolve) => setTimeout(resolve, 250));
      expect(await stillAnswers(ws)).toBe(true);
      if (batch === 3) {
        const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
        ws.send('x'.repeat(MAX_FRAME_BYTES + 1));
        closedOversized = await closed;
      } else ws.close();
    }
    expect(closedOversized).toBe(1009);
    const ws = await connect();
    expect(await stillAnswers(ws)).toBe(true);
    ws.close();
    expect(snapshotState()).toEqual(before);
  }, 60_000);
});

describe('fuzzing the Electron port channel (MessagePort stand-in)', () => {
  it(`answers ${ITERATIONS} random structured messages with refusals, and nothing changes`, async () => {
    const before = snapshotState();
    const { port1, port2 } = new MessageChannel();
    serveChannel(
      desk.engine,
      channelFromNodePort(port1),
      quietLog,
      desk.engine.connect({ via: 'local', loopback: true }),
    );
    const replies: { ok: boolean; id: unknown }[] = [];
    port2.on('message', (frame) => replies.push(frame));
    const r = rng(SEED ^ 0x5a5a);
    const odd = [
      undefined,
      new Map([[1, 2]]),
      new Uint8Array(16),
      new Date(0),
      Symbol.for('x').description,
      [[[[]]]],
      12n,
    ];
    for (let i = 0; i < ITERATIONS; i++) {
      const roll = r();
      port2.postMessage(
        roll < 0.1 ? odd[Math.floor(r() * odd.length)] : roll < 0.3 ? randomValue(r) : randomFrame(r),
      );
    }
    port2.postMessage({ type: 'request', id: 9_999_999, method: 'desk.info', params: {} });
    const start = Date.now();
    while (!replies.some((f) => f.id === 9_999_999) && Date.now() - start < 20_000) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(replies.find((f) => f.id === 9_999_999)?.ok).toBe(true);
    expect(replies.filter((f) => f.ok)).toHaveLength(1);
    expect(replies.length).toBe(ITERATIONS + 1);
    port2.close();
    expect(snapshotState()).toEqual(before);
  }, 60_000);
});
