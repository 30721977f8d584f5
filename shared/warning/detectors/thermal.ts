import { bandEvidence, confidenceOf, type DaySeries, type Finding, runStart } from '../model';
import { stepSd, theilSenSlope } from '../stats';
import type { Thresholds } from '../thresholds';
import { lastDays, levelShift, mapSeries } from './level';

/**
 * Connector overheating trend. `thermal` is, per day, the median over
 * charging samples of the connector's rise over ambient divided by the
 * current squared (K/A², ×1000 in practice): heating in a contact is I²R, so
 * this tracks its contact resistance whatever the car draws or the weather
 * does. A loose or worn contact shows it rising over days, long before the
 * connector trips at 90 °C. Days with no charging or a dropped-out sensor
 * (a rise ≤ 0) are gaps.
 */
/** The least noise a day's median is credited with, as a share of the baseline (as levelShift's default). */
const MIN_REL_SD = 0.03;

export function connectorThermal(deviceId: string, thermal: DaySeries, t: Thresholds): Finding | null {
  const valid = mapSeries(thermal, (v) => (v > 0 ? v : null));
  const shift = levelShift(valid, t);
  if (!shift) return null;
  const { base, recent } = shift;
  // Wear starts slowly: its first days are in the baseline already, and their spread is trend, not noise.
  const baseline = shift.window.values.slice(0, shift.window.values.length - t.recentDays);
  const sd = Math.max(stepSd(baseline), Math.abs(base) * MIN_REL_SD, 1e-9);
  const z = (recent - base) / sd;
  const limit = Math.max(base * t.connectorThermal.riseRatio, base + t.zWarn * sd);
  if (recent < limit) return null;
  // A contact that was cleaned or retightened is falling back: the warning is for one still climbing.
  if (!(theilSenSlope(lastDays(valid, 7).values) > 0)) return null;
  const window = lastDays(thermal, t.windowDays);
  return {
    detector: 'connector-thermal',
    deviceId,
    variant: 'rising',
    confidence: confidenceOf(z, t.zWarn),
    startedAtMs: runStart(shift.window, (v) => v > base + 2 * sd),
    adviceKey: 'warning.advice.connectorThermal',
    evidence: bandEvidence(
      window,
      { lo: base - 2 * sd, hi: limit },
      'warning.quantity.thermalResistance',
      'mK/A²',
    ),
  };
}
