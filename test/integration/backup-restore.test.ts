import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { takeFullBackup } from '../../electron/backup/full';
import { takeIncrementalBackup } from '../../electron/backup/incremental';
import { fileSha256, scanBackups } from '../../electron/backup/layout';
import { RestoreError, restore } from '../../electron/backup/restore';
import { BackupScheduler } from '../../electron/backup/scheduler';
import { HistoryStore } from '../../electron/history/store';
import { createLogger } from '../../electron/log/logger';
import { Journal } from '../../electron/store/journal';
import type { JournalInput } from '../../shared/journal/event';
import { bundleForNode } from '../helpers/bundle';

const root = resolve(import.meta.dirname, '../..');
const quiet = createLogger('test', () => {});
const retention = { rawDays: 14, minuteDays: 397, quarterHourDays: 1827 };
const actor = { user: 'zhang.wei', role: 'monitor' };

const event = (i: number): JournalInput => ({
  type: 'alarm.acked',
  subject: `sx${String(i % 12).padStart(2, '0')}-dc1:insulation`,
  data: { n: i, note: '绝缘故障 已确认', nested: { tier: 'emergency', at: [i, i + 1] } },
  reason: i % 3 === 0 ? null : '现场确认',
  actor,
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dutydesk-backup-'));
});

function allEvents(journal: Journal) {
  const out = [];
  for (let after = 0; ; ) {
    const page = journal.read({ afterSeq: after, limit: 1000 });
    if (page.length === 0) return out;
    out.push(...page);
    after = page[page.length - 1]?.seq ?? after;
  }
}

