import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ServerLink, ServerRefused } from '../../electron/sync/server-link';
import { eventHash } from '../../server/event-store';
import { canonicalJson } from '../../shared/journal/canonical-json';
import { POSTGRES_MISSING, postgresBinDir, postgresRequired } from '../helpers/postgres';
import {
  allEvents,
  backendForSuite,
  bundleChildren,
  cleanup,
  closedAfterEach,
  freePort,
  killed,
  type openDesk,
  sameJournal,
  serverEvents,
  spawnServer,
  type TestDesk,
} from '../helpers/sync-fixture';
import { until } from '../helpers/until';

// PGlite runs PostgreSQL inside WebAssembly: opening a cluster takes seconds on a busy machine.
vi.setConfig({ testTimeout: 90_000 });

const withPostgres = postgresBinDir() !== null;
const backends = withPostgres ? (['pglite', 'postgres'] as const) : (['pglite'] as const);

if (!withPostgres && !postgresRequired())
  console.warn(`sync tests: ${POSTGRES_MISSING}; running on PGlite only`);

describe.skipIf(withPostgres)('sync on postgres', () => {
  // Skipped (and named in the report) on a machine without PostgreSQL; in CI a missing PostgreSQL fails.
  it.skipIf(!postgresRequired())(`is not run: ${POSTGRES_MISSING}`, () => {
    expect.fail(`CI=true requires the PostgreSQL variants of the sync tests: ${POSTGRES_MISSING}`);
  });
});

let children: Awaited<ReturnType<typeof bundleChildren>>;
beforeAll(async () => {
  children = await bundleChildren();
}, 60_000);
afterAll(() => cleanup(children.outDir));

function expectSame(desk: TestDesk, remote: Parameters<typeof sameJournal>[1]) {
  const local = allEvents(desk.journal);
  const same = sameJournal(local, remote);
  expect(same.count).toEqual([local.length, local.length]);
  expect(same).toMatchObject({ ids: true, hashes: true, remoteChain: null, localChain: null });
}

