import Database from 'better-sqlite3';
import { clearSkyDays } from '../../shared/warning/clear-sky';
import { DAY_MS, type DaySeries, type Finding } from '../../shared/warning/model';
import { type ChargerDays, detectSite, type SiteDays } from '../../shared/warning/pass';
import { DEFAULT_THRESHOLDS, type Thresholds } from '../../shared/warning/thresholds';

/**
 * One pass of the detectors over the desk's own records: the telemetry
 * history (history.sqlite's 15-minute rollups) for temperatures, insulation
 * and energy counters, and the day counts of charging sessions the engine
 * took from the journal. Runs in the warnings worker (worker.ts); opens the
 * history read-only, so the history worker stays its only writer.
 */

/**
 * Per charger, per day, from `charging.session` events: sessions, failed
 * sessions, session energy, the sessions whose end power is known and
 * those of them that ended at power, and plug-ins that never started
 * (`charging.unstarted`).
 */
export type SessionDays = {
  sessions: number[];
  failures: number[];
  kwh: number[];
  powered: number[];
  atPower: number[];
  unstarted: number[];
};

export type ScanDevice = { deviceId: string; profileId: string; guns: number };
/** A lifetime energy counter: its point and the factor to kWh (shared/report/meter-reconcile lifetimeCounter). */
export type ScanCounter = { key: string; toKwh: number } | null;
/** A gateway's requests and failed requests per day; null where the desk kept no count. */
export type ScanGateway = { gatewayId: string; requests: (number | null)[]; failures: (number | null)[] };
export type ScanSite = {
  siteId: string;
  /** Where the site is, for its clear-sky yield. */
  lat: number;
  lng: number;
  /** `plugIns`: the charger's gun state shows a car plugged in before it charges (preparing), so a start that never came is seen. */
  chargers: readonly (ScanDevice & { dc: boolean; plugIns: boolean })[];
  inverters: readonly (ScanDevice & { ratedKw: number; counter: ScanCounter })[];
  meters: readonly (ScanDevice & { counter: ScanCounter })[];
  gateways: readonly ScanGateway[];
};

export type ScanInput = {
  historyFile: string;
  /** Start of the first day (UTC midnight) and how many days. */
  startMs: number;
  days: number;
  sites: readonly ScanSite[];
  /** Session day counts by charger id, over the same days. */
  sessions: Readonly<Record<string, SessionDays>>;
  /** Thresholds by profile id, from the profiles' `warnings`; a profile not listed has the defaults. */
  thresholds: Readonly<Record<string, Thresholds>>;
};

/** Current below this (A) says nothing about a contact's resistance: I² is too small against sensor noise. */
const THERMAL_MIN_A = 40;
/** Below this a gun carries no current worth heating: its connector reads the air. */
const IDLE_A = 1;
/** How far from a charging quarter-hour an idle gun still tells that hour's air temperature. */
const AMBIENT_NEAR_MS = 2 * 3_600_000;

type Bucket = { bucket: number; min: number; max: number; sum: number; count: number; last: number };

export function scanHistory(input: ScanInput): Finding[] {
  const db = openReadOnly(input.historyFile);
  try {
    const seriesId = db?.prepare<[string, string], { id: number }>(
      'SELECT id FROM series WHERE device = ? AND key = ?',
    );
    const buckets = db?.prepare<[number, number, number], Bucket>(
      'SELECT bucket, min, max, sum, count, last FROM r15m WHERE series = ? AND bucket >= ? AND bucket < ? ORDER BY bucket',
    );
    const endMs = input.startMs + input.days * DAY_MS;
    const read = (deviceId: string, key: string): Bucket[] => {
      const row = seriesId?.get(deviceId, key);
      return row && buckets ? buckets.all(row.id, input.startMs, endMs) : [];
    };
    const findings: Finding[] = [];
    const thresholdsOf = (profileId: string) => input.thresholds[profileId] ?? DEFAULT_THRESHOLDS;
    for (const site of input.sites) findings.push(...detectSite(siteDays(site, input, read), thresholdsOf));
    return findings;
  } finally {
    db?.close();
  }
}

function openReadOnly(file: string): Database.Database | null {
  try {
    return new Database(file, { readonly: true, fileMustExist: true });
  } catch {
    // No history yet (a new desk): the journal's sessions are still judged.
    return null;
  }
}

