import type { NoticeView, WorkOrderView } from '../../shared/api/contract';
import type { Station } from '../../shared/api/model';
import { type ClockView, clocks, presetFor, type SlaSettings } from '../../shared/triage/sla';
import { defectDeadline } from '../../shared/workorder/defects';
import { isOpen } from '../../shared/workorder/state';
import type { WorkOrder } from './orders';

/**
 * How a work order reads on the desk: its record, the SLA clocks of its
 * tier counted from the earliest alarm it covers, the defect-class
 * deadline, its notifications and what the crew asked for.
 */
export class WorkOrderViews {
  private stations = new Map<string, Station>();

  constructor(
    private sla: SlaSettings,
    /** The notifications about a work order, for its timeline. */
    private readonly notices: (workOrderId: string) => NoticeView[] = () => [],
  ) {}

  setTopology(stations: readonly Station[]): void {
    this.stations = new Map(stations.map((s) => [s.id, s]));
  }

  setSla(settings: SlaSettings): void {
    this.sla = settings;
  }

  hasStation(id: string): boolean {
    return this.stations.has(id);
  }

  view(order: WorkOrder, nowMs: number): WorkOrderView {
    const { record } = order;
    const { preset, views } = this.clocksOf(order, nowMs);
    return {
      id: order.id,
      state: record.state,
      alarmIds: order.incidents.map((i) => i.alarmId),
      stationId: order.stationId,
      deviceIds: order.deviceIds,
      tier: order.tier,
      defectClass: order.defectClass,
      defectDeadline: this.deadlineOf(order, nowMs),
      title: order.title,
      createdAt: record.createdAt,
      createdBy: order.createdBy,
      crew: record.crew,
      dispatchedAt: record.dispatchedAt,
      checkInAt: record.checkInAt,
      resolvedAt: record.resolvedAt,
      work: record.work,
      acceptedAt: record.acceptedAt,
      acceptedBy: record.acceptedBy,
      outageApplicationId: record.outageApplicationId,
      outagePrompt:
        isOpen(record.state) &&
        views.some(
          (v) =>
            v.kind === 'deadline' &&
            v.onBreach === 'prompt-outage' &&
            v.state === 'breached' &&
            v.stoppedAt === null,
        ),
      slaPreset: preset,
      clocks: views,
      steps: order.steps,
      crewId: order.crewId,
      notices: this.notices(order.id),
      crewOutageRequest:
        order.outageRequest &&
        isOpen(record.state) &&
        record.outageApplicationId === null &&
        record.state !== 'resolved'
          ? order.outageRequest
          : null,
    };
  }

  /** Every clock whose deadline escalates: the SLA clocks and the defect-class deadline. */
  deadlines(order: WorkOrder, nowMs: number): ClockView[] {
    const { views } = this.clocksOf(order, nowMs);
    const defect = this.deadlineOf(order, nowMs);
    const defectClock: ClockView = {
      kind: 'deadline',
      id: 'defect',
      state: defect.state,
      startedAt: order.record.createdAt,
      deadline: defect.deadline,
      stoppedAt: order.record.resolvedAt,
      remainingMs: defect.deadline - (order.record.resolvedAt ?? nowMs),
      onBreach: 'escalate',
      basis: defect.basis,
    };
    return [...views, defectClock];
  }

  private clocksOf(order: WorkOrder, nowMs: number) {
    const station = this.stations.get(order.stationId);
    if (!station) return { preset: this.sla.defaultPreset, views: [] };
    const preset = presetFor(station, this.sla);
    const raisedAt = Math.min(...order.incidents.map((i) => i.raisedAt));
    const timeline = [{ event: 'raised' as const, at: raisedAt }, ...order.record.timeline];
    return { preset: preset.id, views: clocks(preset, order.tier, station, timeline, nowMs) };
  }

  private deadlineOf(order: WorkOrder, nowMs: number) {
    return defectDeadline(order.defectClass, order.record.createdAt, order.record.resolvedAt, nowMs);
  }
}
