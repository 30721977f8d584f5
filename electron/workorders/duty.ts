import type { FleetDelta } from '../../shared/api/contract';
import { type EventFrame, eventFrame } from '../../shared/api/frames';
import type { Device, Station } from '../../shared/api/model';
import type { AlarmRules } from '../../shared/config/alarm-rules';
import type { JournalInput, StoredEvent } from '../../shared/journal/event';
import type { Profile } from '../../shared/profile/schema';
import type { SlaSettings } from '../../shared/triage/sla';
import { type DeskClock, systemClock } from '../alarms/clock';
import { LimitMonitor } from '../alarms/limits';
import type { RecordedEvent } from '../alarms/recorded';
import { AlarmService } from '../alarms/service';
import { DutyArchive } from '../duty-snapshot/archive';
import { snapshotFile } from '../duty-snapshot/file';
import { DutySnapshots } from '../duty-snapshot/start';
import type { Logger } from '../log/logger';
import { CrewNotices } from '../notify/crew-notices';
import type { Notifier } from '../notify/notifier';
import type { Journal } from '../store/journal';
import { type CrewAnswerEvent, crewAnswerApplier } from '../sync/crew-answers';
import type { CrewLinks } from '../sync/crew-link';
import { alarmApi, workOrderApi } from './api';
import { ApplicationService } from './applications';
import type { ArchivedOrder } from './closed';
import { type Crews, Dispatcher } from './dispatch';
import { FollowUps, sentHistory } from './follow-up';
import { WorkOrderNotices } from './notices';
import { dutyHistory, recordedOf } from './projection';
import { WorkOrderService } from './service';

export type DutyOptions = {
  journal: Journal;
  emit: (frame: EventFrame) => void;
  log: Logger;
  sla: SlaSettings;
  clock?: DeskClock;
  /** The outbox dispatch, reminder and escalation messages go through; none are sent without it. */
  notifier?: Pick<Notifier, 'request' | 'channels' | 'onChange' | 'resolveLinks'>;
  /** The crew page's links while sync runs (issue 15). */
  crewLink?: () => CrewLinks | null;
  /** The duty-state snapshot start reads (issue 16), beside the journal by default; null: replay the whole journal. */
  snapshotFile?: string | null;
  /** The journal length from which start reads the snapshot (SNAPSHOT_FROM_EVENTS unless given). */
  snapshotFromEvents?: number;
  /** The closed orders a snapshot start left in the journal come back once this settles (the wall shown); at once without it. */
  backgroundAfter?: Promise<unknown>;
};

/** A desk without an outbox (benchmarks): no channel, so every message is skipped with a log line. */
const NO_NOTIFIER: NonNullable<DutyOptions['notifier']> = {
  request: () => {
    throw new Error('no notifier');
  },
  channels: () => [],
  onChange: () => () => {},
  resolveLinks: () => {},
};

/**
 * The start's events into the services, in one turn of the alarm queue.
 * Not a closure inside restore(): V8 keeps one scope for all of a
 * function's closures, so the snapshot keeper and the archive made there
 * would hold every event of the start for the life of the desk.
 */
function replayDuty(
  services: { alarms: AlarmService; workOrders: WorkOrderService; applications: ApplicationService },
  history: Iterable<RecordedEvent>,
): string[] {
  const { alarms, workOrders, applications } = services;
  return alarms.batch(() => [
    ...alarms.restore(history),
    ...workOrders.restore(history),
    ...applications.restore(history),
  ]);
}

/**
 * The duty desk's alarm queue, work orders and applications, wired
 * together on one journal and one clock: the engine feeds it telemetry
 * and the fleet, and serves its part of the contract.
 */
