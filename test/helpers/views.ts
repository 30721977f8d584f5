import { AlarmView, ApplicationView, WorkOrderView } from '../../shared/api';
import { newWorkOrder } from '../../shared/workorder/state';

/*
 * Records as the engine sends them, checked against the contract so the
 * fixtures cannot drift from it. Each starts where a new record starts
 * (nothing acknowledged, dispatched or decided); a test names what it needs
 * beyond that.
 */

const DAY = 24 * 3_600_000;

type AlarmIdentity = Pick<AlarmView, 'id' | 'deviceId' | 'stationId' | 'cause' | 'raisedAt'>;

/** An active, unacknowledged alarm nobody has touched yet. */
export function alarmView(fields: AlarmIdentity & Partial<AlarmView>): AlarmView {
  return AlarmView.parse({
    state: 'active-unacknowledged',
    conditionActive: true,
    priority: 'medium',
    tier: 'remote',
    defectClass: 'general',
    ruleId: 'default',
    tierChanges: [],
    ackedAt: null,
    ackedBy: null,
    shelf: null,
    suppressedBy: null,
    outOfService: null,
    chattering: false,
    slaPreset: 'service-commitment',
    clocks: [],
    workOrderIds: [],
    outagePrompt: false,
    ...fields,
  });
}

/** A work order just opened on one DC charger of sx01: a serious defect, no crew sent yet. */
export function workOrderView(
  fields: Pick<WorkOrderView, 'id' | 'createdAt'> & Partial<WorkOrderView>,
): WorkOrderView {
  const { timeline: _, ...opened } = newWorkOrder(fields.createdAt);
  return WorkOrderView.parse({
    ...opened,
    alarmIds: ['sx01-dc1:insulationFault'],
    stationId: 'sx01',
    deviceIds: ['sx01-dc1'],
    tier: 'on-site',
    defectClass: 'serious',
    defectDeadline: {
      defectClass: 'serious',
      deadline: fields.createdAt + DAY,
      state: 'running',
      basis: '001',
    },
    title: `work ${fields.id}`,
    createdBy: 'zhou.min',
    outagePrompt: false,
    crewOutageRequest: null,
    slaPreset: 'service-commitment',
    clocks: [],
    steps: [],
    crewId: null,
    notices: [],
    ...fields,
  });
}

/** An outage application for one DC charger of sx01, filed and not yet decided. */
export function applicationView(
  fields: Pick<ApplicationView, 'id' | 'appliedAt'> & Partial<ApplicationView>,
): ApplicationView {
  return ApplicationView.parse({
    kind: 'outage',
    target: { deviceId: 'sx01-dc1' },
    deviceIds: ['sx01-dc1'],
    stationId: 'sx01',
    reason: 'before-maintenance',
    note: '',
    state: 'applied',
    appliedBy: 'zhou.min',
    decidedAt: null,
    decidedBy: null,
    decisionNote: null,
    workOrderId: null,
    outageId: null,
    from: null,
    until: null,
    endedAt: null,
    endedBy: null,
    ...fields,
  });
}
