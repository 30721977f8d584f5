import { afterAll, describe, expect, it, vi } from 'vitest';
import type { SyncServer } from '../../server/server';
import type { SyncStatus } from '../../shared/api/sync';
import { backendForSuite, freePort, openDesk, serve, type TestDesk } from '../helpers/sync-fixture';
import { until } from '../helpers/until';

// The sync client's retry schedule against a real closed port and a real server (PGlite) on it.
vi.setConfig({ testTimeout: 60_000 });

const BASE = 1000;
const MAX = 60_000;
const INTERVAL = 10_000;

/** The ceiling of the n-th retry after consecutive failures: base · 2^(n−1), capped. */
const ceiling = (n: number) => Math.min(MAX, BASE * 2 ** (n - 1));

describe('sync client backoff', () => {
  const suite = backendForSuite('pglite');
  const desks: TestDesk[] = [];
  const servers: SyncServer[] = [];

  afterAll(async () => {
    for (const d of desks) await d.close();
    for (const s of servers) await s.close();
  });

  const desk = (name: string) => {
    const d = openDesk(suite.dir, `${name}-${Math.random().toString(36).slice(2, 8)}`);
    desks.push(d);
    return d;
  };

  /**
   * Rounds are run by hand (syncNow) under a clock that stands still, so the
   * delay each failure schedules is nextAttemptAt − now exactly; the base is
   * long enough that no scheduled retry fires during the test.
   */
  function manual(d: TestDesk, url: string, random: () => number) {
    const at = 1_800_000_000_000;
    const client = d.connect(url, {
      intervalMs: INTERVAL,
      retryBaseMs: BASE,
      retryMaxMs: MAX,
      random,
      now: () => at,
    });
    const delay = () => (client.status().nextAttemptAt ?? Number.NaN) - at;
    return { client, delay };
  }

  it('doubles from the base up to the cap, each delay between half and all of its ceiling', async () => {
    const port = await freePort();
    const low = manual(desk('low'), `http://127.0.0.1:${port}`, () => 0);
    const high = manual(desk('high'), `http://127.0.0.1:${port}`, () => 1 - Number.EPSILON);
    const lows: number[] = [];
    const highs: number[] = [];
    for (let n = 1; n <= 9; n++) {
      await low.client.syncNow();
      await high.client.syncNow();
      expect(low.client.status().state).toBe('offline');
      lows.push(low.delay());
      highs.push(high.delay());
    }
    expect(lows).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => ceiling(n) / 2));
    expect(highs).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => ceiling(n)));
    // Past the cap it stays there: 2^n never runs away.
    expect(Math.max(...highs)).toBe(MAX);
    expect(lows.slice(-3)).toEqual([MAX / 2, MAX / 2, MAX / 2]);
    await low.client.stop();
    await high.client.stop();
  });

  it('spreads retries over the jitter range, so desks that lost the server together do not return together', async () => {
    const port = await freePort();
    // A seeded sequence of draws in [0, 1): the delays must follow them, inside the range.
    let seed = 42;
    const draws: number[] = [];
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      const r = seed / 2 ** 31;
      draws.push(r);
      return r;
    };
    const { client, delay } = manual(desk('jitter'), `http://127.0.0.1:${port}`, random);
    const delays: number[] = [];
    for (let n = 1; n <= 30; n++) {
      await client.syncNow();
      const d = delay();
      const top = ceiling(n);
      expect(d).toBeGreaterThanOrEqual(top / 2);
      expect(d).toBeLessThanOrEqual(top);
      expect(d).toBe(Math.round(top / 2 + ((draws.at(-1) ?? 0) * top) / 2));
      delays.push(d);
    }
    // At the cap the delays differ from one another (24 failures there, all in [30 s, 60 s]).
    const capped = delays.slice(6);
    expect(new Set(capped).size).toBeGreaterThan(capped.length / 2);
    expect(Math.min(...capped)).toBeLessThan(MAX * 0.65);
    expect(Math.max(...capped)).toBeGreaterThan(MAX * 0.85);
    await client.stop();
  });

  it('returns to the normal interval after a success and starts again from the base after the next failure', async () => {
    const port = await freePort();
    const d = desk('reset');
    const { client, delay } = manual(d, `http://127.0.0.1:${port}`, () => 0.5);
    d.append(20);
    for (let n = 1; n <= 8; n++) await client.syncNow();
    expect(delay()).toBe(Math.round(MAX * 0.75));
    expect(client.status()).toMatchObject({ state: 'offline', pending: 20 });

    const server = await serve(suite.backend.fresh(), [d], port);
    await client.syncNow();
    expect(client.status()).toMatchObject({ state: 'ok', pending: 0, lastError: null });
    expect(delay()).toBe(INTERVAL);
    await server.close();

    d.append(5);
    await client.syncNow();
    expect(client.status()).toMatchObject({ state: 'offline', pending: 5 });
    // The first failure after a success waits about the base, not the cap it had reached before.
    expect(delay()).toBe(Math.round(BASE * 0.75));
    await client.stop();
  });

  it('picks up a server that comes back at the next planned retry, without a restart', async () => {
    const port = await freePort();
    const d = desk('back');
    const retryMaxMs = 400;
    // Each status with the clock reading its retry was planned from, so every planned delay is known exactly.
    let lastNow = 0;
    const seen: { status: SyncStatus; plannedFrom: number }[] = [];
    const client = d.connect(`http://127.0.0.1:${port}`, {
      intervalMs: INTERVAL,
      retryBaseMs: 50,
      retryMaxMs,
      now: () => {
        lastNow = Date.now();
        return lastNow;
      },
      onChange: (status) => seen.push({ status, plannedFrom: lastNow }),
    });
    d.append(30);
    client.start();
    await until(
      () => seen.filter((s) => s.status.state === 'offline').length >= 5,
      'several retries have failed',
    );
    const server = await serve(suite.backend.fresh(), [d], port);
    servers.push(server);
    const upAt = Date.now();
    await until(() => client.status().state === 'ok', 'the desk is back in sync');
    expect(client.status().pending).toBe(0);

    // One entry per round: its start, and how it ended.
    const byStart = new Map<number, (typeof seen)[number]>();
    for (const entry of seen) byStart.set(entry.status.lastAttemptAt ?? 0, entry);
    const rounds = [...byStart].map(([startedAt, end]) => ({ startedAt, ...end }));
    const failed = rounds.filter((r) => r.status.state === 'offline');
    const first = rounds.findIndex((r) => r.status.state === 'ok');
    const success = rounds[first];
    const before = rounds[first - 1];
    if (!success || !before) throw new Error('no failed round before the success');
    // Every retry while the server was away was planned within the cap.
    for (const r of failed)
      expect((r.status.nextAttemptAt ?? 0) - r.plannedFrom).toBeLessThanOrEqual(retryMaxMs);
    // The round that got through is the retry the last failure planned, and the first round after the server returned.
    expect(before.status.state).toBe('offline');
    expect(before.startedAt).toBeLessThanOrEqual(upAt);
    expect(success.startedAt).toBeGreaterThanOrEqual(before.status.nextAttemptAt ?? Number.POSITIVE_INFINITY);
    expect(failed.every((r) => r.startedAt <= upAt)).toBe(true);
    await client.stop();
  });
});
