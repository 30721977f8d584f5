import { confidenceOf, type DaySeries, dayAt, type Finding } from '../model';
import { median, present } from '../stats';
import type { Thresholds } from '../thresholds';
import { lastDays } from './level';

/**
 * Comms quality per gateway. Per day, the requests the desk sent through it
 * and how many timed out, were retried or ended in a reconnect. A failing
 * SIM, a weakening 4G signal or a loose cable shows as that share climbing
 * over days. It warns when the median share of the recent days is above
 * both `comms.minRate` and `comms.riseRatio` × the baseline: the median, so
 * one day of a site-wide network outage does not warn by itself.
 */
export function commsQuality(
  gatewayId: string,
  requests: DaySeries,
  failures: DaySeries,
  t: Thresholds,
): Finding | null {
  const rule = t.comms;
  const r = lastDays(requests, t.windowDays);
  const f = lastDays(failures, t.windowDays);
  const rates = r.values.map((n, d) => (n && n > 0 ? (f.values[d] ?? 0) / n : null));
  const cut = rates.length - t.recentDays;
  const baseline = present(rates.slice(0, cut));
  const recent = present(rates.slice(cut));
  if (baseline.length < t.minBaselineDays || recent.length < Math.min(2, t.recentDays)) return null;
  const base = median(baseline);
  const now = median(recent);
  const limit = Math.max(rule.minRate, rule.riseRatio * base);
  if (now < limit) return null;
  let start = rates.length - 1;
  for (let d = rates.length - 1; d >= 0; d--) {
    const v = rates[d];
    if (v === null || v === undefined) continue;
    if (v < limit / 2) break;
    start = d;
  }
  return {
    detector: 'comms-quality',
    deviceId: gatewayId,
    variant: 'failures-rising',
    confidence: confidenceOf(now / Math.max(base, rule.minRate / rule.riseRatio), rule.riseRatio),
    startedAtMs: dayAt(r, start),
    adviceKey: 'warning.advice.comms',
    evidence: {
      quantity: 'warning.quantity.commsFailures',
      unit: '%',
      points: rates.map((v, d) => ({
        atMs: dayAt(r, d),
        value: v === null ? null : 100 * v,
        lo: 0,
        hi: 100 * limit,
      })),
    },
  };
}
