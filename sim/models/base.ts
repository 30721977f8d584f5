import type { Profile } from '../../shared/profile/schema';
import type { Rng } from '../random';
import type { RegisterImage } from '../register-image';
import {
  Anomalies,
  type AnomalyKind,
  type DeviceModel,
  type ModelOptions,
  RandomFaults,
  Stepper,
} from './common';

/** What one kind of device can show: its anomalies, and the fault-word bits random faults pick from. */
export type ModelTraits = {
  anomalyKinds: readonly AnomalyKind[];
  randomFaultBits: readonly number[];
};

/**
 * What every simulated device shares: its register image, random source and
 * physics clock, the anomalies switched on at it, and a fault word made of
 * random, live and latched bits. A model adds its physics (`step`), what its
 * registers show (`publish`) and how it takes a changed cause (`refresh`).
 */
export abstract class ModelBase implements DeviceModel {
  readonly anomalyKinds: readonly AnomalyKind[];
  protected readonly image: RegisterImage;
  protected readonly rng: Rng;
  protected readonly lng: number;
  /** The profile's rating: kW, or kVA for a transformer. */
  protected readonly ratedKw: number;
  protected readonly stepper: Stepper;
  protected readonly faults: RandomFaults;
  protected readonly anomalies: Anomalies;
  /** What the rest of the station draws, for the devices that measure it (see ModelOptions). */
  protected readonly stationLoadKw: (() => number) | undefined;
  /** The bits random faults hold this step. */
  protected randomWord = 0;
  /** Trips that stay until a reset. */
  protected latched = 0;
  /** The fault word the device shows. */
  protected faultWord = 0;

  protected constructor(opts: ModelOptions, traits: ModelTraits) {
    this.anomalyKinds = traits.anomalyKinds;
    this.image = opts.image;
    this.rng = opts.rng;
    this.lng = opts.lng;
    this.ratedKw = opts.image.profile.ratedKw;
    this.stepper = new Stepper(opts.startMs);
    this.faults = new RandomFaults(opts.rng, opts.faultsPerDay ?? 0, traits.randomFaultBits);
    this.anomalies = new Anomalies(opts.deviceId, traits.anomalyKinds);
    this.stationLoadKw = opts.stationLoadKw;
  }

  tick(nowMs: number): void {
    this.stepper.advance(nowMs, (dtS, atMs) => this.step(dtS, atMs));
    this.publish();
  }

  abstract acceptWrite(address: number, count: number): boolean;

  abstract gridKw(): number;

  setAnomaly(kind: AnomalyKind, on: boolean): void {
    this.anomalies.set(kind, on);
    this.onAnomaly(kind, on);
    this.refresh();
    this.publish();
  }

  activeAnomalies(): AnomalyKind[] {
    return this.anomalies.list();
  }

  reset(): void {
    this.latched = 0;
    this.refresh();
    this.publish();
  }

  /** The fault word from random faults, the `live` causes and what of them `latching` holds until a reset. */
  protected showFaults(live: number, latching: number): void {
    this.latched |= live & latching;
    this.faultWord = this.randomWord | live | this.latched;
  }

  /** What an anomaly starting or ending does besides its fault bits; nothing unless a model says so. */
  protected onAnomaly(_kind: AnomalyKind, _on: boolean): void {}

  /** Brings fault word and outputs in line with the causes now present, after an anomaly or a reset. */
  protected abstract refresh(): void;

  /** Advances the physics by `dtS` seconds, ending at `atMs`. */
  protected abstract step(dtS: number, atMs: number): void;

  /** Writes the model's state into its registers. */
  protected abstract publish(): void;
}

/**
 * The mask of each named bit of the profile's fault word (its bit-field
 * point): a model raises the bits where the register map puts them, and a
 * name the profile lacks fails at the model's start instead of raising a
 * bit the desk reads as another fault.
 */
export function faultBits<N extends string>(profile: Profile, names: readonly N[]): Record<N, number> {
  const layout = profile.points.find((p) => p.bits)?.bits ?? {};
  const bitOf = new Map(Object.entries(layout).map(([bit, name]) => [name, Number(bit)]));
  return Object.fromEntries(
    names.map((name) => {
      const bit = bitOf.get(name);
      if (bit === undefined) throw new Error(`profile ${profile.id} has no fault bit ${name}`);
      return [name, 1 << bit];
    }),
  ) as Record<N, number>;
}
