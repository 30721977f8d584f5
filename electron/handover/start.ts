import type { DeskApi } from '../../shared/api/contract';
import { type EventFrame, eventFrame } from '../../shared/api/frames';
import type { Device, DeviceStatus, Station } from '../../shared/api/model';
import type { ShiftSchedule } from '../../shared/handover/schedule';
import type { RecordMark } from '../../shared/i18n/marking';
import type { Authenticator } from '../auth/authenticator';
import type { Logger } from '../log/logger';
import { handoverApi } from './api';
import { HandoverSearchIndex, handoverSearchFile } from './search-index';
import { searchIndexInWorker } from './search-index-client';
import { type HandoverJournal, HandoverService, type RemoteHandovers } from './service';
import { DESK_READER, workSourceFromApi } from './work-source';

export type HandoverWiring = {
  journal: HandoverJournal;
  /** Other desks' handover events received through sync. */
  remote: RemoteHandovers;
  authenticator: Authenticator;
  schedule: () => ShiftSchedule;
  /** The fleet as configured now, with its live status. */
  fleet: () => { stations: readonly Station[]; devices: readonly Device[]; status: readonly DeviceStatus[] };
  /** The engine's own contract, read for alarms, work orders and applications (called only after start). */
  api: () => Pick<DeskApi, 'alarms.list' | 'sla.rules' | 'workorders.list' | 'applications.list'>;
  resourcesDir: string;
  now: () => number;
  emit: (frame: EventFrame) => void;
  /** The demo or a drill desk: its handover prints say so. */
  mark?: RecordMark | null;
  /** Where the search index's problems are told; with it, the index is kept in a file beside the journal. */
  log?: Logger;
  /** Where the built workers are; that file is then kept by a worker (else in slices on this thread). */
  workerDir?: URL | null;
  /** The search index is brought up to date once this settles (the wall shown); at once without it. */
  backgroundAfter?: Promise<unknown>;
};

/** Where the search index is kept: a file beside a journal file, by a worker when there is one. */
function searchIndexOf(wiring: HandoverWiring) {
  const { journal, log, workerDir } = wiring;
  if (!log || journal.file === '' || journal.file === ':memory:') return {};
  const searchFile = handoverSearchFile(journal.file);
  if (!workerDir) return { searchFile, log };
  const searchIndex = searchIndexInWorker(
    new URL('search-index-worker.js', workerDir),
    { journalFile: journal.file, indexFile: searchFile },
    () => HandoverSearchIndex.kept(journal, searchFile, log),
    { log, ...(wiring.backgroundAfter ? { after: wiring.backgroundAfter } : {}) },
  );
  return { searchIndex, log };
}

/** The handover service and its part of the contract, wired to the rest of the engine through read ports. */
export function startHandover(wiring: HandoverWiring) {
  const service = new HandoverService({
    journal: wiring.journal,
    remote: wiring.remote,
    authenticator: wiring.authenticator,
    schedule: wiring.schedule,
    now: wiring.now,
    sources: {
      stations: () => wiring.fleet().stations,
      devices: () => wiring.fleet().devices,
      status: () => wiring.fleet().status,
      alarms: async () => (await wiring.api()['alarms.list']({}, DESK_READER)).alarms,
      slaRules: () => wiring.api()['sla.rules']({}, DESK_READER),
      work: workSourceFromApi(
        {
          'workorders.list': (p, s) => wiring.api()['workorders.list'](p, s),
          'applications.list': (p, s) => wiring.api()['applications.list'](p, s),
        },
        () => wiring.fleet().stations,
      ),
    },
    onChanged: (shiftId, state) => wiring.emit(eventFrame('handover.changed', { shiftId, state })),
    ...searchIndexOf(wiring),
  });
  // Built (or brought up to date) while the desk runs, so the first search finds it ready.
  void Promise.resolve(wiring.backgroundAfter)
    .then(() => service.prepareSearch())
    .catch((error: Error) => wiring.log?.warn(`handover search index: ${error.message}`));
  return {
    service,
    stop: () => service.stop(),
    api: handoverApi(service, {
      resourcesDir: wiring.resourcesDir,
      now: wiring.now,
      mark: wiring.mark ?? null,
    }),
  };
}
