import type {
  ApplicationFiling,
  ApplicationsDelta,
  ApplicationView,
  AvailabilityExclusion,
} from '../../shared/api/contract';
import type { Device } from '../../shared/api/model';
import type { Actor, JsonValue } from '../../shared/journal/event';
import {
  type ApplicationEvent,
  ApplicationReason,
  ApplicationTarget,
  checkFiling,
  exclusionsAt,
  inForce,
  stepApplication,
} from '../../shared/workorder/application';
import { type DeskClock, systemClock } from '../alarms/clock';
import { asRecord, type RecordedEvent, replayEach } from '../alarms/recorded';
import type { AlarmService } from '../alarms/service';
import { type DutyJournal, DutyRefusal, nextId } from './journal';
import type { WorkOrderService } from './service';

type Application = ApplicationView;

const JOURNAL_TYPE: Readonly<Record<ApplicationEvent['type'], string>> = {
  approve: 'application.approved',
  reject: 'application.rejected',
  withdraw: 'application.withdrawn',
  end: 'application.ended',
};
const EVENT_OF = new Map(Object.entries(JOURNAL_TYPE).map(([event, type]) => [type, event]));

export type ApplicationServiceOptions = {
  journal: DutyJournal;
  alarms: AlarmService;
  workOrders: WorkOrderService;
  onDelta: (delta: ApplicationsDelta) => void;
  clock?: DeskClock;
};

/**
 * Outage (停运), resume (复投), decommission (退运) applications and
 * exemption declarations (免责申报), seed 001. An approved outage or
 * decommission takes its devices' alarms out of service and out of
 * availability until a resume of it is approved; an approved exemption
 * excludes its devices from availability for its period.
 */
export class ApplicationService {
  private readonly applications = new Map<string, Application>();
  private devices = new Map<string, Device>();
  private readonly clock: DeskClock;

  constructor(private readonly options: ApplicationServiceOptions) {
    this.clock = options.clock ?? systemClock;
  }

  setTopology(devices: readonly Device[]): void {
    this.devices = new Map(devices.map((d) => [d.id, d]));
  }

  list(): ApplicationsDelta {
    return { applications: this.all(), exclusions: this.exclusions() };
  }

  /** Every application, without the exclusions the list works out from them. */
  all(): Application[] {
    return [...this.applications.values()];
  }

  /** Devices not counted against availability now, and why. */
  exclusions(): AvailabilityExclusion[] {
    return exclusionsAt(this.applications.values(), this.clock.now());
  }

  file(filing: ApplicationFiling, actor: Actor): ApplicationView {
    const nowMs = this.clock.now();
    const id = nextId('AP', this.applications.keys());
    const outage = filing.kind === 'resume' ? this.applications.get(filing.outageId) : undefined;
    const target = filing.kind === 'resume' ? outage?.target : filing.target;
    const { deviceIds, stationId } = target ? this.devicesOf(target) : { deviceIds: [], stationId: '' };
    const problem = checkFiling(
      { kind: filing.kind, deviceIds, outageId: filing.kind === 'resume' ? filing.outageId : null },
      [...this.applications.values()],
    );
    if (problem || !target) throw new DutyRefusal(problem ?? 'no target');
    // An exemption's period, or the planned window of an outage or decommission.
    const window =
      filing.kind === 'resume' ? null : { from: filing.from ?? null, until: filing.until ?? null };
    if (window && window.until !== null && window.from !== null && window.until <= window.from) {
      throw new DutyRefusal(
        `${filing.kind === 'decommission' ? 'a' : 'an'} ${filing.kind} must end after it starts`,
      );
    }
    const workOrderId = filing.kind === 'outage' ? (filing.workOrderId ?? null) : null;
    if (workOrderId) this.options.workOrders.checkOutage(workOrderId, id);

    const application: Application = {
      id,
      kind: filing.kind,
      target,
      deviceIds,
      stationId,
      reason: filing.kind === 'resume' ? 'repaired' : filing.reason,
      note: filing.note.trim(),
      state: 'applied',
      appliedAt: nowMs,
      appliedBy: actor.user,
      decidedAt: null,
      decidedBy: null,
      decisionNote: null,
      workOrderId,
      outageId: filing.kind === 'resume' ? filing.outageId : null,
      from: window?.from ?? null,
      until: window?.until ?? null,
      endedAt: null,
      endedBy: null,
    };
    const { state: _state, appliedAt: _at, appliedBy: _by, ...data } = application;
    this.options.journal.record({
      type: 'application.filed',
      subject: id,
      data: data as JsonValue,
      reason: application.note || null,
      actor,
      ts: nowMs,
    });
    this.applications.set(id, application);
    // Filing is the 停运申请 the Shaoxing clock waits for: the order moves now, not at approval.
    if (workOrderId) this.options.workOrders.applyOutage(workOrderId, id, actor);
    this.emit([id]);
    return application;
  }

  approve(id: string, note: string | undefined, actor: Actor): ApplicationView {
    const application = this.decide(id, { type: 'approve' }, note?.trim() || null, actor);
    const outage = application.outageId ? this.applications.get(application.outageId) : undefined;
    if (application.kind === 'resume' && outage) {
      this.decide(outage.id, { type: 'end' }, `resumed by ${application.id}`, actor, application.id);
    }
    this.applyService();
    this.emit([id, ...(outage ? [outage.id] : [])]);
    return application;
  }

