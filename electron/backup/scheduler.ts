import type { BackupView } from '../../shared/api/store';
import { journalPruningHeld } from '../clock-steps/pruning-held';
import { givenRetentionClock, RetentionClock, type RetentionLook } from '../clock-steps/retention-clock';
import type { HistoryPort } from '../history/port';
import type { Logger } from '../log/logger';
import type { Journal } from '../store/journal';
import { takeFullBackup } from './full';
import { takeIncrementalBackup } from './incremental';
import { scanBackups } from './layout';
import { pruneBackups } from './prune';

const REPLAN_MS = 3_600_000;

export type BackupSchedule = {
  dir: string;
  fullEveryMs: number;
  incrementalEveryMs: number;
  /** Wait after start before a first full backup when none exists (not to compete with startup). */
  firstFullAfterMs: number;
  /** After a failure, try again this soon (or at the next scheduled time, if sooner). */
  retryAfterMs?: number;
  /** Backups older than this may be removed after a full backup (see prune.ts); never when absent. */
  keepDays?: number;
};

export type BackupDeps = {
  journal: Journal;
  history: Pick<HistoryPort, 'backup' | 'status'> | null;
  log: Logger;
  now?: () => number;
  /** The built backup worker, which copies, hashes and writes increments; null does it on the engine's thread. */
  backupWorker?: string | URL | null;
  /** What old backups are pruned by: a RetentionClock on the system clocks, or `now` when given. */
  pruneClock?: { look(): RetentionLook };
  onChange: (view: BackupView) => void;
};

/** Backups into `dir` (null: none configured) before the first has been taken or planned. */
export function idleBackupView(dir: string | null): BackupView {
  return {
    dir,
    lastFullAt: null,
    lastIncrementalAt: null,
    lastSeq: 0,
    lastError: null,
    lastErrorAt: null,
    nextFullAt: null,
    nextIncrementalAt: null,
  };
}

/**
 * Takes the backups seed 000 asks for: a full copy on a schedule (daily by
 * default) and, between fulls, increments of the journal (hourly). What has
 * been backed up is read from the backup folder itself on start, so nothing
 * else has to survive for the schedule to resume. One backup runs at a time;
 * a failure is shown and retried, never hidden.
 */
export class BackupScheduler {
  private readonly now: () => number;
  private readonly pruneClock: { look(): RetentionLook };
  private view: BackupView;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly schedule: BackupSchedule,
    private readonly deps: BackupDeps,
  ) {
    this.now = deps.now ?? Date.now;
    this.pruneClock = deps.pruneClock ?? (deps.now ? givenRetentionClock(deps.now) : new RetentionClock());
    this.view = idleBackupView(schedule.dir);
  }

  status(): BackupView {
    return this.view;
  }

  start(): void {
    try {
      const { fulls, incrementals } = scanBackups(this.schedule.dir);
      const full = fulls[fulls.length - 1];
      const lastIncrement = incrementals.filter((i) => full && i.toSeq > full.manifest.journal.lastSeq).pop();
      this.view = {
        ...this.view,
        lastFullAt: full?.manifest.createdAt ?? null,
        lastIncrementalAt: lastIncrement?.writtenAt ?? null,
        lastSeq: Math.max(full?.manifest.journal.lastSeq ?? 0, lastIncrement?.toSeq ?? 0),
      };
    } catch (error) {
      this.fail(error);
    }
    this.plan();
  }

  /** A full backup now (also what the schedule calls). */
  full(): Promise<void> {
    return this.exclusive(async () => {
      const at = this.now();
      const { manifest } = await takeFullBackup(
        this.deps.journal,
        this.deps.history,
        this.schedule.dir,
        at,
        this.deps.backupWorker ?? null,
      );
      this.view = {
        ...this.view,
        lastFullAt: at,
        lastSeq: manifest.journal.lastSeq,
        lastError: null,
        lastErrorAt: null,
      };
      this.deps.log.info(
        `full backup to ${this.schedule.dir}: journal up to seq ${manifest.journal.lastSeq}`,
      );
      this.prune();
    });
  }

  /** Old backups go only right after a new full backup has been written, so there is always one to restore. */
  private prune(): void {
    const { keepDays, dir } = this.schedule;
    if (keepDays === undefined) return;
    const look = this.pruneClock.look();
    if (!look.ok) {
      journalPruningHeld(this.deps.journal, this.deps.log, 'backups', look);
      return;
    }
    try {
      const { removed } = pruneBackups(dir, look.now, keepDays);
      if (removed.length > 0) {
        this.deps.log.info(`removed ${removed.length} backups older than ${keepDays} days from ${dir}`);
      }
    } catch (error) {
      // The new backup stands; only the clean-up failed, and it is tried again after the next full backup.
      this.deps.log.error(`pruning old backups in ${dir} failed: ${(error as Error).message}`);
    }
  }

  /** Journal events since the last backup, now. Without a full backup to build on, a full one. */
  incremental(): Promise<void> {
    if (this.view.lastFullAt === null) return this.full();
    return this.exclusive(async () => {
      const written = await takeIncrementalBackup(
        this.deps.journal,
        this.schedule.dir,
        this.view.lastSeq,
        this.deps.backupWorker ?? null,
      );
      this.view = {
        ...this.view,
        lastIncrementalAt: this.now(),
        lastSeq: written?.toSeq ?? this.view.lastSeq,
        lastError: null,
        lastErrorAt: null,
      };
      if (written) this.deps.log.info(`incremental backup: journal seq ${written.fromSeq}–${written.toSeq}`);
    });
  }

  /** Stops the schedule and waits for a backup in progress to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private async exclusive(job: () => Promise<void>): Promise<void> {
    while (this.running) await this.running;
    const run = job()
      .catch((error) => this.fail(error))
      .finally(() => {
        this.running = null;
        this.plan();
      });
    this.running = run;
    await run;
  }

  private fail(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.view = { ...this.view, lastError: message, lastErrorAt: this.now() };
    this.deps.log.error(`backup failed (${this.schedule.dir}): ${message}`);
  }

  /** Works out the next due times and sets one timer for the earlier. */
  private plan(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const now = this.now();
    const { lastFullAt, lastIncrementalAt, lastErrorAt } = this.view;
    let nextFullAt =
      lastFullAt === null ? now + this.schedule.firstFullAfterMs : lastFullAt + this.schedule.fullEveryMs;
    const since = Math.max(lastFullAt ?? now, lastIncrementalAt ?? 0);
    let nextIncrementalAt = lastFullAt === null ? null : since + this.schedule.incrementalEveryMs;
    if (lastErrorAt !== null) {
      const retry = lastErrorAt + (this.schedule.retryAfterMs ?? 5 * 60_000);
      if (nextIncrementalAt !== null) nextIncrementalAt = Math.min(nextIncrementalAt, retry);
      else nextFullAt = Math.min(nextFullAt, retry);
    }
    this.view = { ...this.view, nextFullAt, nextIncrementalAt };
    this.deps.onChange(this.view);
    if (this.stopped) return;
    const fullFirst = nextIncrementalAt === null || nextFullAt <= nextIncrementalAt;
    const due = fullFirst ? nextFullAt : (nextIncrementalAt as number);
    const wait = due - now;
    // Long waits are re-planned hourly: timers overflow past 24.8 days, and the wall clock may be set.
    this.timer = setTimeout(
      () => {
        this.timer = null;
        if (wait > REPLAN_MS) this.plan();
        else void (fullFirst ? this.full() : this.incremental());
      },
      Math.max(0, Math.min(wait, REPLAN_MS)),
    );
    this.timer.unref();
  }
}
