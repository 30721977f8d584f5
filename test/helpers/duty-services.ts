import type { RecordedEvent } from '../../electron/alarms/recorded';
import { AlarmService } from '../../electron/alarms/service';
import { ApplicationService } from '../../electron/workorders/applications';
import type { DutyJournal } from '../../electron/workorders/journal';
import { WorkOrderService } from '../../electron/workorders/service';
import {
  AlarmsDelta,
  ApplicationsDelta,
  type WorkOrdersDelta,
  WorkOrdersDelta as WorkOrdersDeltaSchema,
} from '../../shared/api/contract';
import type { DeviceStatus } from '../../shared/api/model';
import { slaSettingsOf } from '../../shared/triage/sla';
import { testDcCharger, testStation } from './fleet-fixtures';

export const T0 = Date.UTC(2026, 10, 23, 8, 0, 0);
export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const monitor = { user: 'wang.fang', role: 'monitor' };
export const lead = { user: 'li.qiang', role: 'shift-lead' };

const dc = (id: string, stationId: string) => testDcCharger(id, stationId, 'dc-test');
export const status = (deviceId: string, faults: string[] = []): DeviceStatus => ({
  deviceId,
  comms: 'online',
  state: faults.length ? 'fault' : 'idle',
  faults,
  detail: null,
  since: Date.now(),
});

export const STATIONS = [testStation('s1', '越城区'), testStation('s2', '柯桥区', false)];
export const DEVICES = [dc('s1-dc1', 's1'), dc('s1-dc2', 's1'), dc('s2-dc1', 's2')];
export const SLA = slaSettingsOf({ default: 'service-commitment', presetByGroup: { 越城区: 'shaoxing' } });

/**
 * One desk's services on an in-memory journal that keeps what a restart
 * would read back; `readBack`: closed orders are let go of and read back
 * from it, as startDuty's are from the journal.
 */
export function desk(journal: RecordedEvent[], options: { readBack?: boolean } = {}) {
  const record: DutyJournal['record'] = (entry) => {
    const id = `e${journal.length + 1}`;
    journal.push({ id, ...entry });
    return { id };
  };
  const alarmDeltas: AlarmsDelta[] = [];
  const orderDeltas: WorkOrdersDelta[] = [];
  const alarms = new AlarmService({
    journal: { appendMany: (entries) => entries.map(record) },
    onDelta: (d) => alarmDeltas.push(AlarmsDelta.parse(d)),
    sla: SLA,
  });
  const orders = new WorkOrderService({
    journal: { record },
    alarms,
    onDelta: (d) => orderDeltas.push(WorkOrdersDeltaSchema.parse(d)),
    sla: SLA,
    ...(options.readBack
      ? {
          archived: (ids: readonly string[]) =>
            new Map(ids.map((id) => [id, { events: journal.filter((e) => e.subject === id), notices: [] }])),
        }
      : {}),
  });
  alarms.linkIncidents(orders);
  const applications = new ApplicationService({
    journal: { record },
    alarms,
    workOrders: orders,
    onDelta: (d) => ApplicationsDelta.parse(d),
  });
  alarms.setTopology(STATIONS, DEVICES);
  orders.setTopology(STATIONS);
  applications.setTopology(DEVICES);
  return {
    alarms,
    orders,
    applications,
    alarmDeltas,
    orderDeltas,
    alarm: (id: string) => alarms.list().alarms.find((a) => a.id === id),
    restore() {
      alarms.restore(journal);
      orders.restore(journal);
      applications.restore(journal);
    },
    stop() {
      alarms.stop();
      orders.stop();
    },
  };
}
