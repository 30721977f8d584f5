import { confidenceOf, type DaySeries, dayAt, type Finding } from '../model';
import { median } from '../stats';
import type { Thresholds } from '../thresholds';
import { lastDays } from './level';

/**
 * Energy mismatch at a meter: the energy its counter advanced by, against
 * the energy the sessions of the chargers behind it reported for the same
 * days. Their ratio holds steady (losses, the site's own consumption); a
 * meter that under-reads, sticks or leaks, or energy taken outside a
 * session, moves it. It warns when the ratio over the last
 * `energyMismatch.days` days is more than `tolerance` away from the
 * baseline ratio, with enough session energy to judge.
 */
export function energyMismatch(
  deviceId: string,
  meterKwh: DaySeries,
  sessionKwh: DaySeries,
  t: Thresholds,
): Finding | null {
  const rule = t.energyMismatch;
  const m = lastDays(meterKwh, t.windowDays);
  const s = lastDays(sessionKwh, t.windowDays);
  const minDay = rule.minKwh / rule.days;
  const ratios = m.values.map((mv, d) => {
    const sv = s.values[d];
    if (mv === null || sv === null || sv === undefined || sv < minDay) return null;
    return mv / sv;
  });
  const cut = ratios.length - rule.days;
  const baseline = ratios.slice(0, Math.max(0, cut)).filter((v): v is number => v !== null);
  if (baseline.length < t.minBaselineDays) return null;
  const base = median(baseline);
  let meterSum = 0;
  let sessionSum = 0;
  for (let d = Math.max(0, cut); d < ratios.length; d++) {
    if (ratios[d] === null) continue;
    meterSum += m.values[d] as number;
    sessionSum += s.values[d] as number;
  }
  if (sessionSum < rule.minKwh) return null;
  const deviation = meterSum / sessionSum - base;
  if (Math.abs(deviation) <= rule.tolerance) return null;
  let start = ratios.length - 1;
  for (let d = ratios.length - 1; d >= 0; d--) {
    const v = ratios[d];
    if (v === null || v === undefined) continue;
    if (Math.abs(v - base) <= rule.tolerance / 2) break;
    start = d;
  }
  return {
    detector: 'energy-mismatch',
    deviceId,
    variant: deviation < 0 ? 'meter-under' : 'meter-over',
    confidence: confidenceOf(Math.abs(deviation), rule.tolerance),
    startedAtMs: dayAt(m, start),
    adviceKey: deviation < 0 ? 'warning.advice.meterUnder' : 'warning.advice.meterOver',
    evidence: {
      quantity: 'warning.quantity.meterRatio',
      unit: '×',
      points: ratios.map((value, d) => ({
        atMs: dayAt(m, d),
        value,
        lo: base - rule.tolerance,
        hi: base + rule.tolerance,
      })),
    },
  };
}