export function startDuty(options: DutyOptions) {
  const { journal, emit, log } = options;
  const clock = options.clock ?? systemClock;
  const record = (entry: JournalInput) => journal.append(entry);
  // Made once the dispatcher it sends through exists; the services' first deltas come after that.
  let followUps: FollowUps | null = null;
  const alarms = new AlarmService({
    journal,
    onDelta: (delta) => {
      emit(eventFrame('alarms.delta', delta));
      followUps?.onAlarms(delta.alarms);
    },
    clock,
    sla: options.sla,
  });
  const notices = new WorkOrderNotices();
  const workOrders = new WorkOrderService({
    journal: { record },
    alarms,
    onDelta: (delta) => {
      emit(eventFrame('workorders.delta', delta));
      followUps?.onWorkOrders(delta.workOrders);
    },
    clock,
    sla: options.sla,
    notices: (id) => notices.of(id),
    archived: (ids) => archivedOrders(journal, ids),
    onRelease: (ids) => {
      for (const id of ids) notices.forget(id);
      snapshots?.forget(ids);
    },
  });
  const notifier = options.notifier ?? NO_NOTIFIER;
  const stopNotices = notifier.onChange((message) => {
    const id = notices.changed(message);
    if (id) workOrders.touch(id);
  });
  // A dispatch message's crew link, minted again from its scope as each attempt goes out (never journalled).
  notifier.resolveLinks(({ refs }) => {
    const links = options.crewLink?.();
    const expiresAt = Number(refs.linkExpires);
    if (!links || !refs.workOrder || !refs.crew || !Number.isFinite(expiresAt)) return null;
    return links.url({ workOrderId: refs.workOrder, crewId: refs.crew, expiresAt });
  });
  const dispatcher = new Dispatcher({
    alarms,
    workOrders,
    clock,
    notices: new CrewNotices(notifier, log),
    crewLink: options.crewLink ?? (() => null),
  });
  followUps = new FollowUps({ dispatcher, workOrders, journal: { record }, clock, log });
  alarms.linkIncidents(workOrders);
  const applications = new ApplicationService({
    journal: { record },
    alarms,
    workOrders,
    onDelta: (delta) => emit(eventFrame('applications.delta', delta)),
    clock,
  });
  let limits: LimitMonitor | null = null;
  const applyCrewAnswer = crewAnswerApplier(workOrders);
  const snapshots =
    options.snapshotFile === null
      ? null
      : new DutySnapshots({
          journal,
          file: options.snapshotFile ?? snapshotFile(journal.file),
          log,
          clock,
          ...(options.snapshotFromEvents === undefined ? {} : { fromEvents: options.snapshotFromEvents }),
        });

  let stopped = false;
  let archived: Promise<void> = Promise.resolve();
  let archive: DutyArchive | null = null;
  // An action on a closed order or application still in the journal brings it back first, instead of refusing it as unknown.
  const bringBack = (...ids: (string | null | undefined)[]) => {
    for (const id of ids) if (id) archive?.bringBack(id);
  };

  return {
    api: {
      ...alarmApi(alarms),
      ...archiveFirst(workOrderApi(workOrders, applications, dispatcher), bringBack),
    },

    /** Opens a preventive work order for an early warning (electron/warnings). */
    preventive: (...args: Parameters<WorkOrderService['createPreventive']>) =>
      workOrders.createPreventive(...args),

    /** Applies a crew's answer from the crew page (through sync) to its work order, the crew member acting. */
    crewAnswer: (answer: CrewAnswerEvent): void => {
      bringBack(answer.answer.workOrderId);
      applyCrewAnswer(answer);
    },

    /** The configured fleet, at start and after every configuration change. */
    setFleet(
      stations: readonly Station[],
      devices: readonly Device[],
      profiles: ReadonlyMap<string, Profile>,
      sla: SlaSettings,
      alarmRules?: AlarmRules,
    ): void {
      alarms.setTopology(stations, devices);
      alarms.setRules(alarmRules);
      alarms.setSla(sla);
      workOrders.setTopology(stations);
      workOrders.setSla(sla);
      dispatcher.setFleet(stations, devices, sla);
      applications.setTopology(devices);
      limits?.stop();
      limits = new LimitMonitor(devices, profiles, clock, (changes) => alarms.onLimits(changes));
      limits.seed(alarms.activeLimits());
    },

    /** The roster, escalation policy and message language, at start and after every configuration change. */
    setCrews(crews: Crews): void {
      dispatcher.setCrews(crews);
    },

    /** Rebuilds alarms, work orders and applications from the journal; call once, after the first setFleet. */
    restore(): void {
      const start = snapshots?.history() ?? null;
      const history = start ? start.events : dutyHistory(journal);
      const sent = start ? start.sent : sentHistory((query) => journal.read(query));
      notices.restore(sent);
      // Before the queue comes back, so nothing that went out before the restart goes again.
      followUps?.restore([...sent, ...history.filter(isBreach)]);
      // One turn of the alarm queue: its clocks are read (and passed deadlines journalled) only once the
      // work orders that stop them are back; read before, a dispatch in time looks like none at all.
      const problems = replayDuty({ alarms, workOrders, applications }, history);
      limits?.seed(alarms.activeLimits());
      for (const problem of problems) log.warn(`journal replay: ${problem}`);
      log.info(`alarm queue rebuilt from ${history.length} journal events`);
      snapshots?.keep(() => ({
        alarms: alarms.list().alarms,
        workOrders: workOrders.refs(),
        applications: applications.all(),
      }));
      if (snapshots && start && start.archiveUpTo > 0) {
        archive = new DutyArchive({
          journal,
          upTo: start.archiveUpTo,
          restored: start.restored,
          restore: (events) => {
            const duty = events.filter((e) => !e.type.startsWith('notify.')).map(recordedOf);
            const messages = events.filter((e) => e.type.startsWith('notify.'));
            // Its notices on its timeline, and the reminders and breaches that went, should it be reopened.
            notices.restore(messages, true);
            followUps?.restore([...messages, ...duty.filter(isBreach)]);
            const again = alarms.batch(() => [...workOrders.restore(duty), ...applications.restore(duty)]);
            for (const problem of again) log.warn(`journal replay: ${problem}`);
          },
          adopt: (subject, entry, events) => snapshots.adopt(subject, entry, events),
          leave: (created, closedAt) => workOrders.leaveInJournal(recordedOf(created), closedAt),
          stopped: () => stopped,
          ...(options.backgroundAfter ? { after: options.backgroundAfter } : {}),
        });
        archived = archive.run().then(
          (subjects) => log.info(`${subjects} closed work orders and applications back from the journal`),
          (error: unknown) => log.error(`closed work orders not brought back: ${(error as Error).message}`),
        );
      }
    },

    /** Settles once the closed work orders and applications a snapshot start left out are back (at once otherwise). */
    archived: (): Promise<void> => archived,

    /**
     * One telemetry flush is one turn of the alarm queue: what the plant
     * changed in it is journalled in one transaction (one fsync for a storm
     * of a thousand alarms, not a thousand), and shown after it commits.
     */
    onTelemetry(delta: FleetDelta): void {
      alarms.batch(() => {
        alarms.onStatus(delta.status);
        limits?.onSamples(delta.samples);
      });
    },

    stop(): void {
      stopped = true;
      snapshots?.stop();
      stopNotices();
      followUps?.stop();
      limits?.stop();
      alarms.stop();
      workOrders.stop();
    },
  };
}

