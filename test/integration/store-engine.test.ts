import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../electron/engine/engine';
import { Journal } from '../../electron/store/journal';
import { HistoryResult } from '../../shared/api/history';
import { StoreStatus } from '../../shared/api/store';
import type { Session } from '../../shared/auth/roles';
import { type StartedDesk, startDesk } from '../helpers/desk';

const monitor: Session = { user: 'zhang.wei', role: 'monitor' };
const actor = { user: 'zhang.wei', role: 'monitor' };

let running: StartedDesk | null = null;
afterEach(async () => {
  await running?.stop();
  running = null;
});

async function start(dataDir: string): Promise<Engine> {
  running = await startDesk({ seed: 7, stations: 1, dataDir });
  return running.engine;
}

async function settled(desk: Engine): Promise<StoreStatus> {
  for (;;) {
    const status = StoreStatus.parse(await desk.api['store.status']({}, monitor));
    if (status.integrity.state !== 'pending' && status.integrity.state !== 'verifying') return status;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the store at engine start', () => {
  it('runs without telemetry history when its file is damaged, and says so', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dutydesk-store-'));
    writeFileSync(
      join(dataDir, 'history.sqlite'),
      'not a database, but long enough to look like one '.repeat(100),
    );
    const desk = await start(dataDir);
    const status = await settled(desk);
    expect(status.history.error).toMatch(/history\.sqlite/);
    expect(status.integrity.state).toBe('ok');
    await expect(
      desk.api['history.query'](
        { deviceId: 'sx01-dc1', keys: ['gun1.voltage'], from: 0, to: 1, maxPoints: 10 },
        monitor,
      ),
    ).rejects.toThrow(/telemetry history is not being kept/);
  });

  it('verifies the journal chain in the background and reports it intact', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dutydesk-store-'));
    mkdirSync(dataDir, { recursive: true });
    const journal = Journal.open(join(dataDir, 'journal.sqlite'));
    journal.appendMany(
      Array.from({ length: 12_000 }, (_, i) => ({ type: 't', subject: 's', data: { i }, actor })),
    );
    journal.close();
    const desk = await start(dataDir);
    const status = await settled(desk);
    expect(status.integrity).toMatchObject({ state: 'ok' });
    expect(status.integrity.state === 'ok' && status.integrity.count).toBeGreaterThanOrEqual(12_000);
    expect(status.journal.events).toBeGreaterThanOrEqual(12_000);
    expect(status.backup.dir).toBe(join(dataDir, 'backups'));
    expect(status.backup.nextFullAt).not.toBeNull();
  });

  it('reports a broken chain with the first broken seq, loudly, and leaves the journal as found', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dutydesk-store-'));
    const file = join(dataDir, 'journal.sqlite');
    const journal = Journal.open(file);
    journal.appendMany(
      Array.from({ length: 50 }, (_, i) => ({ type: 't', subject: 's', data: { i }, actor })),
    );
    journal.close();
    const raw = new Database(file);
    raw.exec('DROP TRIGGER journal_no_update');
    raw.prepare('UPDATE journal SET data = ? WHERE seq = 17').run('{"i":1700}');
    raw.close();

    const desk = await start(dataDir);
    const events: { event: string; data: unknown }[] = [];
    desk.subscribe((frame) => {
      if (frame.type === 'event') events.push({ event: frame.event, data: frame.data });
    });
    const status = await settled(desk);
    expect(status.integrity).toMatchObject({ state: 'broken', brokenAt: 17 });
    expect(status.integrity.state === 'broken' && status.integrity.reason).toMatch(/hash does not match/);
    const check = new Database(file, { readonly: true });
    expect(check.prepare('SELECT data FROM journal WHERE seq = 17').pluck().get()).toBe('{"i":1700}');
    check.close();
    // The desk keeps running: telemetry history fills and can be queried.
    const device = running?.config.devices.find((d) => d.profile === 'dc-120kw-dual')?.id ?? '';
    let result: HistoryResult | null = null;
    for (let tries = 0; tries < 100; tries++) {
      await new Promise((r) => setTimeout(r, 100));
      const now = Date.now();
      result = HistoryResult.parse(
        await desk.api['history.query'](
          { deviceId: device, keys: ['gun1.voltage'], from: now - 60_000, to: now + 1000, maxPoints: 500 },
          monitor,
        ),
      );
      if ((result.series[0]?.points.length ?? 0) > 0) break;
    }
    expect(result?.series[0]?.points.length).toBeGreaterThan(0);
    expect(events.some((e) => e.event === 'store.changed')).toBe(true);
  });
});
