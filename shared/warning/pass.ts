import { chargingQuality, unusualEndPower } from './detectors/charging-quality';
import { commsQuality } from './detectors/comms';
import { insulationDecline } from './detectors/insulation';
import { energyMismatch } from './detectors/mismatch';
import { pvPerformance } from './detectors/pv';
import { frozenMeter, silentChargers, silentInverters } from './detectors/silent';
import { startRefusals } from './detectors/start-refusals';
import { connectorThermal } from './detectors/thermal';
import type { DaySeries, Finding } from './model';
import { DEFAULT_THRESHOLDS, type Thresholds } from './thresholds';

/**
 * What one pass of the detectors reads: per site, the day series of its
 * devices and gateways, all over the same days. The desk builds this from
 * its history and journal; the benchmark from the simulator's fleet-year.
 */
export type ChargerDays = {
  deviceId: string;
  profileId: string;
  sessions: DaySeries;
  /** Sessions that failed to start or stopped abnormally. */
  failures: DaySeries;
  sessionKwh: DaySeries;
  /** Connector rise over ambient ÷ current², daily median (mK/A²); absent on chargers that report no connector temperature. */
  thermal?: DaySeries;
  /** Lowest DC insulation at a session start (kΩ); absent on AC chargers. */
  insulationKohm?: DaySeries;
  /** Sessions whose end power is known, and those of them that ended at power rather than tapering off. */
  endPower?: { powered: DaySeries; atPower: DaySeries };
  /** Plug-ins that never started charging (preparing, then idle): refused or abandoned starts. */
  unstarted?: DaySeries;
};

export type InverterDays = { deviceId: string; profileId: string; ratedKw: number; energyKwh: DaySeries };

/** A site meter: its counter's advance per day, against the site's chargers' session energy. */
export type MeterDays = { deviceId: string; profileId: string; counterKwh: DaySeries };

export type GatewayDays = { gatewayId: string; requests: DaySeries; failures: DaySeries };

export type SiteDays = {
  siteId: string;
  /** Clear-sky yield per kW of rating each day (shared/pv/expected integrated over the day). */
  clearSkyKwhPerKw: DaySeries;
  chargers: readonly ChargerDays[];
  inverters: readonly InverterDays[];
  meters: readonly MeterDays[];
  gateways: readonly GatewayDays[];
};

/** Thresholds by profile id; a profile with none uses the defaults. */
export type ThresholdsByProfile = (profileId: string) => Thresholds;

const defaults: ThresholdsByProfile = () => DEFAULT_THRESHOLDS;

/** Every detector over one site; pure, so the worker, the benchmark and the tests run the same code. */
export function detectSite(site: SiteDays, thresholdsOf: ThresholdsByProfile = defaults): Finding[] {
  const out: Finding[] = [];
  const push = (f: Finding | null) => {
    if (f) out.push(f);
  };
  for (const c of site.chargers) {
    const t = thresholdsOf(c.profileId);
    if (c.thermal) push(connectorThermal(c.deviceId, c.thermal, t));
    if (c.insulationKohm) push(insulationDecline(c.deviceId, c.insulationKohm, t));
    // One charging-quality warning per charger: failures say more than refused starts, and both more than how sessions ended.
    const endPower = c.endPower && withoutDays(c.endPower, siteWideCuts(site.chargers, c));
    push(
      chargingQuality(c.deviceId, c.sessions, c.failures, t) ??
        startRefusals(site.chargers, c, t) ??
        (endPower ? unusualEndPower(c.deviceId, endPower.powered, endPower.atPower, t) : null),
    );
  }
  const chargerT = thresholdsOf(site.chargers[0]?.profileId ?? '');
  out.push(...silentChargers(site.chargers, chargerT));
  const inverterT = thresholdsOf(site.inverters[0]?.profileId ?? '');
  out.push(...pvPerformance(site.inverters, site.clearSkyKwhPerKw, inverterT));
  out.push(...silentInverters(site.inverters, site.clearSkyKwhPerKw, inverterT));
  if (site.meters.length > 0 && site.chargers.length > 0) {
    const sessionKwh = sumSeries(site.chargers.map((c) => c.sessionKwh));
    for (const m of site.meters) {
      const t = thresholdsOf(m.profileId);
      const frozen = frozenMeter(m.deviceId, m.counterKwh, sessionKwh, t);
      push(frozen ?? energyMismatch(m.deviceId, m.counterKwh, sessionKwh, t));
    }
  }
  // A gateway has no device profile of its own: the defaults apply.
  for (const g of site.gateways) push(commsQuality(g.gatewayId, g.requests, g.failures, DEFAULT_THRESHOLDS));
  return out;
}

/**
 * Days on which most of the site's other chargers had a session end at
 * power (at least two, and half of those that charged): the site's supply
 * was cut, which says nothing about `judged`. Its own sessions do not count
 * towards the cut: a charger cutting its own sessions every day would
 * otherwise make half its days look like the site's and hide itself. One
 * other charger alone cannot tell a cut from chance, so a site needs three.
 */
function siteWideCuts(chargers: readonly ChargerDays[], judged: ChargerDays): Set<number> {
  const cut = new Set<number>();
  const withPower = chargers.flatMap((c) => (c.endPower && c !== judged ? [c.endPower] : []));
  const days = withPower[0]?.powered.values.length ?? 0;
  for (let d = 0; d < days; d++) {
    let powered = 0;
    let atPower = 0;
    for (const e of withPower) {
      if ((e.powered.values[d] ?? 0) > 0) powered++;
      if ((e.atPower.values[d] ?? 0) > 0) atPower++;
    }
    if (powered >= 2 && atPower >= 2 && atPower * 2 >= powered) cut.add(d);
  }
  return cut;
}

function withoutDays<T extends Record<string, DaySeries>>(series: T, days: ReadonlySet<number>): T {
  if (days.size === 0) return series;
  const out: Record<string, DaySeries> = {};
  for (const [k, s] of Object.entries(series))
    out[k] = { startMs: s.startMs, values: s.values.map((v, d) => (days.has(d) ? null : v)) };
  return out as T;
}

/** Day-by-day sum; a day is null only when every series is null that day. */
export function sumSeries(series: readonly DaySeries[]): DaySeries {
  const first = series[0];
  if (!first) return { startMs: 0, values: [] };
  const values = first.values.map((_, d) => {
    let sum: number | null = null;
    for (const s of series) {
      const v = s.values[d];
      if (v !== null && v !== undefined && Number.isFinite(v)) sum = (sum ?? 0) + v;
    }
    return sum;
  });
  return { startMs: first.startMs, values };
}
