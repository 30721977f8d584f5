import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { channelFromNodePort } from '../../electron/bridge/port-channel';
import { serveChannel } from '../../electron/bridge/serve-channel';
import type { WebBridge } from '../../electron/bridge/web';
import { type MethodName, methodNames, methods } from '../../shared/api/contract';
import { MAX_FRAME_BYTES } from '../../shared/api/frames';
import { mulberry32 } from '../../sim/random';
import { loopbackBridge } from '../helpers/bridge';
import { ContractClient, quietLog, startDesk, TEST_ADMIN } from '../helpers/desk';

/**
 * Malformed, oversized and random messages at both ways into the engine,
 * from connections that hold no right to change anything (signed out, a
 * wallboard token): the engine keeps answering and nothing changes.
 * Seeded, so a failure replays exactly.
 */
const ITERATIONS = 1500;
const SEED = 0x8badf00d;

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
  bridge = await loopbackBridge(desk.engine);
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
    const r = mulberry32(SEED);
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

/** The engine serving one end of a MessageChannel, as the preload's port; the test holds the other end. */
function servedPort() {
  const { port1, port2 } = new MessageChannel();
  serveChannel(
    desk.engine,
    channelFromNodePort(port1),
    quietLog,
    desk.engine.connect({ via: 'local', loopback: true }),
  );
  return port2;
}

describe('fuzzing the Electron port channel (MessagePort stand-in)', () => {
  it(`answers ${ITERATIONS} random structured messages with refusals, and nothing changes`, async () => {
    const before = snapshotState();
    const port2 = servedPort();
    // The desk may push an event to every connection meanwhile (a clock or fleet change); only replies are counted.
    const frames: { type: string; ok: boolean; id: unknown }[] = [];
    port2.on('message', (frame) => frames.push(frame));
    const replies = () => frames.filter((f) => f.type === 'reply');
    const r = mulberry32(SEED ^ 0x5a5a);
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
    while (!replies().some((f) => f.id === 9_999_999) && Date.now() - start < 20_000) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(replies().find((f) => f.id === 9_999_999)?.ok).toBe(true);
    expect(replies().filter((f) => f.ok)).toHaveLength(1);
    expect(replies().length).toBe(ITERATIONS + 1);
    expect(frames.filter((f) => f.type !== 'reply' && f.type !== 'event')).toEqual([]);
    port2.close();
    expect(snapshotState()).toEqual(before);
  }, 60_000);
});

/** A WebSocket with the contract client on it, for the tests below that act before or after the fuzzing. */
async function clientOn(query = '') {
  const ws = await connect(query);
  const client = new ContractClient(
    (frame) => ws.send(JSON.stringify(frame)),
    (listener) => ws.on('message', (data) => listener(JSON.parse(data.toString()))),
  );
  return { ws, client };
}

/** What operators made of alarms and work orders, without what the clock or the plant moves on its own. */
async function operatorState(client: ContractClient) {
  const timeless = (value: unknown): unknown =>
    JSON.parse(JSON.stringify(value, (key, v) => (key === 'remainingMs' ? undefined : v)));
  const { alarms } = await client.request('alarms.list', {});
  const { workOrders } = await client.request('workorders.list', {});
  const { applications } = await client.request('applications.list', {});
  return timeless({
    alarms: alarms
      .map((a) => ({
        id: a.id,
        acked: a.ackedBy,
        shelf: a.shelf,
        tier: a.tier,
        tierChanges: a.tierChanges,
        workOrderIds: a.workOrderIds,
        outOfService: a.outOfService,
      }))
      .sort((a, b) => a.id.localeCompare(b.id)),
    workOrders,
    applications,
  });
}

