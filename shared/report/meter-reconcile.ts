/**
 * Sessions the desk did not see. A charger's lifetime energy register
 * counts every kWh it delivers, watched or not; the desk journals each
 * session it sees end. So at any moment, the register less the energy of
 * the sessions under way ("accounted" energy) should equal the accounted
 * energy at the last checkpoint plus the sessions journalled since. More
 * means sessions ended while the desk was stopped; less means the register
 * went back (a reset, a rollover, a replaced meter), which says nothing
 * about sessions and is journalled as an anomaly.
 */

/** Lifetime counters a device may carry, with the factor to kWh for each unit. */
const LIFETIME_KEYS = ['totalEnergy', 'energyTotal', 'importEnergy'];
const TO_KWH: Readonly<Record<string, number>> = { Wh: 0.001, kWh: 1, MWh: 1000 };

/** A profile's lifetime energy counter and its factor to kWh, or null when it has none in an energy unit. */
export function lifetimeCounter<P extends { key: string; unit?: string | null | undefined }>(
  points: readonly P[],
): { point: P; toKwh: number } | null {
  const point = points.find((p) => LIFETIME_KEYS.includes(p.key));
  const toKwh = point?.unit ? TO_KWH[point.unit] : undefined;
  return point && toKwh !== undefined ? { point, toKwh } : null;
}

/** A charger's accounted energy at a moment the desk journalled it. */
export const METER_CHECKPOINT_EVENT = 'charging.meter-checkpoint';
/** The register read less than the journal accounts for: no session is invented from it. */
export const METER_ANOMALY_EVENT = 'charging.meter-anomaly';

/** The subject every meter event of a charger shares, so its last one is one indexed look-up. */
export const meterSubject = (deviceId: string) => `${deviceId}:meter`;

export type MeterCheck = {
  /** Accounted energy at the last checkpoint, or null when the journal has none for this charger. */
  baselineKwh: number | null;
  /** Sessions journalled since that checkpoint: how many and their energy. */
  sessions: number;
  sessionsKwh: number;
  /** The register now, less the energy of the sessions under way now. */
  accountedKwh: number;
  /** Resolution of the register and of a session-energy register, kWh. */
  meterStepKwh: number;
  sessionStepKwh: number;
  guns: number;
};

export type MeterVerdict =
  | { kind: 'first' }
  | { kind: 'match' }
  | { kind: 'missing'; energyKwh: number; expectedKwh: number }
  | { kind: 'backwards'; expectedKwh: number };

/**
 * Compares the register with the journal. Each reading is off by up to
 * one step of its register, so two meter readings and every session
 * energy summed may together differ by that much without anything missing.
 */
export function checkMeter(c: MeterCheck): MeterVerdict {
  if (c.baselineKwh === null) return { kind: 'first' };
  const expectedKwh = c.baselineKwh + c.sessionsKwh;
  const slack = 2 * c.meterStepKwh + c.sessionStepKwh * (c.sessions + c.guns);
  const difference = c.accountedKwh - expectedKwh;
  if (difference > slack) return { kind: 'missing', energyKwh: difference, expectedKwh };
  if (difference < -slack) return { kind: 'backwards', expectedKwh };
  return { kind: 'match' };
}
