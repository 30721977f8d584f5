import { clearSkyExpectedKw } from '../pv/expected';
import { DAY_MS } from './model';

const STEP_H = 0.5;

/**
 * Clear-sky yield per kW of rating (derating 1) of each day from `startMs`
 * at a site: shared/pv's clear-sky power integrated in half-hour steps. The
 * PV detectors judge a day only when the site's peers reached a share of
 * it, so a cloudy day proves nothing.
 */
export function clearSkyDays(
  site: { lat: number; lng: number },
  startMs: number,
  days: number,
): { startMs: number; values: number[] } {
  const at = { lat: site.lat, lng: site.lng, pvDerating: 1 };
  const values = Array.from({ length: days }, (_, d) => {
    let kwh = 0;
    for (let h = 0; h < 24; h += STEP_H)
      kwh += STEP_H * clearSkyExpectedKw(startMs + d * DAY_MS + h * 3_600_000, at, 1, 1);
    return kwh;
  });
  return { startMs, values };
}
