import { z } from 'zod';

/**
 * When each detector warns. Defaults here, tuned on the simulator's ground
 * truth with a seed kept apart from the evaluation (bench/warnings.ts); a
 * profile overrides any of them in data (its `warnings` field, read through
 * `thresholdsFor`).
 * Nothing tunes these at run time: a dismissed warning changes no threshold.
 */
/** A share of sessions (failed, or ended at power) judged against the charger's own baseline share. */
const RateRule = z.object({
  /** Share assumed at least this, however clean the baseline (a few failures are normal, drivers do stop mid-charge). */
  floorRate: z.number().gt(0).lt(1),
  /** Significance of the recent count against the baseline share (binomial upper tail). */
  alpha: z.number().gt(0).lt(1),
  minFailures: z.number().int().min(1),
  /** Days of sessions counted as "now": the events are rare, a few days hold too few. */
  days: z.number().int().min(1).max(14),
});

export const Thresholds = z
  .object({
    /** Days of history a pass looks at; the baseline is what comes before the recent days. */
    windowDays: z.number().int().min(10).max(120),
    /** Days that make up "now", compared with the baseline. */
    recentDays: z.number().int().min(1).max(14),
    /** Fewest baseline days with data before a detector judges at all. */
    minBaselineDays: z.number().int().min(3),
    /** Noise widths (robust SD) outside the baseline before a warning. */
    zWarn: z.number().positive(),
    connectorThermal: z.object({
      /** Thermal resistance (temperature rise ÷ current²) above baseline × this. */
      riseRatio: z.number().gt(1),
    }),
    insulation: z.object({
      /** Resistance below baseline × this. */
      dropRatio: z.number().gt(0).lt(1),
      /** The trip limit in kΩ (GB/T 18487.1: 100 kΩ for a DC charger); a projection reaching it within `horizonDays` warns. */
      tripKohm: z.number().positive(),
      horizonDays: z.number().positive(),
      /** Days taken as "now" (their upper quartile). */
      recentDays: z.number().int().min(1).max(14),
    }),
    pv: z.object({
      /** Yield relative to the site's peers below baseline × this. */
      dropRatio: z.number().gt(0).lt(1),
      /** A day is judged only when the peers reach this share of the clear-sky yield (clouds prove nothing). */
      minClearShare: z.number().min(0).max(1),
      /** Days of history the PV comparison looks at. */
      windowDays: z.number().int().min(10).max(120),
    }),
    silent: z.object({
      /** Days with no session (or no production, or a still counter) while peers are busy. */
      days: z.number().int().min(1),
      /** Significance of "fewer sessions than its share of the site's" (Poisson lower tail). */
      alpha: z.number().gt(0).lt(1),
      /** Fewest sessions the charger would have had at its usual share before silence means anything. */
      minExpected: z.number().positive(),
      /** kWh the site's chargers must deliver in a day before a still meter counter means anything. */
      meterMinKwh: z.number().positive(),
      /** Days over which a charger's share of the site's sessions is tested for a fall (the trend test). */
      trendDays: z.number().int().min(7).max(60),
      /** Standard scores below −this of the trend in that share warn. */
      trendZ: z.number().positive(),
    }),
    chargingQuality: RateRule,
    /** Plug-ins that never started charging, as a share of all plug-ins: a card reader or the authorisation path failing. */
    startRefusals: RateRule.extend({
      /** A site's other chargers refusing this far beyond their own share on a day (binomial upper tail) is a platform outage, not one charger. */
      siteAlpha: z.number().gt(0).lt(1),
      /** Days over which the refused share is tested for a rise (the trend test), and the standard score above which it warns. */
      trendDays: z.number().int().min(7).max(60),
      trendZ: z.number().positive(),
    }),
    endPower: RateRule.extend({
      /** A session "ends at power" when its last charging reading is at least this share of its peak (a car that is full tapers first). */
      ratio: z.number().gt(0).lt(1),
    }),
    comms: z.object({
      /** Failed share of requests (timeouts, retries) at least this before warning. */
      minRate: z.number().gt(0).lt(1),
      /** Recent failed share above baseline × this. */
      riseRatio: z.number().gt(1),
    }),
    energyMismatch: z.object({
      /** |1 − meter ÷ sessions| over the recent days above this warns. */
      tolerance: z.number().gt(0).lt(1),
      /** Session kWh in the recent days before the ratio is judged. */
      minKwh: z.number().positive(),
      /** Days summed as "now". */
      days: z.number().int().min(1).max(14),
    }),
  })
  .superRefine((t, ctx) => {
    // A window the recent days fill leaves no baseline: every detector would stay silent, whatever happened.
    const room = (path: (string | number)[], recent: number, window: number) => {
      if (recent + t.minBaselineDays > window)
        ctx.addIssue({
          code: 'custom',
          path,
          message: `${recent} recent days and ${t.minBaselineDays} baseline days (minBaselineDays) do not fit in a window of ${window} days`,
        });
    };
    room(['recentDays'], t.recentDays, t.windowDays);
    room(['insulation', 'recentDays'], t.insulation.recentDays, t.windowDays);
    room(['chargingQuality', 'days'], t.chargingQuality.days, t.windowDays);
    room(['endPower', 'days'], t.endPower.days, t.windowDays);
    room(['startRefusals', 'days'], t.startRefusals.days, t.windowDays);
    room(['energyMismatch', 'days'], t.energyMismatch.days, t.windowDays);
    room(['pv', 'windowDays'], t.recentDays, t.pv.windowDays);
  });
