import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { takeFullBackup } from '../electron/backup/full';
import { takeIncrementalBackup } from '../electron/backup/incremental';
import { fileSha256 } from '../electron/backup/layout';
import { restore } from '../electron/backup/restore';
import { openDatabase } from '../electron/store/database';
import { eventHash } from '../electron/store/hash';
import { Journal } from '../electron/store/journal';
import { MIGRATIONS } from '../electron/store/migrations';
import { canonicalJson } from '../shared/journal/canonical-json';
import { GENESIS_HASH } from '../shared/journal/event';
import { uuidv7 } from '../shared/journal/uuidv7';
import { fillJournal, syntheticEvent } from './journal-fill';

/**
 * Millions of records (issue 16): a journal of more than ten million
 * events as a schema-3 build wrote it (text ids and hashes, the desk and
 * previous hash in every row, indexes on type, subject and time, the chain
 * trigger), opened by this build, which upgrades it in place (3 → 4 → 5);
 * then a full backup, an incremental backup of the events appended after
 * it, and a restore of both into an empty data folder. The baseline, in the
 * same run, is a plain copy and a SHA-256 of the same file: what any backup
 * must at least do.
 */
export type Journal10mOptions = { events: number; incrementEvents: number };

export const defaultJournal10mOptions: Journal10mOptions = { events: 10_500_000, incrementEvents: 100_000 };

export type Journal10mResult = {
  options: Journal10mOptions;
  write: { seconds: number; bytes: number };
  upgrade: { seconds: number; bytesAfter: number };
  verify: { seconds: number; events: number };
  baseline: { copySeconds: number; shaSeconds: number };
  full: { seconds: number; bytes: number };
  incremental: { seconds: number; events: number; bytes: number };
  restore: { seconds: number; events: number };
  load: { before: number; after: number };
};

const since = (t: number) => (performance.now() - t) / 1000;
const size = (file: string) => statSync(file).size;

/** The journal a schema-3 DutyDesk wrote: wide rows through its own chain trigger and indexes. */
function writeSchema3(file: string, count: number, say: (line: string) => void): void {
  const db = openDatabase(file, { migrations: MIGRATIONS.slice(0, 3) });
  try {
    const desk = uuidv7(Date.UTC(2021, 0, 1), new Uint8Array(10).fill(3));
    db.prepare("INSERT INTO meta (key, value) VALUES ('desk_id', ?)").run(desk);
    const insert = db.prepare(
      'INSERT INTO journal VALUES (@seq, @id, @ts, @desk, @user, @role, @type, @subject, @data, @reason, @prevHash, @hash)',
    );
    const random = new Uint8Array(10);
    const start = Date.UTC(2021, 0, 1);
    let prevHash = GENESIS_HASH;
    const chunk = 20_000;
    for (let from = 1; from <= count; from += chunk) {
      db.transaction(() => {
        for (let seq = from; seq < Math.min(from + chunk, count + 1); seq++) {
          const input = syntheticEvent(seq, start);
          const ts = input.ts ?? start;
          new DataView(random.buffer).setUint32(0, seq);
          const data = canonicalJson(input.data);
          const fields = {
            id: uuidv7(ts, random),
            seq,
            ts,
            desk,
            actor: input.actor,
            type: input.type,
            subject: input.subject,
            data: JSON.parse(data),
            reason: null,
            prevHash,
          };
          const hash = eventHash(fields);
          insert.run({ ...fields, ...input.actor, data, hash });
          prevHash = hash;
        }
      })();
      if ((from - 1) % 1_000_000 === 0 && from > 1)
        say(`10M journal: ${(from - 1).toLocaleString('en')} written`);
    }
  } finally {
    db.close();
  }
}

