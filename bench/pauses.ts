import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { takeFullBackup } from '../electron/backup/full';
import { takeIncrementalBackup } from '../electron/backup/incremental';
import { historyInWorker } from '../electron/history/worker-client';
import { IntegrityCheck } from '../electron/store/integrity';
import { Journal } from '../electron/store/journal';
import type { PointSample } from '../shared/api/model';
import { fillJournal } from './journal-fill';

/**
 * No pauses (issue 16): the engine thread's event-loop lag while history
 * maintenance, a full backup, an incremental backup and a full chain
 * verification all run at once, against the same thread idle in the same
 * run. "Idle" is the live desk's steady work (telemetry to history every
 * 100 ms, a journal append a second) and both phases carry it. The work
 * runs as the desk runs it: history and verify in their built worker
 * threads (out/main), backups on the engine thread.
 */
export type PausesOptions = {
  /** Events in the journal that is verified and backed up. */
  events: number;
  /** Events since the last backup: what the incremental backup writes. */
  incrementEvents: number;
  /** Samples posted to history at the start of the busy phase (a store-and-forward burst to roll up). */
  backlogSamples: number;
  /** Samples per 100 ms of live telemetry, in both phases. */
  liveSamples: number;
  idleSeconds: number;
};

export const defaultPausesOptions: PausesOptions = {
  events: 2_000_000,
  incrementEvents: 200_000,
  backlogSamples: 1_000_000,
  liveSamples: 500,
  idleSeconds: 15,
};

export type Lag = { p50: number; p99: number; max: number; seconds: number };

export type PausesResult = {
  options: PausesOptions;
  idle: Lag;
  busy: Lag;
  /** How long each piece of the busy phase took, in seconds. */
  work: { verify: number; full: number; incremental: number; backlogPosted: number };
  verified: number;
  load: { before: number; after: number };
};

function lagOf(h: ReturnType<typeof monitorEventLoopDelay>, seconds: number): Lag {
  return { p50: h.percentile(50) / 1e6, p99: h.percentile(99) / 1e6, max: h.max / 1e6, seconds };
}

const since = (t: number) => (performance.now() - t) / 1000;

