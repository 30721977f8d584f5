import { z } from 'zod';
import { type ProfilePoint, wordCount } from '../../shared/profile/schema';
import { gaussian, poissonFires, type Rng, uniform } from '../random';
import type { RegisterImage } from '../register-image';

/**
 * Trouble a drill can switch on at one device. Each model supports the kinds
 * its hardware can show; the effects follow its physics (temperatures climb,
 * insulation drops) and raise the fault bits the real device would.
 */
export const AnomalyKind = z.enum([
  'over-temperature',
  'insulation-fault',
  'ground-fault',
  'gun-stuck',
  'smoke',
  'door-open',
]);
export type AnomalyKind = z.infer<typeof AnomalyKind>;

/** The physics behind one simulated device: it owns the device's register values. */
export interface DeviceModel {
  /** Advances the physics to `nowMs` (epoch ms) and writes the result into the image. */
  tick(nowMs: number): void;
  /** Acts on a Modbus write that already landed in the image; false vetoes it (see ModbusGateway). */
  acceptWrite(address: number, count: number): boolean;
  readonly anomalyKinds: readonly AnomalyKind[];
  /** Starts or ends the cause of an anomaly; throws a RangeError for a kind the device cannot show. */
  setAnomaly(kind: AnomalyKind, on: boolean): void;
  activeAnomalies(): AnomalyKind[];
  /** A reset (remote or on site): latched faults whose cause is gone clear. */
  reset(): void;
  /** Power drawn from the station supply in kW; negative while the device feeds in. */
  gridKw(): number;
}

export type ModelOptions = {
  deviceId: string;
  image: RegisterImage;
  rng: Rng;
  /** Epoch ms the model starts at; it warms up to look like it has been running. */
  startMs: number;
  lat: number;
  lng: number;
  /** Mean number of random faults per day; 0 keeps the device healthy. */
  faultsPerDay?: number;
  /**
   * Net power the station's other devices draw, for the meter and the
   * transformer that measure it; without it they follow a typical daily curve.
   */
  stationLoadKw?: () => number;
};

const MAX_STEP_S = 1;
/** After a longer gap (laptop suspend, debugger pause) the model skips ahead instead of replaying it. */
const MAX_GAP_S = 3600;

/** Splits the time since the last tick into steps short enough for the physics to stay stable. */
export class Stepper {
  private last: number;

  constructor(startMs: number) {
    this.last = startMs;
  }

  /** The time the physics has reached. */
  get nowMs(): number {
    return this.last;
  }

  advance(nowMs: number, step: (dtS: number, atMs: number) => void): void {
    let remaining = Math.min((nowMs - this.last) / 1000, MAX_GAP_S);
    if (remaining <= 0) return;
    let at = nowMs - remaining * 1000;
    this.last = nowMs;
    while (remaining > 0) {
      const dt = Math.min(MAX_STEP_S, remaining);
      at += dt * 1000;
      step(dt, at);
      remaining -= dt;
    }
  }
}

/** Local mean solar time in hours, from the longitude: no time-zone database needed. */
export function localHour(nowMs: number, lng: number): number {
  const h = (nowMs / 3_600_000 + lng / 15) % 24;
  return h < 0 ? h + 24 : h;
}

/** Outdoor temperature for the Yangtze-delta climate: seasonal swing plus a mid-afternoon peak. */
export function ambientC(nowMs: number, lng: number): number {
  const dayOfYear = (nowMs / 86_400_000) % 365.25;
  const seasonal = 17 - 11 * Math.cos((2 * Math.PI * (dayOfYear - 15)) / 365.25);
  return seasonal + 4 * Math.cos((2 * Math.PI * (localHour(nowMs, lng) - 14)) / 24);
}

/** First-order lag: how a temperature follows its heat input. */
export function approach(value: number, target: number, dtS: number, tauS: number): number {
  return target + (value - target) * Math.exp(-dtS / tauS);
}

/** Mean-reverting random walk (Ornstein–Uhlenbeck), for grid voltage, frequency, clouds. */
export function wander(rng: Rng, value: number, mean: number, tauS: number, sd: number, dtS: number): number {
  const decay = Math.exp(-dtS / tauS);
  return mean + (value - mean) * decay + sd * Math.sqrt(1 - decay * decay) * gaussian(rng);
}

/**
 * Random faults for a livelier demo: Poisson arrivals, each holding one bit of
 * the device's fault word for 5–30 minutes.
 */
export class RandomFaults {
  private bit = 0;
  private leftS = 0;

  constructor(
    private readonly rng: Rng,
    private readonly perDay: number,
    private readonly bits: readonly number[],
  ) {}

  /** The fault word after `dtS` seconds. */
  step(dtS: number): number {
    if (this.leftS > 0) {
      this.leftS -= dtS;
      return this.leftS > 0 ? 1 << this.bit : 0;
    }
    if (this.perDay > 0 && this.bits.length > 0 && poissonFires(this.rng, this.perDay / 24, dtS)) {
      this.bit = this.bits[Math.floor(this.rng() * this.bits.length)] ?? 0;
      this.leftS = uniform(this.rng, 300, 1800);
      return 1 << this.bit;
    }
    return 0;
  }
}

/** The anomalies a device is showing, limited to those it supports. */
export class Anomalies {
  private readonly active = new Set<AnomalyKind>();

  constructor(
    private readonly deviceId: string,
    readonly supported: readonly AnomalyKind[],
  ) {}

  has(kind: AnomalyKind): boolean {
    return this.active.has(kind);
  }

  set(kind: AnomalyKind, on: boolean): void {
    if (!this.supported.includes(kind)) {
      const can = this.supported.length ? this.supported.join(', ') : 'none';
      throw new RangeError(`${this.deviceId} cannot show ${kind} (it can show: ${can})`);
    }
    if (on) this.active.add(kind);
    else this.active.delete(kind);
  }

  list(): AnomalyKind[] {
    return this.supported.filter((k) => this.active.has(k));
  }
}

/** A limit alarm with a dead band, so a value hovering at the limit does not chatter. */
export class LimitAlarm {
  private on = false;

  constructor(
    private readonly limit: number,
    private readonly band: number,
  ) {}

  update(value: number): boolean {
    this.on = this.on ? value > this.limit - this.band : value > this.limit;
    return this.on;
  }
}

/** The profile points a write of `count` registers at `address` touched. */
export function touchedPoints(image: RegisterImage, address: number, count: number): ProfilePoint[] {
  return image.profile.points.filter(
    (p) => p.address < address + count && address < p.address + wordCount(p),
  );
}
