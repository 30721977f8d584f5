import { isAbsolute, join } from 'node:path';
import { repeatEvery } from '../../node/repeating';
import type { DeskApi } from '../../shared/api/contract';
import { ApiError, type EventFrame, eventFrame } from '../../shared/api/frames';
import type { PointSample } from '../../shared/api/model';
import type { StoreStatus } from '../../shared/api/store';
import type { BackupConfig, HistoryRetention } from '../../shared/config/schema';
import { BackupScheduler, idleBackupView } from '../backup/scheduler';
import { journalPruningHeld, type PruningHeld } from '../clock-steps/pruning-held';
import { type HistoryPort, localHistory, unkeptHistory } from '../history/port';
import { HistoryStore } from '../history/store';
import { historyInWorker } from '../history/worker-client';
import type { Logger } from '../log/logger';
import { IntegrityCheck } from './integrity';
import type { Journal } from './journal';

export type StoreServiceOptions = {
  journal: Journal;
  /** The folder journal.sqlite is in; history.sqlite goes beside it. */
  dir: string;
  retention: HistoryRetention;
  backup: BackupConfig;
  log: Logger;
  emit: (frame: EventFrame) => void;
  /** Wait before the first full backup of a desk that has none. */
  firstFullAfterMs?: number;
  /**
   * The folder of the built worker entries (out/main): history, the full
   * chain check and a full backup's copy of the journal then run in worker
   * threads. Without it (tests, tools) they run on this thread, the check
   * in slices.
   */
  workerDir?: URL | null;
  /** How often a journal that refused a write tries one again, so the banner clears without an action. */
  probeEveryMs?: number;
  /** Runs `probe` every `ms` until the returned stop is called; tests drive it by hand. */
  repeat?: (probe: () => void, ms: number) => () => void;
};

const PROBE_EVERY_MS = 5_000;

export type StoreService = {
  api: Pick<DeskApi, 'store.status' | 'store.verify' | 'history.query'>;
  /** Feeds telemetry history; cheap, never touches the disk on the caller's turn. */
  recordSamples(samples: readonly PointSample[]): void;
  /** The samples recorded so far are in history's rollups, for a reader of the file. */
  settleHistory(): Promise<void>;
  stop(): Promise<void>;
};

/**
 * The local store's running parts besides the journal itself: telemetry
 * history, the hash-chain check on start, and the backup schedule, with
 * their state for the UI (store.status / store.changed).
 */
export function startStore(options: StoreServiceOptions): StoreService {
  const log = options.log.child('store');
  const { journal } = options;
  const history = openHistory(options, log);
  let changeTimer: NodeJS.Immediate | null = null;
  const changed = () => {
    // Several parts may change in one turn; clients get one message.
    if (changeTimer) return;
    changeTimer = setImmediate(() => {
      changeTimer = null;
      options.emit(eventFrame('store.changed', status()));
    });
  };

  // A full or read-only disk: logged once each way, shown in store.changed, probed until it passes.
  // repeatEvery's timer is unref'd: a pending probe must not keep a stopping desk alive.
  const repeat = options.repeat ?? repeatEvery;
  let stopProbe: (() => void) | null = null;
  const offWritable = journal.writable.onChange((view) => {
    if (view.ok) {
      log.info('journal writable again: actions are accepted');
      stopProbe?.();
      stopProbe = null;
    } else {
      log.error(`journal refuses writes: ${view.reason}`);
      stopProbe ??= repeat(() => journal.probeWrite(), options.probeEveryMs ?? PROBE_EVERY_MS);
    }
    changed();
  });

  const integrity = new IntegrityCheck(journal, {
    workerFile: options.workerDir ? new URL('verify-worker.js', options.workerDir) : null,
    onWarning: (message) => log.warn(message),
    onChange: (view) => {
      if (view.state === 'broken') {
        log.error(
          `JOURNAL INTEGRITY BROKEN at seq ${view.brokenAt}: ${view.reason}. ` +
            'Nothing was repaired; keep this file and its backups for investigation.',
        );
      } else if (view.state === 'failed') {
        log.error(`journal verification could not run: ${view.error}`);
      } else if (view.state === 'ok') {
        const what = view.from === 0 ? `${view.count} events` : `events ${view.from + 1}–${view.count}`;
        log.info(`journal verified: ${what}, hash chain intact`);
      }
      changed();
    },
  });
  void integrity.start();

  const backupDir = isAbsolute(options.backup.dir)
    ? options.backup.dir
    : join(options.dir, options.backup.dir);
  const backups = options.backup.enabled
    ? new BackupScheduler(
        {
          dir: backupDir,
          fullEveryMs: options.backup.fullEveryHours * 3_600_000,
          incrementalEveryMs: options.backup.incrementalEveryMinutes * 60_000,
          firstFullAfterMs: options.firstFullAfterMs ?? 60_000,
          keepDays: options.backup.keepDays,
        },
        {
          journal,
          history,
          log: log.child('backup'),
          onChange: changed,
          backupWorker: options.workerDir ? new URL('backup-worker.js', options.workerDir) : null,
        },
      )
    : null;
  backups?.start();

  function status(): StoreStatus {
    return {
      journal: { events: journal.count(), bytes: journal.bytes(), writable: journal.writable.current() },
      integrity: integrity.current(),
      backup: backups?.status() ?? idleBackupView(null),
      history: history.status(),
    };
  }

  return {
    api: {
      'store.status': async () => status(),
      'store.verify': async () => {
        // A full check of years of events takes a while: the answer is that it runs, progress follows in store.changed.
        void integrity.full();
        return integrity.current();
      },
      'history.query': async (params) => {
        const { error } = history.status();
        if (error) throw new ApiError('unavailable', error);
        return history.query(params);
      },
    },
    recordSamples: (samples) => history.record(samples),
    settleHistory: () => history.settle(),
    async stop() {
      offWritable();
      stopProbe?.();
      integrity.stop();
      if (changeTimer) clearImmediate(changeTimer);
      await backups?.stop();
      await history.close();
    },
  };
}

/** Trends are worth less than a running desk: a history file that will not open is reported, not fatal. */
function openHistory(options: StoreServiceOptions, log: Logger): HistoryPort {
  const file = join(options.dir, 'history.sqlite');
  const onError = (message: string) => log.error(message);
  const onPruningHeld = (held: PruningHeld) => journalPruningHeld(options.journal, log, 'history', held);
  if (options.workerDir) {
    return historyInWorker(
      new URL('history-worker.js', options.workerDir),
      { file, retention: options.retention },
      onError,
      onPruningHeld,
    );
  }
  try {
    return localHistory(
      HistoryStore.open(file, {
        retention: options.retention,
        onError: (e) => onError(e.message),
        onPruningHeld,
      }),
    );
  } catch (error) {
    const message = `telemetry history is not being kept: ${(error as Error).message}`;
    onError(message);
    return unkeptHistory(message);
  }
}
