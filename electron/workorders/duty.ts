import type { FleetDelta } from '../../shared/api/contract';
import { type EventFrame, eventFrame } from '../../shared/api/frames';
import type { Device, Station } from '../../shared/api/model';
import type { JournalInput } from '../../shared/journal/event';
import type { AlarmRules } from '../../shared/config/alarm-rules';
import type { Profile } from '../../shared/profile/schema';
import type { SlaSettings } from '../../shared/triage/sla';
import { type DeskClock, systemClock } from '../alarms/clock';
import { LimitMonitor } from '../alarms/limits';
import { AlarmService } from '../alarms/service';
import type { Logger } from '../log/logger';
import type { Journal } from '../store/journal';
import { alarmApi, workOrderApi } from './api';
import { ApplicationService } from './applications';
import { dutyHistory } from './projection';
import { WorkOrderService } from './service';

export type DutyOptions = {
  journal: Journal;
  emit: (frame: EventFrame) => void;
  log: Logger;
  sla: SlaSettings;
  clock?: DeskClock;
};

/**
 * The duty desk's alarm queue, work orders and applications, wired
 * together on one journal and one clock: the engine feeds it telemetry
 * and the fleet, and serves its part of the contract.
 */
export function startDuty(options: DutyOptions) {
  const { journal, emit, log } = options;
  const clock = options.clock ?? systemClock;
  const record = (entry: JournalInput) => journal.append(entry);
  const alarms = new AlarmService({
    journal,
    onDelta: (delta) => emit(eventFrame('alarms.delta', delta)),
    clock,
    sla: options.sla,
  });
  const workOrders = new WorkOrderService({
    journal: { record },
    alarms,
    onDelta: (delta) => emit(eventFrame('workorders.delta', delta)),
    clock,
    sla: options.sla,
  });
  alarms.linkIncidents(workOrders);
  const applications = new ApplicationService({
    journal: { record },
    alarms,
    workOrders,
    onDelta: (delta) => emit(eventFrame('applications.delta', delta)),
    clock,
  });
  let limits: LimitMonitor | null = null;

  return {
    api: { ...alarmApi(alarms), ...workOrderApi(workOrders, applications) },

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
      applications.setTopology(devices);
      limits?.stop();
      limits = new LimitMonitor(devices, profiles, clock, (changes) => alarms.onLimits(changes));
      limits.seed(alarms.activeLimits());
    },

    /** Rebuilds alarms, work orders and applications from the journal; call once, after the first setFleet. */
    restore(): void {
      const history = dutyHistory(journal);
      const problems = [
        ...alarms.restore(history),
        ...workOrders.restore(history),
        ...applications.restore(history),
      ];
      limits?.seed(alarms.activeLimits());
      for (const problem of problems) log.warn(`journal replay: ${problem}`);
      log.info(`alarm queue rebuilt from ${history.length} journal events`);
    },

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
      limits?.stop();
      alarms.stop();
      workOrders.stop();
    },
  };
}

export type Duty = ReturnType<typeof startDuty>;