export async function measureJournal10m(
  options: Journal10mOptions,
  say: (line: string) => void,
): Promise<Journal10mResult> {
  const dir = mkdtempSync(join(tmpdir(), 'dutydesk-10m-'));
  const load = { before: loadavg()[0] ?? 0, after: 0 };
  const data = join(dir, 'data');
  const file = join(data, 'journal.sqlite');
  const backups = join(dir, 'backups');
  try {
    say(`10M journal: writing ${options.events.toLocaleString('en')} events as schema 3…`);
    let t = performance.now();
    mkdirSync(data);
    writeSchema3(file, options.events, say);
    const write = { seconds: since(t), bytes: size(file) };

    t = performance.now();
    copyFileSync(file, join(dir, 'plain-copy.sqlite'));
    const copySeconds = since(t);
    t = performance.now();
    await fileSha256(join(dir, 'plain-copy.sqlite'));
    const baseline = { copySeconds, shaSeconds: since(t) };
    rmSync(join(dir, 'plain-copy.sqlite'));

    say('10M journal: opening with this build (upgrade to schema 5)…');
    t = performance.now();
    const journal = Journal.open(file);
    const upgrade = { seconds: since(t), bytesAfter: 0 };
    let open = true;
    try {
      upgrade.bytesAfter = size(file);
      t = performance.now();
      const verified = journal.verify();
      const verify = { seconds: since(t), events: verified.ok ? verified.count : -1 };

      say('10M journal: full backup…');
      t = performance.now();
      const { dir: fullDir, manifest } = await takeFullBackup(journal, null, backups, Date.now());
      const full = { seconds: since(t), bytes: size(join(fullDir, 'journal.sqlite')) };

      fillJournal(journal, options.incrementEvents, Date.UTC(2026, 0, 1));
      t = performance.now();
      const written = await takeIncrementalBackup(journal, backups, manifest.journal.lastSeq);
      const incremental = {
        seconds: since(t),
        events: written ? written.toSeq - written.fromSeq + 1 : 0,
        bytes: written ? size(written.file) : 0,
      };
      journal.close();
      open = false;
      rmSync(data, { recursive: true, force: true });

      say('10M journal: restore…');
      t = performance.now();
      const restored = await restore({ from: backups, data });
      const restoreFigures = { seconds: since(t), events: restored.events };
      load.after = loadavg()[0] ?? 0;
      return {
        options,
        write,
        upgrade,
        verify,
        baseline,
        full,
        incremental,
        restore: restoreFigures,
        load,
      };
    } finally {
      if (open) journal.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const gb = (bytes: number) => `${(bytes / 1e9).toFixed(2)} GB`;
const s = (seconds: number) => `${seconds.toFixed(1)} s`;

export function journal10mReport(r: Journal10mResult): string {
  const copy = r.baseline.copySeconds + r.baseline.shaSeconds;
  return [
    `A journal of ${r.options.events.toLocaleString('en')} synthetic duty events (alarms, sessions, work orders over 5,000 devices) written as a schema-3 DutyDesk wrote it (${gb(r.write.bytes)}, ${s(r.write.seconds)} to write), then opened by this build. Baseline in the same run: a plain copy plus SHA-256 of the schema-3 file, ${s(copy)} (${s(r.baseline.copySeconds)} + ${s(r.baseline.shaSeconds)}). Load average ${r.load.before.toFixed(1)} → ${r.load.after.toFixed(1)} on 2 shared cores.`,
    '',
    '| step | time | size | vs copy + SHA-256 |',
    '|---|---:|---:|---:|',
    `| upgrade on open (schema 3 → 5, in place) | ${s(r.upgrade.seconds)} | ${gb(r.upgrade.bytesAfter)} after | ${(r.upgrade.seconds / copy).toFixed(1)}× |`,
    `| full chain verify (${r.verify.events.toLocaleString('en')} events) | ${s(r.verify.seconds)} | — | ${(r.verify.seconds / copy).toFixed(1)}× |`,
    `| full backup (online copy + SHA-256 + manifest) | ${s(r.full.seconds)} | ${gb(r.full.bytes)} | ${(r.full.seconds / copy).toFixed(1)}× |`,
    `| incremental backup (${r.incremental.events.toLocaleString('en')} events) | ${s(r.incremental.seconds)} | ${gb(r.incremental.bytes)} | — |`,
    `| restore: full + increment, every event checked (${r.restore.events.toLocaleString('en')} events) | ${s(r.restore.seconds)} | — | ${(r.restore.seconds / copy).toFixed(1)}× |`,
  ].join('\n');
}
