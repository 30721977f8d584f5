import type {
  AvailabilityReport,
  ChargerMonth,
  MonthlyReport,
  PvMonth,
  ReportPeriod,
  StationMonth,
} from '../api/reports';
import { SOURCE_TEXT as SOURCE } from '../i18n/messages/report-sources';
import { deviceRow, downSpans, isCharger, type ReportFleet, stationRow } from './availability';
import type { AlarmPoint, ApplicationFacts, ChargingSession, WorkOrderFacts } from './facts';
import { clip, total, union } from './intervals';
import { kpi } from './kpi';
import { observedRange } from './period';

export const MONTHLY_SOURCES = {
  sessions: SOURCE.sessions,
  reconstructed: SOURCE.reconstructed,
  energyMeter: SOURCE.energyMeter,
  energySessions: SOURCE.energySessions,
  sessionEnergy: SOURCE.sessionEnergy,
  faults: SOURCE.faults,
  workOrders: SOURCE.deviceWorkOrders,
  availability: SOURCE.availability,
  generation: SOURCE.generation,
  pvStatus: SOURCE.pvStatus,
} as const;

/** Spans of fault codes of every device (comms excluded), joined where they touch or overlap. */
function faultEpisodes(points: ReadonlyMap<string, AlarmPoint>, fleet: ReportFleet, end: number) {
  const down = downSpans(points, fleet.devices, end);
  return new Map(
    [...down].map(([id, d]) => [id, union([...d.fault, ...[...d.gunFault.values()].flat()])] as const),
  );
}

const inMonth = (t: number, p: ReportPeriod) => t >= p.from && t < p.to;

/**
 * The monthly operations report in the format of seed 000 (运营数据报表
 * 提交规范): per charger sessions (次), energy (kWh) and fault count, per PV
 * system generation (kWh) and normal/abnormal, each figure with its source.
 * `counters` holds each device's lifetime-counter difference over the month
 * in kWh, or null where history has none. The early-warning counts are
 * added by the report service from the warnings' own events.
 */