export async function measurePauses(
  options: PausesOptions,
  say: (line: string) => void,
): Promise<PausesResult> {
  const dir = mkdtempSync(join(tmpdir(), 'dutydesk-pauses-'));
  const workerDir = pathToFileURL(`${resolve('out/main')}/`);
  const load = { before: loadavg()[0] ?? 0, after: 0 };
  const journal = Journal.open(join(dir, 'journal.sqlite'));
  const history = historyInWorker(
    new URL('history-worker.js', workerDir),
    { file: join(dir, 'history.sqlite'), retention: { rawDays: 14, minuteDays: 397, quarterHourDays: 1827 } },
    (message) => say(`history: ${message}`),
  );
  const T0 = Date.UTC(2026, 0, 1);
  try {
    say(`pauses: writing ${options.events.toLocaleString('en')} journal events…`);
    fillJournal(journal, options.events - options.incrementEvents, T0);
    const base = await takeFullBackup(journal, history, join(dir, 'backups'), Date.now());
    fillJournal(journal, options.incrementEvents, T0);

    const devices = Array.from({ length: 500 }, (_, i) => `st${i}-dc1`);
    let tick = 0;
    const samples = (n: number, at: number): PointSample[] =>
      Array.from({ length: n }, (_, i) => ({
        deviceId: devices[(tick + i) % devices.length] ?? 'st0-dc1',
        key: `p${i % 8}`,
        ts: at,
        value: (tick * 31 + i) % 997,
        quality: 'good',
      }));
    const live = setInterval(() => {
      tick++;
      history.record(samples(options.liveSamples, Date.now()));
      if (tick % 10 === 0) fillJournal(journal, 1, Date.now());
    }, 100);
    try {
      const idleLag = monitorEventLoopDelay({ resolution: 1 });
      idleLag.enable();
      await new Promise((r) => setTimeout(r, options.idleSeconds * 1000));
      idleLag.disable();
      const idle = lagOf(idleLag, options.idleSeconds);
      say(
        `pauses: idle p99 ${idle.p99.toFixed(1)} ms; now history backlog, full and incremental backup, verify…`,
      );

      const busyLag = monitorEventLoopDelay({ resolution: 1 });
      busyLag.enable();
      const started = performance.now();
      const work = { verify: 0, full: 0, incremental: 0, backlogPosted: 0 };
      const integrity = new IntegrityCheck(journal, {
        workerFile: new URL('verify-worker.js', workerDir),
        onWarning: (message) => say(`verify: ${message}`),
        onChange: () => {},
      });
      const verify = integrity.full().then((view) => {
        work.verify = since(started);
        return view;
      });
      const backlog = (async () => {
        // A burst of stored samples arriving over a few seconds, in the sizes a feed delivers them.
        for (let posted = 0; posted < options.backlogSamples; posted += 5_000) {
          history.record(samples(5_000, T0 + posted));
          await new Promise((r) => setTimeout(r, 10));
        }
        work.backlogPosted = since(started);
      })();
      const backups = (async () => {
        await takeFullBackup(
          journal,
          history,
          join(dir, 'backups'),
          Date.now() + 1000,
          new URL('backup-worker.js', workerDir),
        );
        work.full = since(started);
        const t = performance.now();
        await takeIncrementalBackup(journal, join(dir, 'backups'), base.manifest.journal.lastSeq);
        work.incremental = since(t);
      })();
      const [view] = await Promise.all([verify, backlog, backups]);
      busyLag.disable();
      integrity.stop();
      load.after = loadavg()[0] ?? 0;
      return {
        options,
        idle,
        busy: lagOf(busyLag, since(started)),
        work,
        verified: view.state === 'ok' ? view.count : -1,
        load,
      };
    } finally {
      clearInterval(live);
    }
  } finally {
    await history.close();
    journal.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const ms = (v: number) => `${v.toFixed(1)} ms`;

export function pausesReport(r: PausesResult): string {
  const { options: o, idle, busy, work } = r;
  return [
    `Engine-thread event-loop lag (monitorEventLoopDelay, 1 ms resolution) on a journal of ${o.events.toLocaleString('en')} events, while the live desk's steady work runs (${o.liveSamples * 10} telemetry samples/s to history, an append a second). Idle: that alone for ${o.idleSeconds} s. Busy, all at once: a full chain verification (worker thread), ${o.backlogSamples.toLocaleString('en')} samples posted to history and rolled up (worker thread), a full backup of journal and history (the journal's copy in its worker thread), then an incremental backup of ${o.incrementEvents.toLocaleString('en')} events (engine thread, yielding). Load average ${r.load.before.toFixed(1)} → ${r.load.after.toFixed(1)} on 2 cores shared with other work.`,
    '',
    '| phase | lag p50 | lag p99 | lag max | seconds |',
    '|---|---:|---:|---:|---:|',
    `| idle | ${ms(idle.p50)} | ${ms(idle.p99)} | ${ms(idle.max)} | ${idle.seconds.toFixed(0)} |`,
    `| verify + history backlog + backups | ${ms(busy.p50)} | ${ms(busy.p99)} | ${ms(busy.max)} | ${busy.seconds.toFixed(0)} |`,
    '',
    `p99 busy/idle: ${(busy.p99 / idle.p99).toFixed(2)}×; target p99 ≤ 20 ms: ${busy.p99 <= 20 ? 'met' : '**not met**'}. Inside the busy phase: verify of ${r.verified.toLocaleString('en')} events ${work.verify.toFixed(1)} s, full backup done at ${work.full.toFixed(1)} s, incremental ${work.incremental.toFixed(1)} s, backlog posted by ${work.backlogPosted.toFixed(1)} s.`,
  ].join('\n');
}
