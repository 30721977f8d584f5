import type { DeskApi, FleetDelta } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/frames';
import type { Device } from '../../shared/api/model';
import type { reportMethods } from '../../shared/api/reports';
import type { DeskConfig } from '../../shared/config/schema';
import type { RecordMark } from '../../shared/i18n/marking';
import type { Actor } from '../../shared/journal/event';
import type { Profile } from '../../shared/profile/schema';
import { SYSTEM_ACTOR } from '../alarms/service';
import { DESK_READER } from '../handover/work-source';
import type { Logger } from '../log/logger';
import type { Journal } from '../store/journal';
import { MeterReconciler } from './meter-reconciler';
import { PeriodIndex, type PeriodLookup, periodIndexFile } from './period-index';
import { periodIndexInWorker } from './period-index-client';
import { journalRevision } from './revision';
import { counterFromHistory, type ReportFleetView, ReportRefusal, ReportService } from './service';
import { SessionRecorder } from './sessions';

type ReportApi = Pick<DeskApi, keyof typeof reportMethods>;

export type ReportWiring = {
  journal: Journal;
  fleet: () => ReportFleetView;
  /** The shipped profiles: where each charger keeps its lifetime energy register, and its resolution. */
  profiles: ReadonlyMap<string, Profile>;
  /** The engine's own contract, read for telemetry history (called only after start). */
  api: () => DeskApi;
  resourcesDir: string;
  now: () => number;
  log: Logger;
  /**
   * Compare chargers' energy registers across a restart (sessions ended while
   * the desk was down). Off for the demo fleet, whose simulated meters start
   * from the same readings at every launch and would read as replaced meters.
   */
  reconcileMeters: boolean;
  /** The demo or a drill desk: its report files say so. */
  mark?: RecordMark | null;
  /** Where the built workers are; the period index is then built in one (else in slices on this thread). */
  workerDir?: URL | null;
  /** The period index is brought up to date once this settles (the wall shown); at once without it. */
  backgroundAfter?: Promise<unknown>;
};

async function explained<T>(act: () => Promise<T> | T): Promise<T> {
  try {
    return await act();
  } catch (error) {
    if (error instanceof ReportRefusal) throw new ApiError('invalid', error.message);
    throw error;
  }
}

function periodIndex(wiring: ReportWiring): PeriodLookup | null {
  const { journal, log, workerDir } = wiring;
  if (journal.file === '' || journal.file === ':memory:') return null;
  const indexFile = periodIndexFile(journal.file);
  if (!workerDir) return PeriodIndex.open(journal, indexFile, { log });
  return periodIndexInWorker(
    new URL('period-index-worker.js', workerDir),
    { journalFile: journal.file, indexFile },
    { log, ...(wiring.backgroundAfter ? { after: wiring.backgroundAfter } : {}) },
  );
}

/**
 * Reports and the charging-session record they count on: the engine feeds
 * telemetry and the fleet in, and serves the report part of the contract.
 */
export function startReports(wiring: ReportWiring) {
  const sessions = new SessionRecorder(wiring.journal);
  const meters = wiring.reconcileMeters ? new MeterReconciler(wiring.journal, wiring.now) : null;
  const index = periodIndex(wiring);
  // Built (or brought up to date) while the desk runs, so the first report finds it ready.
  void Promise.resolve(wiring.backgroundAfter)
    .then(() => index?.catchUp())
    .catch((error: Error) => wiring.log.warn(`report period index: ${error.message}`));
  const service = new ReportService({
    index,
    log: wiring.log,
    journal: wiring.journal,
    fleet: wiring.fleet,
    resourcesDir: wiring.resourcesDir,
    now: wiring.now,
    mark: wiring.mark ?? null,
    counter: counterFromHistory(async (query) => {
      try {
        return await wiring.api()['history.query'](query, DESK_READER);
      } catch (error) {
        // Without history the report falls back to the recorded sessions and says so.
        if (error instanceof ApiError && error.code === 'unavailable') return null;
        throw error;
      }
    }),
  });
  const api: ReportApi = {
    'report.monthly': (p) => explained(() => service.monthly(p.month)),
    'report.sla': (p) => explained(() => service.sla(p.month)),
    'report.availability': (p) => explained(() => service.availability(p.month)),
    'report.alarmKpi': (p) => explained(() => service.alarmKpi(p.month)),
    'report.shift': (p) => explained(() => service.shift(p.shiftId)),
    'report.export': (p) => explained(() => service.export(p)),
    'report.exportChunk': (p) => explained(() => service.exportChunk(p.exportId, p.index)),
  };
  return {
    api,
    service,
    setDevices(devices: readonly Device[]): void {
      sessions.setDevices(devices);
      meters?.setDevices(devices, wiring.profiles);
    },
    /** The configuration now in force (at start, by the desk; after an edit, by whoever applied it). */
    configured(config: DeskConfig, actor: Actor = SYSTEM_ACTOR): void {
      // The edit is applied already; a revision not recorded now is recorded at the next start, which finds it new.
      try {
        journalRevision(wiring.journal, config, actor, wiring.now());
      } catch (error) {
        wiring.log.error(`configuration revision not recorded: ${(error as Error).message}`);
      }
    },
    onTelemetry(delta: FleetDelta): void {
      // A failed session record is logged; telemetry and the alarm queue go on.
      try {
        const ended = sessions.onTelemetry(delta);
        meters?.onTelemetry(delta.samples, ended);
      } catch (error) {
        wiring.log.error(`charging session not recorded: ${(error as Error).message}`);
      }
    },
    /** As the desk stops: where each charger's register stood, for the next start to compare with. */
    stop(): void {
      try {
        meters?.stop();
      } catch (error) {
        wiring.log.error(`charger meter checkpoints not recorded: ${(error as Error).message}`);
      }
      index?.close();
    },
  };
}