export function monthlyReport(input: {
  period: ReportPeriod;
  fleet: ReportFleet;
  points: ReadonlyMap<string, AlarmPoint>;
  orders: readonly WorkOrderFacts[];
  applications: readonly ApplicationFacts[];
  sessions: readonly ChargingSession[];
  availability: AvailabilityReport;
  counters: ReadonlyMap<string, number | null>;
  /** Journal events with a timestamp in the month. */
  journalEvents: number;
}): Omit<MonthlyReport, 'warnings'> {
  const { period, fleet } = input;
  const range = observedRange(period);
  const episodes = faultEpisodes(input.points, fleet, range.endMs);
  const faultsOf = (id: string) => (episodes.get(id) ?? []).filter((e) => inMonth(e.startMs, period)).length;

  const sessionsOf = new Map<string, ChargingSession[]>();
  for (const s of input.sessions) {
    if (inMonth(s.endedAt, period)) sessionsOf.set(s.deviceId, [...(sessionsOf.get(s.deviceId) ?? []), s]);
  }
  const orders = input.orders.filter((o) => inMonth(o.record.createdAt, period));
  const availability = new Map(input.availability.devices.map((d) => [d.deviceId, d.availability]));

  const chargers: ChargerMonth[] = fleet.devices.filter(isCharger).map((d) => {
    const own = sessionsOf.get(d.id) ?? [];
    const sessionEnergyKwh = own.reduce((n, s) => n + s.energyKwh, 0);
    const meter = input.counters.get(d.id);
    const hasMeter = meter !== undefined && meter !== null && meter >= 0;
    return {
      ...deviceRow(d),
      kind: d.kind,
      guns: d.guns,
      sessions: own.length,
      reconstructedSessions: own.filter((s) => s.reconstructed).length,
      energyKwh: hasMeter ? meter : own.length > 0 ? sessionEnergyKwh : null,
      energySource: hasMeter ? 'meter' : own.length > 0 ? 'sessions' : 'none',
      sessionEnergyKwh,
      faults: faultsOf(d.id),
      workOrders: orders.filter((o) => o.deviceIds.includes(d.id)).length,
      availability: availability.get(d.id) ?? null,
    };
  });

  const down = downSpans(input.points, fleet.devices, range.endMs);
  const pv: PvMonth[] = fleet.devices
    .filter((d) => d.kind === 'pv-inverter')
    .map((d) => {
      const spans = down.get(d.id);
      const abnormalMs = total(union(clip([...(spans?.comms ?? []), ...(spans?.fault ?? [])], range)));
      const counter = input.counters.get(d.id);
      return {
        ...deviceRow(d),
        generationKwh: counter !== undefined && counter !== null && counter >= 0 ? counter : null,
        status: abnormalMs > 0 ? 'abnormal' : 'normal',
        faults: faultsOf(d.id),
        abnormalMs,
      };
    });

  const stationAvailability = new Map(input.availability.stations.map((s) => [s.stationId, s.availability]));
  const stations: StationMonth[] = fleet.stations.map((s) => {
    const own = chargers.filter((c) => c.stationId === s.id);
    const ownPv = pv.filter((p) => p.stationId === s.id);
    return {
      ...stationRow(s, own),
      sessions: own.reduce((n, c) => n + c.sessions, 0),
      energyKwh: own.reduce((n, c) => n + (c.energyKwh ?? 0), 0),
      generationKwh: ownPv.reduce((n, p) => n + (p.generationKwh ?? 0), 0),
      faults: fleet.devices.filter((d) => d.stationId === s.id).reduce((n, d) => n + faultsOf(d.id), 0),
      availability: stationAvailability.get(s.id) ?? null,
    };
  });

  const points = [...input.points.values()];
  const annunciated = points.reduce(
    (n, p) =>
      n + p.incidents.reduce((m, i) => m + i.annunciations.filter((t) => inMonth(t, period)).length, 0),
    0,
  );
  const filed = input.applications.filter((a) => inMonth(a.appliedAt, period)).length;
  return {
    period,
    stations,
    chargers,
    pv,
    totals: {
      chargers: chargers.length,
      sessions: chargers.reduce((n, c) => n + c.sessions, 0),
      reconstructedSessions: chargers.reduce((n, c) => n + c.reconstructedSessions, 0),
      energyKwh: chargers.reduce((n, c) => n + (c.energyKwh ?? 0), 0),
      sessionEnergyKwh: chargers.reduce((n, c) => n + c.sessionEnergyKwh, 0),
      faults: chargers.reduce((n, c) => n + c.faults, 0),
      workOrders: chargers.reduce((n, c) => n + c.workOrders, 0),
      pvSystems: pv.length,
      generationKwh: pv.reduce((n, p) => n + (p.generationKwh ?? 0), 0),
      pvAbnormal: pv.filter((p) => p.status === 'abnormal').length,
    },
    system: [
      kpi('journalEvents', input.journalEvents, 'count', SOURCE.journalEvents),
      kpi('alarmsAnnunciated', annunciated, 'count', SOURCE.annunciated),
      kpi('workOrdersOpened', orders.length, 'count', SOURCE.workOrderCreated),
      kpi(
        'workOrdersAccepted',
        input.orders.filter((o) => o.record.acceptedAt !== null && inMonth(o.record.acceptedAt, period))
          .length,
        'count',
        SOURCE.workOrderAccepted,
      ),
      kpi('applicationsFiled', filed, 'count', SOURCE.applicationFiled),
      kpi(
        'sessionsRecorded',
        input.sessions.filter((s) => inMonth(s.endedAt, period)).length,
        'count',
        MONTHLY_SOURCES.sessions,
      ),
    ],
    sources: { ...MONTHLY_SOURCES },
  };
}
