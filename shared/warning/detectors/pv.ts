import { confidenceOf, type DaySeries, dayAt, type Evidence, type Finding, runStart } from '../model';
import { median } from '../stats';
import type { Thresholds } from '../thresholds';
import { lastDays, levelShift } from './level';

export type PvInverterDays = { deviceId: string; ratedKw: number; energyKwh: DaySeries };

/**
 * PV underperformance over days. Each inverter's specific yield (kWh per kW
 * of rating) is compared day by day with the median of its peers at the same
 * site: clouds pass over a carport's inverters together, so the ratio holds
 * through weather that would sink a clear-sky comparison. Only days on which
 * the peers reached `minClearShare` of the clear-sky yield are judged (an
 * overcast day proves nothing). Soiling, a failed string or a degrading
 * inverter shows as that ratio sinking below its own baseline, over a
 * longer window than the other detectors (`pv.windowDays`): soiling is slow,
 * and a short baseline would follow it down. A site with a
 * single inverter has no peers and is not judged here (the silent-equipment
 * detector still catches it producing nothing on a sunny day).
 */
export function pvPerformance(
  inverters: readonly PvInverterDays[],
  clearSkyKwhPerKw: DaySeries,
  t: Thresholds,
): Finding[] {
  if (inverters.length < 2) return [];
  const yields = inverters.map((inv) =>
    inv.energyKwh.values.map((v) =>
      v !== null && Number.isFinite(v) && inv.ratedKw > 0 ? v / inv.ratedKw : null,
    ),
  );
  const findings: Finding[] = [];
  inverters.forEach((inv, k) => {
    const own = yields[k] as (number | null)[];
    const relative = own.map((y, day) => {
      const peers: number[] = [];
      yields.forEach((other, j) => {
        const v = other[day];
        if (j !== k && v !== null && v !== undefined) peers.push(v);
      });
      const reference = median(peers);
      const clear = clearSkyKwhPerKw.values[day];
      if (y === null || !(reference > 0) || clear === null || clear === undefined) return null;
      return reference >= t.pv.minClearShare * clear ? y / reference : null;
    });
    const series: DaySeries = { startMs: inv.energyKwh.startMs, values: relative };
    const shift = levelShift(series, { ...t, windowDays: t.pv.windowDays }, 0.02);
    if (!shift) return;
    const { base, sd, recent, z } = shift;
    const limit = Math.min(base * t.pv.dropRatio, base - t.zWarn * sd);
    if (recent > limit) return;
    findings.push({
      detector: 'pv-performance',
      deviceId: inv.deviceId,
      variant: 'below-peers',
      confidence: confidenceOf(-z, t.zWarn),
      startedAtMs: runStart(shift.window, (v) => v < base - 2 * sd),
      adviceKey: 'warning.advice.pv',
      evidence: relativeEvidence(lastDays(series, t.pv.windowDays), limit, base + 2 * sd),
    });
  });
  return findings;
}

function relativeEvidence(series: DaySeries, lo: number, hi: number): Evidence {
  return {
    quantity: 'warning.quantity.pvRelative',
    unit: '×',
    points: series.values.map((value, i) => ({ atMs: dayAt(series, i), value, lo, hi })),
  };
}
