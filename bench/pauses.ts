import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { takeFullBackup } from '../electron/backup/full';
import { takeIncrementalBackup } from '../electron/backup/incremental';
import type { HistoryPort } from '../electron/history/port';
import { historyInWorker } from '../electron/history/worker-client';
import { IntegrityCheck } from '../electron/store/integrity';
import { Journal } from '../electron/store/journal';
import type { PointSample } from '../shared/api/model';
import { type Lag, lagWhile } from './derived-lag';
import { fillJournal } from './journal-fill';
import { markdownTable } from './stats';

/**
 * No pauses (issue 16): the engine thread's event-loop lag while history
 * maintenance, a full backup, an incremental backup and a full chain
 * verification run, each alone and then all at once, against the same
 * thread idle in the same run. "Idle" is the live desk's steady work
 * (telemetry to history every 100 ms, a journal append a second) and every
 * phase carries it. The work runs as the desk runs it, with the built
 * workers (out/main). Each piece alone says which one holds the thread.
 */
export const PIECES = ['verify', 'history backlog', 'full backup', 'incremental backup'] as const;
export type Piece = (typeof PIECES)[number];

export type PausesOptions = {
  /** Events in the journal that is verified and backed up. */
  events: number;
  /** Events since the last backup: what the incremental backup writes. */
  incrementEvents: number;
  /** Samples posted to history in the backlog piece (a store-and-forward burst to roll up). */
  backlogSamples: number;
  /** Samples per 100 ms of live telemetry, in every phase. */
  liveSamples: number;
  idleSeconds: number;
  /** The pieces measured alone, before all at once. */
  alone: readonly Piece[];
};

export const defaultPausesOptions: PausesOptions = {
  events: 2_000_000,
  incrementEvents: 200_000,
  backlogSamples: 1_000_000,
  liveSamples: 500,
  idleSeconds: 15,
  alone: PIECES,
};
export type PausesPhase = 'idle' | Piece | 'all at once';

export type PausesResult = {
  options: PausesOptions;
  phases: { phase: PausesPhase; lag: Lag }[];
  verified: number;
  load: { before: number; after: number };
};

const DEVICES = Array.from({ length: 500 }, (_, i) => `st${i}-dc1`);

/** `n` telemetry samples stamped `at`, varying with `tick`. */
function samples(n: number, at: number, tick: number): PointSample[] {
  return Array.from({ length: n }, (_, i) => ({
    deviceId: DEVICES[(tick + i) % DEVICES.length] ?? 'st0-dc1',
    key: `p${i % 8}`,
    ts: at,
    value: (tick * 31 + i) % 997,
    quality: 'good',
  }));
}

type Desk = { dir: string; journal: Journal; history: HistoryPort; workers: URL; baseSeq: number };

/** The pieces of maintenance, each as the desk runs it. */
function pieces(desk: Desk, options: PausesOptions, verified: (count: number) => void) {
  const { dir, journal, history, workers } = desk;
  let backups = 0;
  return {
    async verify() {
      const integrity = new IntegrityCheck(journal, {
        workerFile: new URL('verify-worker.js', workers),
        onChange: () => {},
      });
      const view = await integrity.full();
      integrity.stop();
      verified(view.state === 'ok' ? view.count : -1);
    },
    async 'history backlog'() {
      // A burst of stored samples arriving over a few seconds, in the sizes a feed delivers them, then rolled up.
      for (let posted = 0; posted < options.backlogSamples; posted += 5_000) {
        history.record(samples(5_000, Date.UTC(2026, 0, 1) + posted, posted));
        await new Promise((r) => setTimeout(r, 10));
      }
      await history.settle();
    },
    async 'full backup'() {
      await takeFullBackup(
        journal,
        history,
        join(dir, 'backups'),
        Date.now() + 1000 * ++backups,
        new URL('backup-worker.js', workers),
      );
    },
    async 'incremental backup'() {
      await takeIncrementalBackup(
        journal,
        join(dir, 'backups'),
        desk.baseSeq,
        new URL('backup-worker.js', workers),
      );
    },
  } satisfies Record<Piece, () => Promise<void>>;
}

