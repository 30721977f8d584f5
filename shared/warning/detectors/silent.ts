import { confidenceOf, type DaySeries, dayAt, type EvidencePoint, type Finding } from '../model';
import { binomialLowerTail, median } from '../stats';
import type { Thresholds } from '../thresholds';
import { lastDays, sumFrom } from './level';
import type { PvInverterDays } from './pv';

/** `unstarted`: plug-ins that never started charging, where the charger's gun state shows them. */
export type ChargerSessionDays = { deviceId: string; sessions: DaySeries; unstarted?: DaySeries };

/**
 * A charger that has (nearly) stopped being used while the site's other
 * chargers are busy: a broken card reader, a blocked bay, a screen that lies.
 * Its share of the site's sessions over the baseline gives how many it
 * should have had in the last `silent.days` days, the last week or the last
 * two weeks; far
 * fewer (binomial lower tail below `alpha`, conditional on its own total so
 * a short baseline does not pass for a change) warns. On a holiday the whole site is quiet, so the
 * expectation is small and nothing is judged.
 */
export function silentChargers(chargers: readonly ChargerSessionDays[], t: Thresholds): Finding[] {
  if (chargers.length < 2) return [];
  const findings: Finding[] = [];
  const seen = new Set<string>();
  // Silence over a few days, or a charger fading over one or two weeks (a failing card reader refuses ever more starts).
  const windows = [t.silent.days, Math.max(t.silent.days, 7), Math.max(t.silent.days, 14)];
  for (const f of [...windows.flatMap((days) => silentOver(chargers, t, days)), ...fading(chargers, t)])
    if (!seen.has(f.deviceId)) {
      seen.add(f.deviceId);
      findings.push(f);
    }
  return findings;
}

/**
 * A charger whose share of the site's sessions keeps falling: a failing card
 * reader refuses more starts each week. Given its sessions over the last
 * `silent.trendDays` days, each would fall on a day in proportion to the
 * other chargers' sessions that day if its share held; its sessions lying
 * early in the window, by a standard score below −`silent.trendZ`, says
 * the share fell. The other chargers carry the weather, weekdays and
 * holidays (a closed site has no weight), and a level that is merely low
 * does not count: only a fall does.
 *
 * Only chargers whose plug-ins the desk cannot see are judged so: where it
 * can, the refused starts themselves tell a failing reader earlier
 * (start-refusals.ts), and on the tuning seed this test then found no card
 * reader they missed while raising most of the false silent warnings.
 */
function fading(chargers: readonly ChargerSessionDays[], t: Thresholds): Finding[] {
  const rule = t.silent;
  const windows = chargers.map((c) => lastDays(c.sessions, rule.trendDays).values);
  const length = windows[0]?.length ?? 0;
  if (length < rule.trendDays) return [];
  const site = Array.from({ length }, (_, d) => windows.reduce((s, w) => s + (w[d] ?? 0), 0));
  const findings: Finding[] = [];
  chargers.forEach((c, k) => {
    if (c.unstarted) return;
    const own = windows[k] as (number | null)[];
    const others = site.map((v, d) => v - (own[d] ?? 0));
    const weight = others.reduce((a, b) => a + b, 0);
    const n = sumFrom(own, 0);
    // A trend needs the window behind it: sessions of a few days only (a new desk) give no spread to fall across.
    const usedDays = others.filter((v) => v > 0).length;
    if (weight <= 0 || n < rule.minExpected || usedDays < rule.trendDays / 2) return;
    const mean = others.reduce((a, w, d) => a + w * d, 0) / weight;
    const variance = others.reduce((a, w, d) => a + w * (d - mean) ** 2, 0) / weight;
    const score = own.reduce((a: number, v, d) => a + (v ?? 0) * (d - mean), 0);
    const z = score / Math.sqrt(n * variance);
    if (!(z < -rule.trendZ)) return;
    const window = lastDays(c.sessions, rule.trendDays);
    const share = n / weight;
    findings.push({
      detector: 'silent-equipment',
      deviceId: c.deviceId,
      variant: 'charger-fading',
      confidence: confidenceOf(-z, rule.trendZ),
      startedAtMs: dayAt(window, 0),
      adviceKey: 'warning.advice.silentCharger',
      evidence: {
        quantity: 'warning.quantity.sessions',
        unit: '',
        points: own.map((value, d) => {
          return sessionsPoint(window, d, value, share * (others[d] ?? 0));
        }),
      },
    });
  });
  return findings;
}