  reject(id: string, reason: string, actor: Actor): ApplicationView {
    const application = this.decide(id, { type: 'reject', reason }, reason.trim(), actor);
    this.emit([id]);
    return application;
  }

  withdraw(id: string, reason: string, actor: Actor): ApplicationView {
    const application = this.decide(id, { type: 'withdraw', reason }, reason.trim(), actor);
    this.emit([id]);
    return application;
  }

  /** Rebuilds the applications from the journal and puts their devices back out of service. */
  restore(events: Iterable<RecordedEvent>): string[] {
    const replayed = new Set<string>();
    const problems = replayEach(events, 'application.', (e) => {
      replayed.add(e.subject);
      this.replay(e);
    });
    this.applyService();
    // Closed ones brought back after the queue (duty-snapshot/archive.ts) reach the lists already open.
    if (replayed.size > 0) this.emit([...replayed]);
    return problems;
  }

  private replay(e: RecordedEvent): void {
    const data = asRecord(e.data);
    if (e.type === 'application.filed') {
      const text = (v: JsonValue | undefined) => (typeof v === 'string' ? v : null);
      const num = (v: JsonValue | undefined) => (typeof v === 'number' ? v : null);
      this.applications.set(e.subject, {
        id: e.subject,
        kind: data.kind as Application['kind'],
        target: ApplicationTarget.parse(data.target),
        deviceIds: (Array.isArray(data.deviceIds) ? data.deviceIds : []).map(String),
        stationId: String(data.stationId ?? ''),
        reason: ApplicationReason.parse(data.reason),
        note: String(data.note ?? ''),
        state: 'applied',
        appliedAt: e.ts,
        appliedBy: e.actor.user,
        decidedAt: null,
        decidedBy: null,
        decisionNote: null,
        workOrderId: text(data.workOrderId),
        outageId: text(data.outageId),
        from: num(data.from),
        until: num(data.until),
        endedAt: null,
        endedBy: null,
      });
      return;
    }
    const type = EVENT_OF.get(e.type) as ApplicationEvent['type'] | undefined;
    if (!type) return;
    const event = (
      type === 'reject' || type === 'withdraw' ? { type, reason: e.reason ?? '' } : { type }
    ) as ApplicationEvent;
    this.transition(
      this.find(e.subject),
      event,
      e.reason,
      e.actor,
      e.ts,
      typeof data.by === 'string' ? data.by : null,
    );
  }

  private find(id: string): Application {
    const application = this.applications.get(id);
    if (!application) throw new DutyRefusal(`no application "${id}"`);
    return application;
  }

  private devicesOf(target: ApplicationTarget): { deviceIds: string[]; stationId: string } {
    if ('deviceId' in target) {
      const device = this.devices.get(target.deviceId);
      if (!device) throw new DutyRefusal(`no device "${target.deviceId}"`);
      return { deviceIds: [device.id], stationId: device.stationId };
    }
    const deviceIds = [...this.devices.values()]
      .filter((d) => d.stationId === target.stationId)
      .map((d) => d.id);
    if (deviceIds.length === 0) throw new DutyRefusal(`no station "${target.stationId}" with devices`);
    return { deviceIds, stationId: target.stationId };
  }

  private decide(
    id: string,
    event: ApplicationEvent,
    note: string | null,
    actor: Actor,
    endedBy: string | null = null,
  ): Application {
    const application = this.find(id);
    const nowMs = this.clock.now();
    const result = stepApplication(application.kind, application.state, event);
    if ('refused' in result) throw new DutyRefusal(`${application.id}: ${result.refused}`);
    this.options.journal.record({
      type: JOURNAL_TYPE[event.type],
      subject: id,
      data: {
        kind: application.kind,
        from: application.state,
        to: result.next,
        ...(endedBy ? { by: endedBy } : {}),
      },
      reason: note,
      actor,
      ts: nowMs,
    });
    return this.transition(application, event, note, actor, nowMs, endedBy);
  }

  private transition(
    application: Application,
    event: ApplicationEvent,
    note: string | null,
    actor: Actor,
    atMs: number,
    endedBy: string | null,
  ): Application {
    const result = stepApplication(application.kind, application.state, event);
    if ('refused' in result) throw new DutyRefusal(result.refused);
    application.state = result.next;
    if (event.type === 'end') {
      application.endedAt = atMs;
      application.endedBy = endedBy;
    } else {
      application.decidedAt = atMs;
      application.decidedBy = actor.user;
      application.decisionNote = note;
    }
    return application;
  }

  /** Devices of every outage and decommission in force go out of service for alarms. */
  private applyService(): void {
    const reasons = new Map<string, string>();
    for (const a of this.applications.values()) {
      if (!inForce(a) || (a.kind !== 'outage' && a.kind !== 'decommission')) continue;
      for (const deviceId of a.deviceIds) reasons.set(deviceId, `${a.kind} ${a.id} approved (${a.reason})`);
    }
    this.options.alarms.setOutOfService(reasons);
  }

  private emit(ids: string[]): void {
    this.options.onDelta({
      applications: ids.flatMap((id) => {
        const a = this.applications.get(id);
        return a ? [a] : [];
      }),
      exclusions: this.exclusions(),
    });
  }
}