export async function measurePauses(
  options: PausesOptions,
  say: (line: string) => void,
): Promise<PausesResult> {
  const dir = mkdtempSync(join(tmpdir(), 'dutydesk-pauses-'));
  const workers = pathToFileURL(`${resolve('out/main')}/`);
  const load = { before: loadavg()[0] ?? 0, after: 0 };
  const journal = Journal.open(join(dir, 'journal.sqlite'));
  const history = historyInWorker(
    new URL('history-worker.js', workers),
    { file: join(dir, 'history.sqlite'), retention: { rawDays: 14, minuteDays: 397, quarterHourDays: 1827 } },
    (message) => say(`history: ${message}`),
  );
  const T0 = Date.UTC(2026, 0, 1);
  try {
    say(`pauses: writing ${options.events.toLocaleString('en')} journal events…`);
    fillJournal(journal, options.events - options.incrementEvents, T0);
    const base = await takeFullBackup(journal, history, join(dir, 'backups'), Date.now());
    fillJournal(journal, options.incrementEvents, T0);
    const desk: Desk = { dir, journal, history, workers, baseSeq: base.manifest.journal.lastSeq };
    let verified = 0;
    const work = pieces(desk, options, (count) => {
      verified = count;
    });

    let tick = 0;
    const live = setInterval(() => {
      tick++;
      history.record(samples(options.liveSamples, Date.now(), tick));
      if (tick % 10 === 0) fillJournal(journal, 1, Date.now());
    }, 100);
    const phases: PausesResult['phases'] = [];
    const phase = async (name: PausesPhase, run: () => Promise<unknown>) => {
      const lag = await lagWhile(run);
      phases.push({ phase: name, lag });
      say(
        `pauses: ${name}: p99 ${lag.p99.toFixed(1)} ms, max ${lag.max.toFixed(0)} ms, ${(lag.ms / 1000).toFixed(1)} s`,
      );
    };
    try {
      await phase('idle', () => new Promise((r) => setTimeout(r, options.idleSeconds * 1000)));
      for (const piece of options.alone) await phase(piece, work[piece]);
      await phase('all at once', () =>
        Promise.all([
          work.verify(),
          work['history backlog'](),
          work['full backup']().then(work['incremental backup']),
        ]),
      );
    } finally {
      clearInterval(live);
    }
    load.after = loadavg()[0] ?? 0;
    return { options, phases, verified, load };
  } finally {
    await history.close();
    journal.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const ms = (v: number) => `${v.toFixed(1)} ms`;

export function pausesReport(r: PausesResult): string {
  const { options: o } = r;
  const idle = r.phases.find((p) => p.phase === 'idle')?.lag;
  const all = r.phases.find((p) => p.phase === 'all at once')?.lag;
  return [
    `Engine-thread event-loop lag (monitorEventLoopDelay, 1 ms resolution) on a journal of ${o.events.toLocaleString('en')} events, while the live desk's steady work runs (${o.liveSamples * 10} telemetry samples/s to history, an append a second). Idle: that alone for ${o.idleSeconds} s. The pieces, each alone and then all at once: a full chain verification (${r.verified.toLocaleString('en')} events, worker thread); ${o.backlogSamples.toLocaleString('en')} samples posted to history and rolled up (worker thread); a full backup of journal and history; an incremental backup of ${o.incrementEvents.toLocaleString('en')} events (after the full one, when all run at once). GC: the engine thread's collections over 20 ms, and the longest. Load average ${r.load.before.toFixed(1)} → ${r.load.after.toFixed(1)} on 2 cores shared with other work.`,
    '',
    ...markdownTable(
      ['phase', 'lag p50', 'lag p99', 'lag max', 'GC > 20 ms / longest', 'seconds'],
      r.phases.map(({ phase, lag }) => [
        phase,
        ms(lag.p50),
        ms(lag.p99),
        ms(lag.max),
        `${lag.gc.over20} / ${lag.gc.maxMs.toFixed(0)} ms`,
        (lag.ms / 1000).toFixed(1),
      ]),
    ),
    '',
    idle && all
      ? `p99 all at once/idle: ${(all.p99 / idle.p99).toFixed(2)}×; target p99 ≤ 20 ms: ${all.p99 <= 20 ? 'met' : '**not met**'}.`
      : '',
  ].join('\n');
}