function silentOver(chargers: readonly ChargerSessionDays[], t: Thresholds, recentDays: number): Finding[] {
  const rule = t.silent;
  const windows = chargers.map((c) => lastDays(c.sessions, t.windowDays).values);
  const length = windows[0]?.length ?? 0;
  const cut = length - recentDays;
  if (cut < t.minBaselineDays) return [];
  const siteDaily = Array.from({ length }, (_, d) => windows.reduce((s, w) => s + (w[d] ?? 0), 0));
  const siteBase = siteDaily.slice(0, cut).reduce((a, b) => a + b, 0);
  const siteRecent = siteDaily.slice(cut).reduce((a, b) => a + b, 0);
  // A baseline is days the site was used: a desk's first hours (or a site just added) are no baseline,
  // and a charger busy then while the others were not would look silent by comparison ever after.
  if (siteBase <= 0 || siteDaily.slice(0, cut).filter((v) => v > 0).length < t.minBaselineDays) return [];
  const findings: Finding[] = [];
  chargers.forEach((c, k) => {
    const own = windows[k] as (number | null)[];
    const ownBase = sumFrom(own.slice(0, cut), 0);
    const ownRecent = sumFrom(own, cut);
    const othersBase = siteBase - ownBase;
    const othersRecent = siteRecent - ownRecent;
    if (othersBase + othersRecent <= 0) return;
    // The others say which part of the window's custom fell in the recent days; given this charger's own
    // total, its recent count is binomial with that part, whatever its baseline share was measured from.
    const q = othersRecent / (othersBase + othersRecent);
    const total = ownBase + ownRecent;
    const expected = q * total;
    if (expected < rule.minExpected) return;
    const p = binomialLowerTail(ownRecent, total, q);
    if (p >= rule.alpha) return;
    const share = ownBase / siteBase;
    const window = lastDays(c.sessions, t.windowDays);
    findings.push({
      detector: 'silent-equipment',
      deviceId: c.deviceId,
      variant: ownRecent === 0 ? 'charger-silent' : 'charger-quiet',
      confidence: confidenceOf(-Math.log10(p), -Math.log10(rule.alpha)),
      startedAtMs: dayAt(window, lastBusyDay(own, cut) + 1),
      adviceKey: 'warning.advice.silentCharger',
      evidence: {
        quantity: 'warning.quantity.sessions',
        unit: '',
        points: own.map((value, d) => {
          const others = (siteDaily[d] ?? 0) - (value ?? 0);
          return sessionsPoint(window, d, value, (share / (1 - Math.min(share, 0.95))) * others);
        }),
      },
    });
  });
  return findings;
}

/** The last day before `cut` on which the charger had sessions above a fifth of its usual, or cut − 1. */
function lastBusyDay(own: readonly (number | null)[], cut: number): number {
  const usual = median(own.slice(0, cut).filter((v): v is number => v !== null));
  for (let d = own.length - 1; d >= 0; d--) if ((own[d] ?? 0) > usual / 5) return d;
  return cut - 1;
}

/**
 * An inverter producing nothing for `silent.days` days while its peers
 * produce well (the clear-sky share of `pv.minClearShare`): dead, and
 * nothing alarmed. Without peers there is no telling a dead inverter from
 * snow on the roof, so a lone inverter is not judged here.
 */