export type Thresholds = z.infer<typeof Thresholds>;

export const DEFAULT_THRESHOLDS: Thresholds = {
  windowDays: 30,
  recentDays: 3,
  minBaselineDays: 7,
  zWarn: 4,
  connectorThermal: { riseRatio: 1.25 },
  insulation: { dropRatio: 0.5, tripKohm: 100, horizonDays: 21, recentDays: 7 },
  pv: { dropRatio: 0.9, minClearShare: 0.35, windowDays: 60 },
  silent: { days: 3, alpha: 1e-5, minExpected: 8, meterMinKwh: 20, trendDays: 28, trendZ: 3.5 },
  chargingQuality: { floorRate: 0.03, alpha: 1e-3, minFailures: 4, days: 7 },
  endPower: { ratio: 0.6, floorRate: 0.05, alpha: 1e-3, minFailures: 5, days: 10 },
  startRefusals: {
    floorRate: 0.05,
    alpha: 1e-4,
    minFailures: 4,
    days: 7,
    siteAlpha: 1e-3,
    trendDays: 28,
    trendZ: 4,
  },
  comms: { minRate: 0.03, riseRatio: 3 },
  energyMismatch: { tolerance: 0.06, minKwh: 50, days: 7 },
};

/** Days of history one pass must hand the detectors: the longest window any of them looks at. */
export function historyDays(t: Thresholds): number {
  return Math.max(t.windowDays, t.pv.windowDays);
}

/** Any part of the thresholds, as a profile gives it. */
export const ThresholdOverrides = z
  .object({
    windowDays: Thresholds.shape.windowDays,
    recentDays: Thresholds.shape.recentDays,
    minBaselineDays: Thresholds.shape.minBaselineDays,
    zWarn: Thresholds.shape.zWarn,
    connectorThermal: Thresholds.shape.connectorThermal.partial(),
    insulation: Thresholds.shape.insulation.partial(),
    pv: Thresholds.shape.pv.partial(),
    silent: Thresholds.shape.silent.partial(),
    chargingQuality: Thresholds.shape.chargingQuality.partial(),
    endPower: Thresholds.shape.endPower.partial(),
    startRefusals: Thresholds.shape.startRefusals.partial(),
    comms: Thresholds.shape.comms.partial(),
    energyMismatch: Thresholds.shape.energyMismatch.partial(),
  })
  .partial()
  .strict();
export type ThresholdOverrides = z.infer<typeof ThresholdOverrides>;

/**
 * The thresholds for a profile: the defaults with its overrides. Throws a
 * ZodError naming the bad field when the overrides (from a profile file) are
 * not valid, so a typo does not silently fall back to the default.
 */
export function thresholdsFor(overrides: unknown, base: Thresholds = DEFAULT_THRESHOLDS): Thresholds {
  if (overrides === undefined || overrides === null) return base;
  const o = ThresholdOverrides.parse(overrides);
  const merged = {
    ...base,
    ...pick(o, ['windowDays', 'recentDays', 'minBaselineDays', 'zWarn']),
    connectorThermal: { ...base.connectorThermal, ...o.connectorThermal },
    insulation: { ...base.insulation, ...o.insulation },
    pv: { ...base.pv, ...o.pv },
    silent: { ...base.silent, ...o.silent },
    chargingQuality: { ...base.chargingQuality, ...o.chargingQuality },
    endPower: { ...base.endPower, ...o.endPower },
    startRefusals: { ...base.startRefusals, ...o.startRefusals },
    comms: { ...base.comms, ...o.comms },
    energyMismatch: { ...base.energyMismatch, ...o.energyMismatch },
  };
  return Thresholds.parse(merged);
}

function pick<T extends object, K extends keyof T>(o: T, keys: readonly K[]): Partial<T> {
  const out: Partial<T> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}