describe('fuzzing the WebSocket bridge as a signed-in admin', () => {
  it(`refuses ${ITERATIONS} calls with schema-invalid params as bad-params, and no state changes`, async () => {
    const setup = await clientOn();
    await setup.client.request('auth.login', TEST_ADMIN);
    // Something to lose: an acknowledged alarm with a work order on it.
    const dc = desk.config.devices.find((d) => d.profile === 'dc-120kw-dual');
    if (!dc) throw new Error('no DC charger in the fleet');
    const alarmId = `${dc.id}:insulationFault`;
    desk.fleet.anomaly(dc.id, 'insulation-fault');
    const end = Date.now() + 10_000;
    while (!(await setup.client.request('alarms.list', {})).alarms.some((a) => a.id === alarmId)) {
      if (Date.now() > end) throw new Error('the insulation fault raised no alarm');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await setup.client.request('alarm.ack', { id: alarmId });
    await setup.client.request('workorder.create', { alarmIds: [alarmId], title: 'insulation check' });

    const before = { journal: snapshotState(), operators: await operatorState(setup.client) };
    const r = mulberry32(SEED ^ 0xad);
    const codes = new Map<string, number>();
    for (let batch = 0; batch < ITERATIONS / 150; batch++) {
      const { ws, client } = await clientOn();
      await client.request('auth.login', TEST_ADMIN);
      const replies: Promise<void>[] = [];
      for (let i = 0; i < 150; i++) {
        const method = methodNames[Math.floor(r() * methodNames.length)] as MethodName;
        // As the engine receives it: JSON drops what a "__proto__" key hung on the prototype, which zod would see.
        const wire = () => JSON.parse(JSON.stringify(randomValue(r) ?? null));
        let params = wire();
        // Only params the method's schema refuses: this test is about what gets past the role check.
        while (methods[method].params.safeParse(params ?? {}).success) params = wire();
        replies.push(
          client.raw({ type: 'request', id: batch * 1000 + i, method, params }).then((reply) => {
            const code = reply.ok ? 'ok' : reply.error.code;
            codes.set(code, (codes.get(code) ?? 0) + 1);
          }),
        );
      }
      await Promise.all(replies);
      ws.close();
    }
    expect(Object.fromEntries(codes)).toEqual({ 'bad-params': ITERATIONS });
    expect(await operatorState(setup.client)).toEqual(before.operators);
    // Sign-ins are the fuzzer's own doing; nothing else may have been journalled on its behalf.
    const journalAfter = snapshotState();
    expect({
      ...journalAfter,
      journal: journalAfter.journal.filter(
        (row) => !String((row as { type: string }).type).startsWith('auth.'),
      ),
    }).toEqual({
      ...before.journal,
      journal: before.journal.journal.filter(
        (row) => !String((row as { type: string }).type).startsWith('auth.'),
      ),
    });
    desk.fleet.clearAnomaly(dc.id, 'insulation-fault');
    setup.ws.close();
  }, 60_000);
});

describe('bridge limits', () => {
  it('more than the burst of 200 frames at once: the excess is refused as unavailable, the connection stays', async () => {
    const { ws, client } = await clientOn();
    const sent = 320;
    const replies: { ok: boolean; code?: string; message?: string }[] = [];
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString());
      if (frame.type === 'reply')
        replies.push({ ok: frame.ok, code: frame.error?.code, message: frame.error?.message });
    });
    for (let i = 0; i < sent; i++)
      ws.send(JSON.stringify({ type: 'request', id: i, method: 'desk.info', params: {} }));
    await client.waitFor(() => (replies.length >= sent ? true : undefined));
    const refused = replies.filter((f) => !f.ok);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((f) => f.code === 'unavailable' && /too many requests/.test(f.message ?? ''))).toBe(
      true,
    );
    expect(replies.filter((f) => f.ok).length).toBeGreaterThanOrEqual(200);
    // Tokens come back at 50 a second: after a pause the same socket is served again.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(ws.readyState).toBe(WebSocket.OPEN);
    expect((await client.request('desk.info', {})).product).toBe('DutyDesk');
    ws.close();
  });

  it('an oversized structured message on the Electron port is refused unread, and the port stays', async () => {
    const port2 = servedPort();
    const client = new ContractClient(
      (frame) => port2.postMessage(frame),
      (listener) => port2.on('message', listener),
    );
    const big = await client.raw({
      type: 'request',
      id: 41,
      method: 'handover.search',
      params: { text: 'x', padding: Array.from({ length: 2000 }, () => 'y'.repeat(1000)) },
    });
    expect(big).toMatchObject({
      id: 41,
      ok: false,
      error: { code: 'bad-frame', message: /larger than 1048576 bytes/ },
    });
    const cyclic: Record<string, unknown> = { type: 'request', id: 42, method: 'desk.info' };
    cyclic.params = { self: cyclic };
    expect(await client.raw(cyclic)).toMatchObject({ id: 42, ok: false, error: { code: 'bad-frame' } });
    expect((await client.request('desk.info', {})).product).toBe('DutyDesk');
    port2.close();
  });

  // Last: it changes the configuration the tests above compare against.
  it('a connection whose token is revoked gets no more events and is closed', async () => {
    const tv = await clientOn('?token=tv-token');
    await tv.client.waitFor(() => (tv.client.deltas.length > 0 ? true : undefined));
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      tv.ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    const admin = await clientOn();
    await admin.client.request('auth.login', TEST_ADMIN);
    const { config } = await admin.client.request('config.get', {});
    await admin.client.request('config.update', {
      config: { ...config, access: { ...config.access, tokens: [] } },
      reason: 'the lobby TV was stolen',
    });
    expect(await closed).toEqual({ code: 1008, reason: 'token no longer valid' });
    // Pushed just after the new configuration (without the token) took effect: it must not have reached the TV.
    expect(admin.client.events.some((e) => e.event === 'fleet.changed')).toBe(true);
    expect(tv.client.events.some((e) => e.event === 'fleet.changed')).toBe(false);
    await expect(connect('?token=tv-token')).rejects.toThrow(/401/);
    admin.ws.close();
  });
});
