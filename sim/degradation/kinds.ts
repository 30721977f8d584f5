import type { DetectorId } from '../../shared/warning/model';

/**
 * Slow degradations with a known onset, for the early-warning ground truth.
 * Each grows from nothing at `onsetDay` to a fault at `faultDay` (severity
 * 0 → 1): what a detector must see coming at least a day before.
 */
export type DegradationKind =
  /** A loose or worn connector contact: its resistance grows fourfold by the time the connector trips hot (as in sim/models/dc-charger.ts). */
  | 'contact-resistance'
  /** A DC cable or module whose insulation decays to the 100 kΩ trip. */
  | 'insulation-decay'
  /** Dirt on one inverter's modules: 30 % of its yield lost by the fault. */
  | 'soiling'
  /** A string dropping out ever more of the day until it is dead. */
  | 'string-loss'
  /** A gateway's SIM or 4G signal failing: half its requests fail by the fault. */
  | 'sim-signal-decay'
  /** A meter counter sticking ever more of the day until it is frozen. */
  | 'frozen-counter'
  /** Energy taken past the sessions (or a meter over-reading): 20 % more than billed by the fault. */
  | 'leaking-meter'
  /** A contactor wearing: abnormal stops rising to 40 % of sessions. */
  | 'contactor-wear'
  /**
   * A power module or cable tripping under load: sessions cut while still
   * drawing power instead of tapering off as a full car does, rising to 40 %
   * of sessions by the fault. The car is told nothing went wrong; the
   * session simply ends early.
   */
  | 'power-cutout'
  /** A card reader failing: starts refused until the charger is silent. */
  | 'card-reader';

export type DeviceRole = 'dc-charger' | 'ac-charger' | 'inverter' | 'meter' | 'gateway';

/** Which devices a degradation can strike and which detectors count as seeing it coming. */
export const DEGRADATIONS: Record<
  DegradationKind,
  { roles: readonly DeviceRole[]; detectors: readonly DetectorId[]; weeks: readonly [number, number] }
> = {
  'contact-resistance': { roles: ['dc-charger'], detectors: ['connector-thermal'], weeks: [3, 8] },
  'insulation-decay': { roles: ['dc-charger'], detectors: ['insulation-decline'], weeks: [3, 8] },
  soiling: { roles: ['inverter'], detectors: ['pv-performance'], weeks: [3, 7] },
  'string-loss': { roles: ['inverter'], detectors: ['pv-performance', 'silent-equipment'], weeks: [2, 6] },
  'sim-signal-decay': { roles: ['gateway'], detectors: ['comms-quality'], weeks: [2, 6] },
  'frozen-counter': { roles: ['meter'], detectors: ['energy-mismatch', 'silent-equipment'], weeks: [2, 6] },
  'leaking-meter': { roles: ['meter'], detectors: ['energy-mismatch'], weeks: [3, 8] },
  'contactor-wear': { roles: ['dc-charger', 'ac-charger'], detectors: ['charging-quality'], weeks: [2, 6] },
  'power-cutout': { roles: ['dc-charger', 'ac-charger'], detectors: ['charging-quality'], weeks: [2, 6] },
  // Refused starts (charging quality) come before the silence; both see it coming.
  'card-reader': {
    roles: ['dc-charger', 'ac-charger'],
    detectors: ['charging-quality', 'silent-equipment'],
    weeks: [2, 6],
  },
};

export type Degradation = { kind: DegradationKind; deviceId: string; onsetDay: number; faultDay: number };

/** Severity 0..1 of a degradation on `day`: 0 before onset, 1 from the fault on (until the repair resets it). */
export function severity(d: Degradation, day: number): number {
  if (day < d.onsetDay) return 0;
  if (day >= d.faultDay) return 1;
  return (day - d.onsetDay) / (d.faultDay - d.onsetDay);
}

/** Days a crew takes to repair after the fault; from then on the device is healthy again. */
export const REPAIR_DAYS = 2;

export function repaired(d: Degradation, day: number): boolean {
  return day >= d.faultDay + REPAIR_DAYS;
}