export function silentInverters(
  inverters: readonly PvInverterDays[],
  clearSkyKwhPerKw: DaySeries,
  t: Thresholds,
): Finding[] {
  const clearSky = lastDays(clearSkyKwhPerKw, t.windowDays).values;
  const windows = inverters.map((o) => lastDays(o.energyKwh, t.windowDays));
  /** The best specific yield among the others on day d, or null when none reported. */
  const peerYield = (k: number, d: number): number | null => {
    let best: number | null = null;
    windows.forEach((w, j) => {
      const v = w.values[d];
      const rated = inverters[j]?.ratedKw ?? 0;
      if (j === k || v === null || v === undefined || rated <= 0) return;
      best = Math.max(best ?? 0, v / rated);
    });
    return best;
  };
  const findings: Finding[] = [];
  inverters.forEach((inv, k) => {
    const own = windows[k] as DaySeries;
    const days = own.values.length;
    if (days < t.silent.days || inv.ratedKw <= 0) return;
    let silentDays = 0;
    for (let d = days - 1; d >= days - t.silent.days; d--) {
      const clear = clearSky[d];
      const peers = peerYield(k, d);
      const sunny =
        clear !== null &&
        clear !== undefined &&
        clear > 0 &&
        peers !== null &&
        peers >= t.pv.minClearShare * clear;
      const v = own.values[d];
      if (sunny && v !== null && v !== undefined && v <= 0.01 * inv.ratedKw) silentDays++;
      else break;
    }
    if (silentDays < t.silent.days) return;
    findings.push({
      detector: 'silent-equipment',
      deviceId: inv.deviceId,
      variant: 'inverter-zero',
      confidence: confidenceOf(silentDays, t.silent.days),
      startedAtMs: dayAt(own, days - silentDays),
      adviceKey: 'warning.advice.silentInverter',
      evidence: {
        quantity: 'warning.quantity.energy',
        unit: 'kWh',
        points: own.values.map((value, d) => ({
          atMs: dayAt(own, d),
          value,
          lo: null,
          hi: null,
        })),
      },
    });
  });
  return findings;
}

/**
 * A meter whose counter has not moved for `silent.days` days while the
 * site's chargers delivered at least `meterMinKwh` each day: frozen.
 */
export function frozenMeter(
  deviceId: string,
  counterKwh: DaySeries,
  sessionKwh: DaySeries,
  t: Thresholds,
): Finding | null {
  const meter = lastDays(counterKwh, t.windowDays);
  const sessions = lastDays(sessionKwh, t.windowDays);
  const days = meter.values.length;
  let still = 0;
  for (let d = days - 1; d >= 0; d--) {
    const delta = meter.values[d];
    const delivered = sessions.values[d];
    if (delta === null || delta === undefined || delivered === null || delivered === undefined) break;
    if (delivered < t.silent.meterMinKwh || Math.abs(delta) > 0.001) break;
    still++;
  }
  if (still < t.silent.days) return null;
  return {
    detector: 'silent-equipment',
    deviceId,
    variant: 'meter-frozen',
    confidence: confidenceOf(still, t.silent.days),
    startedAtMs: dayAt(meter, days - still),
    adviceKey: 'warning.advice.frozenMeter',
    evidence: {
      quantity: 'warning.quantity.meterDelta',
      unit: 'kWh',
      points: meter.values.map((value, d) => {
        const delivered = sessions.values[d] ?? null;
        return {
          atMs: dayAt(meter, d),
          value,
          lo: delivered === null ? null : delivered * 0.9,
          hi: delivered,
        };
      }),
    },
  };
}

/** A day's session count against the count expected, inside the ±2σ band of a Poisson count of that mean. */
function sessionsPoint(window: DaySeries, d: number, value: number | null, expected: number): EvidencePoint {
  const spread = 2 * Math.sqrt(expected);
  return { atMs: dayAt(window, d), value, lo: Math.max(0, expected - spread), hi: expected + spread };
}
