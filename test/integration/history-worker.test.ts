import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryPort } from '../../electron/history/port';
import { HistoryStore } from '../../electron/history/store';
import { historyInWorker } from '../../electron/history/worker-client';
import { Journal } from '../../electron/store/journal';
import { startStore } from '../../electron/store/service';
import { HistoryQuery } from '../../shared/api/history';
import type { PointSample } from '../../shared/api/model';
import { bundleForNode } from '../helpers/bundle';
import { quietLog } from '../helpers/desk';

// Samples in 2031, after any retention cut-off the worker's own clock could make today.
const T0 = Date.UTC(2031, 5, 1, 2);
const retention = { rawDays: 14, minuteDays: 397, quarterHourDays: 1827 };

let workerDir: URL;
const open: HistoryPort[] = [];

beforeAll(async () => {
  const dir = await bundleForNode('store-workers-', {
    'history-worker': 'electron/history/worker.ts',
    'verify-worker': 'electron/store/verify-worker.ts',
  });
  workerDir = pathToFileURL(`${dir}/`);
}, 120_000);

afterEach(async () => {
  for (const port of open.splice(0)) await port.close();
});

function samples(n: number, from = T0): PointSample[] {
  return Array.from({ length: n }, (_, i) => ({
    deviceId: 'sx01-dc1',
    key: 'gun1.power',
    value: i % 120,
    quality: 'good' as const,
    ts: from + i * 1000,
  }));
}

/** Until the worker has written what it was given (it flushes about once a second). */
async function written(port: HistoryPort, rows: number): Promise<void> {
  for (let i = 0; i < 200 && port.status().rawRows < rows; i++) await new Promise((r) => setTimeout(r, 50));
  expect(port.status().rawRows).toBeGreaterThanOrEqual(rows);
}

const range = { deviceId: 'sx01-dc1', keys: ['gun1.power'], from: T0, to: T0 + 3_600_000, maxPoints: 5000 };

describe('telemetry history in a worker thread', () => {
  it('keeps what the engine records and answers queries, backups and a restart from it', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'dutydesk-hw-')), 'history.sqlite');
    const errors: string[] = [];
    const port = historyInWorker(
      new URL('history-worker.js', workerDir),
      { file, retention, statusEveryMs: 20 },
      (e) => errors.push(e),
    );
    port.record(samples(1800));
    await written(port, 1800);
    const result = await port.query(HistoryQuery.parse(range));
    expect(result.series[0]?.points).toHaveLength(1800);
    expect(result.series[0]?.points[119]).toMatchObject({ ts: T0 + 119_000, last: 119 });

    const copy = join(mkdtempSync(join(tmpdir(), 'dutydesk-hw-')), 'copy.sqlite');
    await port.backup(copy);
    const restored = HistoryStore.open(copy, { retention });
    expect(restored.query(HistoryQuery.parse(range)).series[0]?.points).toHaveLength(1800);
    restored.close();

    // Close writes what is still buffered: nothing recorded before it is lost.
    port.record(samples(600, T0 + 1_800_000));
    await port.close();
    const again = HistoryStore.open(file, { retention });
    expect(again.query(HistoryQuery.parse(range)).series[0]?.points).toHaveLength(2400);
    again.close();
    expect(errors).toEqual([]);
  });

  it('reports a file it cannot keep, refuses queries with the reason, and the caller runs on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dutydesk-hw-'));
    const notHistory = join(dir, 'journal.sqlite');
    Journal.open(notHistory).close();
    const errors: string[] = [];
    const port = historyInWorker(
      new URL('history-worker.js', workerDir),
      { file: notHistory, retention },
      (e) => errors.push(e),
    );
    open.push(port);
    await expect(port.query(HistoryQuery.parse(range))).rejects.toThrow(
      /telemetry history is not being kept/,
    );
    expect(port.status().error).toMatch(/telemetry history is not being kept/);
    expect(errors).toHaveLength(1);
    port.record(samples(10));
    await expect(port.backup(join(dir, 'b.sqlite'))).rejects.toThrow(/not being kept/);
  });

  it('runs history and the chain check off the engine thread when the store is given the workers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dutydesk-hw-'));
    const journal = Journal.open(join(dir, 'journal.sqlite'));
    journal.appendMany(
      Array.from({ length: 300 }, (_, i) => ({
        type: 't',
        subject: 's',
        data: { i },
        actor: { user: 'a', role: 'monitor' },
      })),
    );
    const store = startStore({
      journal,
      dir,
      retention,
      backup: {
        enabled: false,
        dir: 'backups',
        fullEveryHours: 24,
        incrementalEveryMinutes: 60,
        keepDays: 1827,
      },
      log: quietLog,
      emit: () => undefined,
      workerDir,
    });
    try {
      store.recordSamples(samples(120));
      let status = await store.api['store.status']({}, { user: 'a', role: 'monitor' });
      for (let i = 0; i < 200 && (status.history.rawRows < 120 || status.integrity.state !== 'ok'); i++) {
        await new Promise((r) => setTimeout(r, 50));
        status = await store.api['store.status']({}, { user: 'a', role: 'monitor' });
      }
      expect(status.integrity).toMatchObject({ state: 'ok', count: 300, from: 0 });
      expect(status.history).toMatchObject({ rawRows: 120, error: null });
      expect(await store.api['store.verify']({}, { user: 'a', role: 'monitor' })).toMatchObject({
        state: 'verifying',
        scope: 'full',
      });
    } finally {
      await store.stop();
      journal.close();
    }
  });
});