describe.each(backends)('sync on %s', (backendName) => {
  const suite = backendForSuite(backendName);
  const opened = closedAfterEach();
  const desk = (name: string, options?: Parameters<typeof openDesk>[2]) =>
    opened.desk(suite.dir, `${name}-${Math.random().toString(36).slice(2, 8)}`, options);
  const server = opened.server;

  it('queues while the server is down, then delivers everything exactly once', async () => {
    const a = desk('a');
    const port = await freePort();
    a.append(120);
    const client = a.connect(`http://127.0.0.1:${port}`);
    client.start();
    await until(() => client.status().state === 'offline', 'the desk reports the server offline');
    // The journal does not wait for the server: appends go on and queue.
    a.append(80);
    await until(
      () => a.statuses.filter((s) => s.state === 'offline').length >= 1,
      'a few retries have failed',
    );
    expect(client.status()).toMatchObject({ state: 'offline', pending: 200, lastSuccessAt: null });
    expect(client.status().lastError).toMatch(/unreachable/);

    const s = await server(suite.backend.fresh(), [a], port);
    await until(
      () => client.status().pending === 0 && client.status().state === 'ok',
      'everything is acknowledged',
    );
    a.append(33);
    await client.syncNow();
    expect(client.status()).toMatchObject({ state: 'ok', pending: 0, lastError: null });
    expectSame(a, await serverEvents(s, a.journal.deskId));
  });

  it('syncs what was appended while a round was under way when asked during it', async () => {
    const a = desk('a');
    const s = await server(suite.backend.fresh(), [a]);
    a.append(30);
    const client = a.connect(s.url, { batchSize: 10 });
    const first = client.syncNow();
    // The round has begun (its first push is on the wire) and covers 30 events.
    a.append(25);
    const second = client.syncNow();
    expect(client.syncNow()).toBe(second);
    await first;
    expect(client.status().pending).toBe(25);
    await second;
    expect(client.status()).toMatchObject({ state: 'ok', pending: 0 });
    expectSame(a, await serverEvents(s, a.journal.deskId));
  });

  it('accepts the same batch twice without a copy, and refuses batches that do not extend the chain', async () => {
    const a = desk('a');
    const b = desk('b');
    const s = await server(suite.backend.fresh(), [a, b]);
    const linkA = new ServerLink({ url: s.url, token: a.token, timeoutMs: 5000 });
    const events = a.append(50);

    expect(await linkA.push(a.journal.deskId, events.slice(0, 30))).toMatchObject({
      stored: 30,
      duplicates: 0,
    });
    expect(await linkA.push(a.journal.deskId, events.slice(0, 30))).toMatchObject({
      stored: 0,
      duplicates: 30,
    });
    // Overlapping the stored part: the known half is checked, the rest stored.
    const overlap = await linkA.push(a.journal.deskId, events.slice(20, 50));
    expect(overlap).toMatchObject({ stored: 20, duplicates: 10, head: { seq: 50, hash: events[49]?.hash } });

    const more = a.append(10);
    const gap = await linkA.push(a.journal.deskId, more.slice(5)).catch((e: unknown) => e);
    expect(gap).toBeInstanceOf(ServerRefused);
    expect(gap).toMatchObject({ code: 'chain', head: { seq: 50 } });
    expect((gap as Error).message).toMatch(/does not follow seq 50/);

    // Same seq and hash claimed, different contents: refused before anything is looked up.
    const first = more[0];
    if (!first) throw new Error('no event');
    const forged = { ...first, data: { forged: true } };
    await expect(linkA.push(a.journal.deskId, [forged])).rejects.toMatchObject({ code: 'invalid' });
    // Contents and hash consistent, but not the record the server holds at that seq.
    const rewritten = { ...events[10], data: { rewritten: true } } as typeof first;
    rewritten.hash = eventHash(rewritten);
    await expect(linkA.push(a.journal.deskId, [rewritten])).rejects.toMatchObject({ code: 'conflict' });

    // A desk pushes only as itself.
    const bEvents = b.append(3);
    await expect(linkA.push(b.journal.deskId, bEvents)).rejects.toMatchObject({ code: 'forbidden' });
    const stranger = new ServerLink({ url: s.url, token: 'not-a-desk-token', timeoutMs: 5000 });
    await expect(stranger.push(a.journal.deskId, more)).rejects.toMatchObject({ code: 'unauthorized' });

    expect(await s.store.head(b.journal.deskId)).toMatchObject({ seq: 0 });
    const client = a.connect(s.url);
    await client.syncNow();
    expect(client.status()).toMatchObject({ state: 'ok', pending: 0 });
    expectSame(a, await serverEvents(s, a.journal.deskId));
  });

  it('resumes from the server head when the acknowledgement was lost', async () => {
    const a = desk('a');
    const s = await server(suite.backend.fresh(), [a]);
    const events = a.append(40);
    // Stored by the server, but the desk never saw the reply (its cursor stays at 0).
    await new ServerLink({ url: s.url, token: a.token, timeoutMs: 5000 }).push(
      a.journal.deskId,
      events.slice(0, 25),
    );
    const client = a.connect(s.url, { batchSize: 10 });
    await client.syncNow();
    expect(client.status()).toMatchObject({ state: 'ok', pending: 0 });
    expectSame(a, await serverEvents(s, a.journal.deskId));
  });

  it('syncs two desks at once; each receives the other, chains verified, in server order', async () => {
    const a = desk('a');
    // Desk b's clock is five hours behind: order comes from the server, not from timestamps.
    const b = desk('b', { journal: { now: () => Date.now() - 5 * 3600_000 } });
    const s = await server(suite.backend.fresh(), [a, b], 0, {
      shifts: ['08:00', '20:00'],
      preset: 'shaoxing',
    });
    const ca = a.connect(s.url, { batchSize: 37 });
    const cb = b.connect(s.url, { batchSize: 23 });
    ca.start();
    cb.start();
    for (let round = 0; round < 10; round++) {
      a.append(29, 'test.a');
      b.append(31, 'test.b');
      await new Promise((r) => setTimeout(r, 15));
    }
    await until(
      () =>
        ca.status().pending === 0 &&
        cb.status().pending === 0 &&
        ca.status().received === b.journal.count() &&
        cb.status().received === a.journal.count(),
      'both desks have everything',
    );
    expectSame(a, await serverEvents(s, a.journal.deskId));
    expectSame(b, await serverEvents(s, b.journal.deskId));
    expectSame(b, a.store.readInbound(b.journal.deskId));
    expect(b.store.readInbound(b.journal.deskId)).toHaveLength(0);
    expectSame(a, b.store.readInbound(a.journal.deskId));
    expect(ca.status().configRevision).toBe(1);
    expect(cb.status().configRevision).toBe(1);

    // b's events carry timestamps hours older than a's, yet arrive in the order the server stored them.
    const pulled = await new ServerLink({ url: s.url, token: a.token, timeoutMs: 5000 }).pull(0, 1000, 1);
    const gseqs = pulled.events.map((e) => e.gseq);
    expect(gseqs).toEqual([...gseqs].sort((x, y) => x - y));
    expect(pulled.events.every((e) => e.event.desk === b.journal.deskId)).toBe(true);
    const firstOfB = b.journal.read({ limit: 1 })[0];
    const lastOfA = a.journal.last();
    expect(firstOfB && lastOfA && firstOfB.ts < lastOfA.ts - 4 * 3600_000).toBe(true);
    expect(pulled.config).toBeNull();
  });

  it('loses nothing when the server process is killed while a batch is in flight', async () => {
    const a = desk('a');
    const port = await freePort();
    const data = suite.backend.fresh();
    // The server announces each batch inside its transaction and holds it there before committing.
    const hold = { DUTYDESK_SERVER_TEST_HOLD_PUSH_MS: '1500' };
    let child = await spawnServer(children.server, data, [a], port, hold);
    a.append(2500);
    const client = a.connect(child.url, {
      batchSize: 1000,
      retryBaseMs: 20,
      retryMaxMs: 100,
      timeoutMs: 30_000,
    });
    client.start();
    // The first batch commits after its hold; the kill lands while the second is written but not committed.
    await child.line(new RegExp(`push received desk ${a.journal.deskId} seq 1001-2000,`));
    await killed(child.child);
    await until(() => client.status().state === 'offline', 'the desk notices');
    expect(client.status().pending).toBe(1500);
    await client.stop();
    a.append(500);

    child = await spawnServer(children.server, data, [a], port);
    const head = await fetch(`${child.url}/v1/head`, { headers: { authorization: `Bearer ${a.token}` } });
    // Nothing of the interrupted batch is on the server: it was never committed.
    expect(await head.json()).toMatchObject({
      head: { seq: 1000, hash: a.journal.read({ afterSeq: 999 })[0]?.hash },
    });
    const again = a.connect(child.url, { batchSize: 1000 });
    await again.syncNow();
    expect(again.status()).toMatchObject({ state: 'ok', pending: 0 });
    await again.stop();
    await killed(child.child, 'SIGTERM');
    const check = await server(data, [a]);
    expectSame(a, await serverEvents(check, a.journal.deskId));
  }, 120_000);

  it('takes desks whose clocks are far ahead and far behind: exactly once, in desk order, stamped by the server', async () => {
    const DAY = 86_400_000;
    // The ahead desk's clock is a year fast until NTP steps it back mid-run; the other is three years slow.
    let aheadBy = 365 * DAY;
    const ahead = desk('ahead', { journal: { now: () => Date.now() + aheadBy } });
    const behind = desk('behind', { journal: { now: () => Date.now() - 3 * 365 * DAY } });
    // The server's own clock, in steps of its own, so every receive time can be traced to it.
    let serverNow = Date.UTC(2031, 0, 1);
    const serverTimes = new Set<number>();
    const s = await server(suite.backend.fresh(), [ahead, behind], 0, undefined, {
      now: () => {
        serverNow += 1000;
        serverTimes.add(serverNow);
        return serverNow;
      },
    });
    const ca = ahead.connect(s.url, { batchSize: 40 });
    const cb = behind.connect(s.url, { batchSize: 40 });
    for (let round = 0; round < 6; round++) {
      if (round === 3) aheadBy = -DAY;
      ahead.append(45, 'test.ahead');
      behind.append(35, 'test.behind');
      await Promise.all([ca.syncNow(), cb.syncNow()]);
    }
    // A second round each: everything is already there and nothing is stored twice.
    await Promise.all([ca.syncNow(), cb.syncNow()]);
    await Promise.all([ca.syncNow(), cb.syncNow()]);
    expect(ca.status()).toMatchObject({ state: 'ok', pending: 0, received: behind.journal.count() });
    expect(cb.status()).toMatchObject({ state: 'ok', pending: 0, received: ahead.journal.count() });

    const aheadEvents = allEvents(ahead.journal);
    // The desk's own timestamps went backwards when its clock was corrected; its seq did not.
    expect(aheadEvents.some((e, i) => i > 0 && e.ts < (aheadEvents[i - 1]?.ts ?? 0))).toBe(true);
    for (const d of [ahead, behind]) {
      const remote = await serverEvents(s, d.journal.deskId);
      expectSame(d, remote);
      const receipts = await s.store.receipts(d.journal.deskId, 0, 5000);
      expect(receipts.map((r) => r.seq)).toEqual(remote.map((e) => e.seq));
      // Stored in the desk's own seq order, whatever its clock said.
      expect(receipts.map((r) => r.gseq)).toEqual([...receipts.map((r) => r.gseq)].sort((x, y) => x - y));
      // Stamped with the server's clock, never the desk's.
      expect(receipts.every((r) => serverTimes.has(r.receivedAt))).toBe(true);
      expect(remote.some((e, i) => e.ts === receipts[i]?.receivedAt)).toBe(false);
    }
    // Each desk got the other's events once, in that desk's seq order.
    expectSame(behind, ahead.store.readInbound(behind.journal.deskId));
    expectSame(ahead, behind.store.readInbound(ahead.journal.deskId));
  });

  it('loses nothing when the desk process is killed mid-sync', async () => {
    const seed = desk('victim');
    const file = seed.journal.file;
    const registration = [seed];
    const s = await server(suite.backend.fresh(), registration);
    // The victim opens the same file in its own process; this process only watches.
    await opened.close(seed);
    const victim = spawn(process.execPath, [children.desk, file, s.url, seed.token], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    victim.stderr?.on('data', (chunk) => {
      stderr += chunk;
    });
    await until(
      async () => (await s.store.head(seed.registration.id)).seq >= 400 || victim.exitCode !== null,
      'the victim has synced a good part',
      30_000,
    );
    expect(stderr).toBe('');
    await killed(victim);

    const again = opened.desk(suite.dir, file.replace(/^.*\/(.*)\.sqlite$/, '$1'), { token: seed.token });
    expect(again.journal.deskId).toBe(seed.registration.id);
    expect(again.journal.verify()).toMatchObject({ ok: true });
    const client = again.connect(s.url, { batchSize: 1000 });
    await client.syncNow();
    expect(client.status()).toMatchObject({ state: 'ok', pending: 0 });
    expectSame(again, await serverEvents(s, again.journal.deskId));
  }, 60_000);

  it('refuses and keeps nothing of a pulled page whose chain does not verify', async () => {
    const a = desk('a');
    const b = desk('b');
    const s = await server(suite.backend.fresh(), [a, b]);
    b.append(5);
    const page = await s.store.pull(a.journal.deskId, { after: 0, limit: 100, configRevision: 0 });
    await new ServerLink({ url: s.url, token: b.token, timeoutMs: 5000 }).push(
      b.journal.deskId,
      b.journal.read(),
    );
    const good = await s.store.pull(a.journal.deskId, { after: 0, limit: 100, configRevision: 0 });
    expect(page.events).toHaveLength(0);
    expect(good.events).toHaveLength(5);
    const tampered = structuredClone(good);
    const third = tampered.events[2];
    if (!third) throw new Error('no third event');
    third.event.data = { tampered: canonicalJson({ at: 3 }) };
    expect(() => a.store.ingest(tampered)).toThrow(/seq 3 .*hash does not match/);
    expect(a.store.received()).toBe(0);
    expect(a.store.cursor('pulled_gseq')).toBe(0);
    expect(a.store.ingest(good)).toBe(5);
    expect(a.store.ingest(good)).toBe(0);
    expectSame(b, a.store.readInbound(b.journal.deskId));
  });
});
