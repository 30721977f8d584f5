import { z } from 'zod';

/**
 * An early warning: a fault that is coming, seen in the history the desk
 * keeps. It is not an ISA-18.2 alarm: it sits in its own list below the
 * alarms and asks for a preventive work order, not an immediate response.
 */

export const DetectorId = z.enum([
  'connector-thermal',
  'insulation-decline',
  'pv-performance',
  'silent-equipment',
  'charging-quality',
  'comms-quality',
  'energy-mismatch',
]);
export type DetectorId = z.infer<typeof DetectorId>;

export const DAY_MS = 86_400_000;

/** One day of evidence: what the detector saw and the band it expected the value in. */
export const EvidencePoint = z.object({
  atMs: z.number().int(),
  value: z.number().nullable(),
  lo: z.number().nullable(),
  hi: z.number().nullable(),
});
export type EvidencePoint = z.infer<typeof EvidencePoint>;

export const Evidence = z.object({
  /** i18n key of the quantity charted, e.g. `warning.quantity.thermalResistance`. */
  quantity: z.string(),
  unit: z.string(),
  points: z.array(EvidencePoint),
});
export type Evidence = z.infer<typeof Evidence>;

/** What a detector found at one device (or gateway) on one pass. */
export const Finding = z.object({
  detector: DetectorId,
  /** The device, or the gateway for comms quality. */
  deviceId: z.string(),
  /** 0..1: how sure the detector is, from how far outside the band and for how long. */
  confidence: z.number().min(0).max(1),
  /** When the departure from the band began (start of its first day). */
  startedAtMs: z.number().int(),
  /** The i18n key of what to do about it. */
  adviceKey: z.string(),
  /** A variant of the detector (e.g. `meter-frozen` for silent equipment), for the advice and the report. */
  variant: z.string(),
  evidence: Evidence,
});
export type Finding = z.infer<typeof Finding>;

/** A day series: `values[i]` is the value of the day starting at `startMs + i·DAY_MS`; null is a day with no data. */
export type DaySeries = { startMs: number; values: readonly (number | null)[] };

export function dayAt(series: Pick<DaySeries, 'startMs'>, i: number): number {
  return series.startMs + i * DAY_MS;
}

/** The confidence of a departure of `z` noise widths where `zWarn` is the threshold: 0.5 at the threshold, towards 1 beyond. */
export function confidenceOf(z: number, zWarn: number): number {
  const c = 1 - 0.5 * Math.exp(-(Math.max(z, zWarn) - zWarn) / zWarn);
  return Math.round(c * 100) / 100;
}

/** Evidence points from a series and a constant expected band. */
export function bandEvidence(
  series: DaySeries,
  band: { lo: number | null; hi: number | null },
  quantity: string,
  unit: string,
): Evidence {
  return {
    quantity,
    unit,
    points: series.values.map((value, i) => ({
      atMs: dayAt(series, i),
      value: value !== null && Number.isFinite(value) ? value : null,
      lo: band.lo,
      hi: band.hi,
    })),
  };
}

/**
 * Start of the last run of days outside the band, walking back from the
 * end; gaps (no data) neither end nor extend the run.
 */
export function runStart(series: DaySeries, outside: (v: number) => boolean): number {
  let start = series.values.length - 1;
  for (let i = series.values.length - 1; i >= 0; i--) {
    const v = series.values[i];
    if (v === null || v === undefined || !Number.isFinite(v)) continue;
    if (!outside(v)) break;
    start = i;
  }
  return dayAt(series, start);
}