describe('backup and restore', () => {
  it('restores the newest full backup plus the increments after it, chain and hashes identical', async () => {
    const data = join(dir, 'desk');
    mkdirSync(data);
    const journal = Journal.open(join(data, 'journal.sqlite'));
    const history = HistoryStore.open(join(data, 'history.sqlite'), { retention });
    const backups = join(dir, 'backups');
    try {
      journal.appendMany(Array.from({ length: 250 }, (_, i) => event(i)));
      history.record([{ deviceId: 'sx01-dc1', key: 'power', value: 42.5, quality: 'good', ts: Date.now() }]);
      const first = await takeFullBackup(journal, history, backups, Date.now());
      expect(first.manifest.journal.lastSeq).toBe(250);
      journal.appendMany(Array.from({ length: 40 }, (_, i) => event(300 + i)));
      expect(await takeIncrementalBackup(journal, backups, 250)).toMatchObject({ fromSeq: 251, toSeq: 290 });
      journal.append(event(999));
      expect(await takeIncrementalBackup(journal, backups, 290)).toMatchObject({ fromSeq: 291, toSeq: 291 });
      expect(await takeIncrementalBackup(journal, backups, 291)).toBeNull();
    } finally {
      history.close();
    }

    const target = join(dir, 'restored');
    const report = await restore({ from: backups, data: target });
    expect(report).toMatchObject({ events: 291, lastSeq: 291, history: true, movedAside: null });
    expect(report.incrementals).toHaveLength(2);

    const copy = Journal.open(join(target, 'journal.sqlite'));
    try {
      expect(copy.verify()).toEqual({ ok: true, count: 291 });
      expect(copy.deskId).toBe(journal.deskId);
      expect(allEvents(copy)).toEqual(allEvents(journal));
    } finally {
      copy.close();
      journal.close();
    }
    const restoredHistory = HistoryStore.open(join(target, 'history.sqlite'), { retention });
    try {
      const now = Date.now();
      const series = restoredHistory.query({
        deviceId: 'sx01-dc1',
        keys: ['power'],
        from: now - 60_000,
        to: now + 1,
        maxPoints: 100,
      }).series[0];
      expect(series?.points.map((p) => p.last)).toEqual([42.5]);
    } finally {
      restoredHistory.close();
    }
    expect(readdirSync(target).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('copies, hashes and writes increments in the built backup worker while appends go on: one consistent moment, restored whole', async () => {
    const workers = await bundleForNode('backup-worker-', {
      'backup-worker': 'electron/backup/worker.ts',
    });
    const journal = Journal.open(join(dir, 'journal.sqlite'));
    const backups = join(dir, 'backups');
    try {
      for (let i = 0; i < 20; i++)
        journal.appendMany(Array.from({ length: 500 }, (_, j) => event(i * 500 + j)));
      let appended = 0;
      const appending = setInterval(() => {
        journal.append(event(50_000 + appended++));
      }, 1);
      const { manifest } = await takeFullBackup(
        journal,
        null,
        backups,
        Date.now(),
        new URL('backup-worker.js', pathToFileURL(`${workers}/`)),
      ).finally(() => clearInterval(appending));
      expect(manifest.journal.lastSeq).toBeGreaterThanOrEqual(10_000);
      expect(manifest.journal.lastHash).toBe(journal.pointAt(manifest.journal.lastSeq)?.hash);
      const full = scanBackups(backups).fulls[0]?.dir ?? '';
      expect(manifest.journal.sha256).toBe(await fileSha256(join(full, 'journal.sqlite')));
      journal.appendMany(Array.from({ length: 1_200 }, (_, i) => event(60_000 + i)));
      // The increment is read and written by the worker: this thread's connection reads no event for it.
      const reads = vi.spyOn(journal, 'read');
      const written = await takeIncrementalBackup(
        journal,
        backups,
        manifest.journal.lastSeq,
        new URL('backup-worker.js', pathToFileURL(`${workers}/`)),
      );
      expect(reads).not.toHaveBeenCalled();
      reads.mockRestore();
      expect(written).toMatchObject({ fromSeq: manifest.journal.lastSeq + 1, toSeq: journal.count() });
      const lines = readFileSync(written?.file ?? '', 'utf8')
        .trimEnd()
        .split('\n');
      expect(lines.map((line) => JSON.parse(line))).toEqual(
        allEvents(journal).filter((e) => e.seq > manifest.journal.lastSeq),
      );
      const report = await restore({ from: backups, data: join(dir, 'restored') });
      expect(report).toMatchObject({ events: journal.count(), lastHash: journal.last()?.hash });
    } finally {
      journal.close();
    }
    await expect(
      takeFullBackup(
        Journal.open(join(dir, 'restored', 'journal.sqlite')),
        null,
        join(dir, 'missing'),
        0,
        join(dir, 'no-such-worker.js'),
      ),
    ).rejects.toThrow();
  }, 120_000);

  it('writes an increment on this thread a page per turn of the event loop, never in one go', async () => {
    const journal = Journal.open(join(dir, 'journal.sqlite'));
    try {
      journal.appendMany(Array.from({ length: 1_000 }, (_, i) => event(i)));
      // Counts the pages read and the turns other work had while the increment was written.
      const pages = vi.spyOn(journal, 'read');
      let turns = 0;
      let writing = true;
      const other = () => {
        turns++;
        if (writing) setImmediate(other);
      };
      setImmediate(other);
      const written = await takeIncrementalBackup(journal, join(dir, 'backups'), 0);
      writing = false;
      expect(written).toMatchObject({ fromSeq: 1, toSeq: 1_000 });
      expect(pages.mock.calls.length).toBeGreaterThanOrEqual(5);
      for (const [query] of pages.mock.calls) expect(query?.limit).toBeLessThanOrEqual(200);
      expect(turns).toBeGreaterThanOrEqual(pages.mock.calls.length - 1);
      expect(
        readFileSync(written?.file ?? '', 'utf8')
          .trimEnd()
          .split('\n'),
      ).toHaveLength(1_000);
    } finally {
      journal.close();
    }
  });

  it('refuses a data folder that is not empty, and with force moves its contents aside', async () => {
    const journal = Journal.open(join(dir, 'journal.sqlite'));
    journal.appendMany([event(1), event(2)]);
    const backups = join(dir, 'backups');
    await takeFullBackup(journal, null, backups, Date.now());
    journal.close();
    const target = join(dir, 'busy');
    mkdirSync(target);
    writeFileSync(join(target, 'journal.sqlite'), 'the desk that is running here');
    await expect(restore({ from: backups, data: target })).rejects.toThrow(
      /is not empty \(journal\.sqlite\).*--force/,
    );
    expect(readFileSync(join(target, 'journal.sqlite'), 'utf8')).toBe('the desk that is running here');

    const report = await restore({ from: backups, data: target, force: true });
    expect(report.events).toBe(2);
    expect(readFileSync(join(report.movedAside ?? '', 'journal.sqlite'), 'utf8')).toBe(
      'the desk that is running here',
    );
  });

  it('restores in place from the default backup folder inside the data folder, leaving the backups where they are', async () => {
    const data = join(dir, 'desk');
    mkdirSync(data);
    const journal = Journal.open(join(data, 'journal.sqlite'));
    journal.appendMany([event(1), event(2), event(3)]);
    const backups = join(data, 'backups');
    await takeFullBackup(journal, null, backups, Date.now());
    journal.append(event(4));
    await takeIncrementalBackup(journal, backups, 3);
    journal.close();
    const report = await restore({ from: backups, data, force: true });
    expect(report.events).toBe(4);
    expect(scanBackups(backups).fulls).toHaveLength(1);
    expect(readdirSync(report.movedAside ?? '').sort()).toEqual(['journal.sqlite']);
  });

  it('refuses a backup folder whose manifest is damaged, naming the file', async () => {
    const journal = Journal.open(join(dir, 'journal.sqlite'));
    const backups = join(dir, 'backups');
    const { dir: full } = await takeFullBackup(journal, null, backups, Date.now());
    journal.close();
    writeFileSync(join(full, 'manifest.json'), '{"format":"dutydesk-backup"');
    await expect(restore({ from: backups, data: join(dir, 'new') })).rejects.toThrow(
      new RegExp(`${full}/manifest.json: cannot be read`),
    );
  });

  it('stops at a gap between increments and at an altered event, writing nothing', async () => {
    const journal = Journal.open(join(dir, 'journal.sqlite'));
    const backups = join(dir, 'backups');
    journal.appendMany(Array.from({ length: 10 }, (_, i) => event(i)));
    await takeFullBackup(journal, null, backups, Date.now());
    journal.appendMany(Array.from({ length: 10 }, (_, i) => event(i)));
    const lost = await takeIncrementalBackup(journal, backups, 10);
    journal.appendMany(Array.from({ length: 10 }, (_, i) => event(i)));
    await takeIncrementalBackup(journal, backups, 20);
    journal.close();

    rmSync(lost?.file ?? '');
    const gap = join(dir, 'gap');
    await expect(restore({ from: backups, data: gap })).rejects.toThrow(
      'journal events 11–20 are in no backup',
    );
    expect(readdirSync(gap)).toEqual([]);

    // Replace the increments with one whose event 15 was edited after the fact.
    for (const { file } of scanBackups(backups).incrementals) rmSync(file);
    const original = Journal.open(join(dir, 'journal.sqlite'));
    const lines = original
      .read({ afterSeq: 10, limit: 20 })
      .map((e) => JSON.stringify(e.seq === 15 ? { ...e, data: { n: 'changed' } } : e));
    original.close();
    writeFileSync(join(backups, 'incr-000000000011-000000000030.ndjson'), `${lines.join('\n')}\n`);
    const tampered = join(dir, 'tampered');
    const error = await restore({ from: backups, data: tampered }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RestoreError);
    expect((error as Error).message).toMatch(/event seq 15 .*hash does not match/);
    expect(readdirSync(tampered)).toEqual([]);
  });

  it('the scheduler takes a full backup, then increments, and resumes from the folder after a restart', async () => {
    const journal = Journal.open(join(dir, 'journal.sqlite'));
    const backups = join(dir, 'backups');
    const changes: unknown[] = [];
    const schedule = {
      dir: backups,
      fullEveryMs: 86_400_000,
      incrementalEveryMs: 3_600_000,
      firstFullAfterMs: 60_000,
    };
    const scheduler = new BackupScheduler(schedule, {
      journal,
      history: null,
      log: quiet,
      onChange: (view) => changes.push(view),
    });
    scheduler.start();
    expect(scheduler.status().lastFullAt).toBeNull();
    journal.appendMany([event(1), event(2), event(3)]);
    await scheduler.incremental();
    expect(scheduler.status()).toMatchObject({ lastSeq: 3, lastError: null });
    expect(scheduler.status().lastFullAt).not.toBeNull();
    journal.append(event(4));
    await scheduler.incremental();
    expect(scheduler.status()).toMatchObject({ lastSeq: 4 });
    await scheduler.stop();
    expect(changes.length).toBeGreaterThan(0);

    const again = new BackupScheduler(schedule, { journal, history: null, log: quiet, onChange: () => {} });
    again.start();
    expect(again.status()).toMatchObject({ lastSeq: 4 });
    expect(again.status().nextIncrementalAt).not.toBeNull();
    await again.stop();
    journal.close();
  });

  it('reports a backup that fails, and clears the error after the next success', async () => {
    const journal = Journal.open(join(dir, 'journal.sqlite'));
    const blocked = join(dir, 'not-a-folder');
    writeFileSync(blocked, 'a file where the backup folder should be');
    const scheduler = new BackupScheduler(
      { dir: blocked, fullEveryMs: 86_400_000, incrementalEveryMs: 3_600_000, firstFullAfterMs: 60_000 },
      { journal, history: null, log: quiet, onChange: () => {} },
    );
    scheduler.start();
    await scheduler.full();
    expect(scheduler.status().lastError).toMatch(/not-a-folder/);
    expect(scheduler.status().lastFullAt).toBeNull();
    await scheduler.stop();
    journal.close();
  });
});

describe('npm run restore', () => {
  let outDir: string;
  beforeAll(async () => {
    outDir = await bundleForNode('restore-cli-', { restore: 'electron/backup/cli.ts' });
  });
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  const run = (...args: string[]) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
      const child = spawn(process.execPath, [join(outDir, 'restore.js'), ...args], { cwd: root });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => {
        stdout += d;
      });
      child.stderr.on('data', (d) => {
        stderr += d;
      });
      child.on('close', (code) => done({ code, stdout, stderr }));
    });

  it('restores from the command line and says what it did; refuses with status 1 and a reason', async () => {
    const journal = Journal.open(join(dir, 'journal.sqlite'));
    journal.appendMany(Array.from({ length: 30 }, (_, i) => event(i)));
    const backups = join(dir, 'backups');
    await takeFullBackup(journal, null, backups, Date.now());
    journal.append(event(31));
    await takeIncrementalBackup(journal, backups, 30);
    const last = journal.last();
    journal.close();

    const target = join(dir, 'restored');
    const ok = await run('--from', backups, '--data', target);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(`31 events, chain verified, last seq 31 hash ${last?.hash}`);

    const refused = await run('--from', backups, '--data', target);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^restore: .* is not empty/);

    const usage = await run('--from', backups);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--from and --data are both required');
  });
});