function siteDays(site: ScanSite, input: ScanInput, read: (d: string, k: string) => Bucket[]): SiteDays {
  const series = (values: (number | null)[]): DaySeries => ({ startMs: input.startMs, values });
  const dayOf = (ms: number) => Math.floor((ms - input.startMs) / DAY_MS);
  const empty = () => new Array<number | null>(input.days).fill(null);

  /** Advance of a lifetime counter each day in kWh, from the last reading of each bucket. */
  const counterKwh = (deviceId: string, counter: ScanCounter): DaySeries => {
    const out = empty();
    const last = empty();
    if (!counter) return series(out);
    for (const b of read(deviceId, counter.key)) last[dayOf(b.bucket)] = b.last;
    let before: number | null = null;
    for (let d = 0; d < input.days; d++) {
      const v = last[d] ?? null;
      if (v === null) continue;
      // A counter that went back was replaced or reset: that day says nothing.
      if (before !== null && v >= before) out[d] = (v - before) * counter.toKwh;
      before = v;
    }
    return series(out);
  };

  const chargers: ChargerDays[] = site.chargers.map((c) => {
    const s = input.sessions[c.deviceId];
    const counts = (xs: number[] | undefined) => series(empty().map((_, d) => xs?.[d] ?? 0));
    const charger: ChargerDays = {
      deviceId: c.deviceId,
      profileId: c.profileId,
      sessions: counts(s?.sessions),
      failures: counts(s?.failures),
      sessionKwh: counts(s?.kwh),
      endPower: { powered: counts(s?.powered), atPower: counts(s?.atPower) },
      // A gun state without preparing cannot show a refused start: no count, rather than a count of none.
      ...(c.plugIns ? { unstarted: counts(s?.unstarted) } : {}),
    };
    if (c.dc) {
      charger.thermal = series(thermalDays(c, read, dayOf, input.days));
      const insulation = empty();
      for (const b of read(c.deviceId, 'insulation')) {
        const d = dayOf(b.bucket);
        // Zero is "not measured" between sessions on many chargers, never a real reading.
        if (b.min > 0) insulation[d] = Math.min(insulation[d] ?? Number.POSITIVE_INFINITY, b.min);
      }
      charger.insulationKohm = series(insulation);
    }
    return charger;
  });
  return {
    siteId: site.siteId,
    clearSkyKwhPerKw: clearSkyDays(site, input.startMs, input.days),
    chargers,
    inverters: site.inverters.map((i) => ({
      deviceId: i.deviceId,
      profileId: i.profileId,
      ratedKw: i.ratedKw,
      energyKwh: counterKwh(i.deviceId, i.counter),
    })),
    meters: site.meters.map((m) => ({
      deviceId: m.deviceId,
      profileId: m.profileId,
      counterKwh: counterKwh(m.deviceId, m.counter),
    })),
    gateways: site.gateways.map((g) => ({
      gatewayId: g.gatewayId,
      requests: series(g.requests),
      failures: series(g.failures),
    })),
  };
}

/**
 * Connector rise over ambient ÷ current² (mK/A²), the day's median over the
 * quarter-hours a gun carried real current. Ambient is the coolest reading
 * of an idle gun of the same charger within two hours (the connector at rest
 * is at air temperature); only without one, the gun's coolest reading of the
 * day. The day's coolest alone is the night's air: against it a midday
 * session rises by the sun as much as by its contact.
 */
function thermalDays(
  c: ScanDevice,
  read: (d: string, k: string) => Bucket[],
  dayOf: (ms: number) => number,
  days: number,
): (number | null)[] {
  const perDay: number[][] = Array.from({ length: days }, () => []);
  const guns = Array.from({ length: c.guns }, (_, i) => {
    const temps = read(c.deviceId, `gun${i + 1}.temperature`);
    const current = read(c.deviceId, `gun${i + 1}.current`);
    return { temps, current, amps: new Map(current.map((a) => [a.bucket, a.sum / a.count])) };
  });
  const coolestOfDay = new Map<number, number>();
  const idle: { at: number; temp: number }[] = [];
  for (const { temps, current } of guns) {
    // History keeps changes only: a quarter-hour without a current sample carries the last one on.
    let next = 0;
    let lastAmps = 0;
    for (const t of temps) {
      const d = dayOf(t.bucket);
      coolestOfDay.set(d, Math.min(coolestOfDay.get(d) ?? Number.POSITIVE_INFINITY, t.min));
      for (; next < current.length && (current[next] as Bucket).bucket <= t.bucket; next++) {
        const a = current[next] as Bucket;
        // Idle throughout its own quarter-hour, or since the last change before it.
        lastAmps = a.bucket === t.bucket ? a.max : a.last;
      }
      if (lastAmps < IDLE_A) idle.push({ at: t.bucket, temp: t.min });
    }
  }
  idle.sort((a, b) => a.at - b.at);
  const ambientAt = (at: number): number | undefined => {
    let coolest = Number.POSITIVE_INFINITY;
    for (let i = firstAtOrAfter(idle, at - AMBIENT_NEAR_MS); i < idle.length; i++) {
      const near = idle[i] as { at: number; temp: number };
      if (near.at > at + AMBIENT_NEAR_MS) break;
      coolest = Math.min(coolest, near.temp);
    }
    return Number.isFinite(coolest) ? coolest : coolestOfDay.get(dayOf(at));
  };
  for (const { temps, amps } of guns) {
    for (const t of temps) {
      const a = amps.get(t.bucket);
      if (a === undefined || a < THERMAL_MIN_A) continue;
      const base = ambientAt(t.bucket);
      if (base === undefined) continue;
      perDay[dayOf(t.bucket)]?.push(((t.sum / t.count - base) * 1000) / (a * a));
    }
  }
  return perDay.map((xs) => (xs.length === 0 ? null : median(xs)));
}

/** Index of the first entry at or after `at` in a list sorted by time. */
function firstAtOrAfter(list: readonly { at: number }[], at: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid] as { at: number }).at < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
}
