import type { GunState } from '../../shared/api/model';
import { gaussian, poissonFires, type Rng, uniform } from '../random';
import type { RegisterImage } from '../register-image';
import {
  ambientC,
  approach,
  type DeviceModel,
  localHour,
  type ModelOptions,
  powerLimitAccepted,
  powerLimitKw,
  RandomFaults,
  Stepper,
  wander,
} from './common';

/**
 * Arrivals per hour at an idle destination charger (car parks, residential
 * compounds), by local hour: few at night, a morning wave, the evening peak.
 */
const ARRIVALS_PER_HOUR = [
  0.02, 0.02, 0.02, 0.02, 0.02, 0.03, 0.08, 0.2, 0.3, 0.25, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.25, 0.35, 0.4,
  0.4, 0.35, 0.25, 0.1, 0.05,
];
/** A typical session is ~3 h, so this many arrivals per hour keeps a charger busy about that share of the time. */
const MEAN_SESSION_H = 3.2;
const NOMINAL_V = 220;
const MAX_A = 32;

type Session = { targetKwh: number; onboardKw: number };

/** A 7 kW single-gun AC charger: the car's on-board charger decides the power, the session ends when it is full. */
export class AcChargerModel implements DeviceModel {
  private readonly image: RegisterImage;
  private readonly rng: Rng;
  private readonly lng: number;
  private readonly ratedKw: number;
  private readonly stepper: Stepper;
  private readonly faults: RandomFaults;
  private state: GunState = 'idle';
  private phaseLeftS = 0;
  private session: Session | undefined;
  private energyKwh = 0;
  private durationS = 0;
  private totalKwh: number;
  private voltage = NOMINAL_V;
  private powerKw = 0;
  private tempC: number;
  private faultWord = 0;

  constructor(opts: ModelOptions) {
    this.image = opts.image;
    this.rng = opts.rng;
    this.lng = opts.lng;
    this.ratedKw = opts.image.profile.ratedKw;
    this.stepper = new Stepper(opts.startMs);
    this.faults = new RandomFaults(opts.rng, opts.faultsPerDay ?? 0, [0, 2, 5, 7]);
    this.totalKwh = uniform(this.rng, 2_000, 30_000);
    this.tempC = ambientC(opts.startMs, this.lng);
    this.image.writePoint('powerLimit', this.ratedKw);
    const rate = ARRIVALS_PER_HOUR[Math.floor(localHour(opts.startMs, this.lng))] ?? 0;
    if (this.rng() < Math.min(0.7, rate * MEAN_SESSION_H)) {
      const s = this.begin();
      this.state = 'charging';
      this.energyKwh = s.targetKwh * this.rng();
      this.durationS = (this.energyKwh / s.onboardKw) * 3600;
    }
    this.publish();
  }

  /** A car plugs in now (drills, tests); false when the gun is busy. */
  plugIn(): boolean {
    if (this.state !== 'idle') return false;
    this.begin();
    return true;
  }

  tick(nowMs: number): void {
    this.stepper.advance(nowMs, (dt, at) => this.step(dt, at));
    this.publish();
  }

  acceptWrite(address: number, count: number): boolean {
    return powerLimitAccepted(this.image, address, count, this.ratedKw);
  }

  private begin(): Session {
    this.state = 'preparing';
    this.phaseLeftS = uniform(this.rng, 3, 8);
    this.session = { targetKwh: uniform(this.rng, 8, 35), onboardKw: uniform(this.rng, 6.6, 7.0) };
    this.energyKwh = 0;
    this.durationS = 0;
    return this.session;
  }

  private step(dt: number, at: number): void {
    this.faultWord = this.faults.step(dt);
    this.voltage = wander(this.rng, this.voltage, NOMINAL_V, 120, 2.5, dt);
    this.powerKw = 0;
    if (this.faultWord && this.state !== 'faulted') {
      this.state = 'faulted';
      this.session = undefined;
    }
    if (this.state === 'faulted') {
      if (!this.faultWord) this.end();
    } else if (this.state === 'idle') {
      if (poissonFires(this.rng, ARRIVALS_PER_HOUR[Math.floor(localHour(at, this.lng))] ?? 0, dt))
        this.begin();
    } else if (this.state === 'finishing') {
      this.phaseLeftS -= dt;
      if (this.phaseLeftS <= 0) this.end();
    }
    // Not an else-chain: a state entered above already gets its share of this step.
    if (this.state === 'preparing') {
      this.durationS += dt;
      this.phaseLeftS -= dt;
      if (this.phaseLeftS <= 0) this.state = 'charging';
    }
    if (this.state === 'charging' && this.session) this.charge(this.session, dt);
    const amps = (this.powerKw * 1000) / this.voltage;
    this.tempC = approach(this.tempC, ambientC(at, this.lng) + 18 * (amps / MAX_A) ** 2, dt, 600);
  }

  private charge(s: Session, dt: number): void {
    const limit = Math.min(powerLimitKw(this.image, this.ratedKw), (MAX_A * this.voltage) / 1000);
    this.powerKw = Math.max(0, Math.min(s.onboardKw * (1 + 0.005 * gaussian(this.rng)), limit));
    const kwh = (this.powerKw * dt) / 3600;
    this.energyKwh += kwh;
    this.totalKwh += kwh;
    this.durationS += dt;
    if (this.energyKwh >= s.targetKwh) {
      this.state = 'finishing';
      this.phaseLeftS = uniform(this.rng, 5, 15);
      this.powerKw = 0;
    }
  }

  private end(): void {
    this.state = 'idle';
    this.session = undefined;
    this.energyKwh = 0;
    this.durationS = 0;
  }

  private publish(): void {
    const w = (key: string, value: number | string) => this.image.writePoint(key, value);
    w('gun1.state', this.state);
    w('gun1.voltage', this.voltage);
    w('gun1.current', (this.powerKw * 1000) / this.voltage);
    w('gun1.power', this.powerKw);
    w('gun1.energy', this.energyKwh);
    w('gun1.duration', Math.floor(this.durationS));
    w('gun1.temperature', this.tempC);
    w('faults', this.faultWord);
    w('totalEnergy', this.totalKwh);
  }
}