export type Duty = ReturnType<typeof startDuty>;

const isBreach = (e: { type: string }) => e.type === 'workorder.sla-breached';

/** Closed work orders the desk let go of, read back from the journal at once, with the notices of their messages. */
function archivedOrders(journal: Journal, ids: readonly string[]): Map<string, ArchivedOrder> {
  const bySubject = new Map<string, StoredEvent[]>(ids.map((id) => [id, []]));
  for (const e of journal.readSubjects(ids)) bySubject.get(e.subject)?.push(e);
  const orders = new Map<string, ArchivedOrder>();
  for (const [id, events] of bySubject) {
    const own = new WorkOrderNotices();
    own.restore(events.filter((e) => e.type.startsWith('notify.')));
    const duty = events.filter((e) => e.type.startsWith('workorder.')).map(recordedOf);
    orders.set(id, { events: duty, notices: own.of(id) });
  }
  return orders;
}

type WorkOrderApi = ReturnType<typeof workOrderApi>;

/** The methods that act on a work order or application named by id, and the ids each names. */
const NAMED: {
  [M in keyof WorkOrderApi]?: (params: Parameters<WorkOrderApi[M]>[0]) => (string | null | undefined)[];
} = {
  'workorder.dispatch': (p) => [p.id],
  'workorder.arrive': (p) => [p.id],
  'workorder.resolve': (p) => [p.id],
  'workorder.accept': (p) => [p.id],
  'workorder.reopen': (p) => [p.id],
  'workorder.cancel': (p) => [p.id],
  'workorder.report': (p) => [p.id],
  'application.approve': (p) => [p.id],
  'application.reject': (p) => [p.id],
  'application.withdraw': (p) => [p.id],
  'application.file': (p) =>
    p.kind === 'resume' ? [p.outageId] : p.kind === 'outage' ? [p.workOrderId] : [],
};

/** The work-order methods, each bringing back from the archive what it names before it acts. */
function archiveFirst(
  api: WorkOrderApi,
  bringBack: (...ids: (string | null | undefined)[]) => void,
): WorkOrderApi {
  const wrapped: Record<string, unknown> = { ...api };
  for (const [method, named] of Object.entries(NAMED)) {
    const act = api[method as keyof WorkOrderApi] as (params: unknown, session: unknown) => unknown;
    const ids = named as (params: unknown) => (string | null | undefined)[];
    wrapped[method] = (params: unknown, session: unknown) => {
      bringBack(...ids(params));
      return act(params, session);
    };
  }
  return wrapped as WorkOrderApi;
}
