import { gaussian, poissonFires, uniform } from '../random';
import { faultBits } from './base';
import { ChargerModel, type GunControls, type GunPhase, IN_SESSION, powerLimitKw } from './charger';
import {
  type AnomalyKind,
  ambientC,
  approach,
  LimitAlarm,
  localHour,
  type ModelOptions,
  wander,
} from './common';

/**
 * Arrivals per hour at an idle destination charger (car parks, residential
 * compounds), by local hour: few at night, a morning wave, the evening peak.
 */
export const ARRIVALS_PER_HOUR = [
  0.02, 0.02, 0.02, 0.02, 0.02, 0.03, 0.08, 0.2, 0.3, 0.25, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.25, 0.35, 0.4,
  0.4, 0.35, 0.25, 0.1, 0.05,
];
/** A typical session is ~3 h, so this many arrivals per hour keeps a charger busy about that share of the time. */
const MEAN_SESSION_H = 3.2;
const NOMINAL_V = 220;
const MAX_A = 32;

/** Connector temperature at which the charger protects itself. */
export const AC_CONNECTOR_LIMIT_C = 90;
/** How fast an overheating connector (loose pin, corroded contact) climbs: minutes, not hours. */
const OVERHEAT_TAU_S = 90;

type Session = { targetKwh: number; onboardKw: number };

/** A 7 kW single-gun AC charger: the car's on-board charger decides the power, the session ends when it is full. */
export class AcChargerModel extends ChargerModel {
  private readonly bit = faultBits(this.image.profile, ['overTemperature', 'groundFault', 'gunStuck']);
  /** Protective trips stay until a reset; the stuck-gun warning follows its cause. */
  private readonly latching = this.bit.overTemperature | this.bit.groundFault;
  private readonly hot = new LimitAlarm(AC_CONNECTOR_LIMIT_C, 5);
  /** The one gun; its session's car is `session`. */
  private readonly gun: GunPhase = { state: 'idle', phaseLeftS: 0, powerKw: 0 };
  private session: Session | undefined;
  private energyKwh = 0;
  private durationS = 0;
  private totalKwh: number;
  private voltage = NOMINAL_V;
  private tempC: number;

  constructor(opts: ModelOptions) {
    super(opts, {
      anomalyKinds: ['over-temperature', 'ground-fault', 'gun-stuck'],
      randomFaultBits: [0, 2, 5, 7],
    });
    this.totalKwh = uniform(this.rng, 2_000, 30_000);
    this.tempC = ambientC(opts.startMs, this.lng);
    this.image.writePoint('powerLimit', this.ratedKw);
    this.image.writePoint('gun1.command', 'none');
    this.image.writePoint('reset', 'none');
    const rate = ARRIVALS_PER_HOUR[Math.floor(localHour(opts.startMs, this.lng))] ?? 0;
    if (this.rng() < Math.min(0.7, rate * MEAN_SESSION_H)) {
      const s = this.begin();
      this.gun.state = 'charging';
      this.energyKwh = s.targetKwh * this.rng();
      this.durationS = (this.energyKwh / s.onboardKw) * 3600;
    }
    this.publish();
  }

  /** A car plugs in now (drills, tests); false when the gun is busy. */
  plugIn(): boolean {
    if (this.gun.state !== 'idle') return false;
    this.begin();
    this.publish();
    return true;
  }

  gridKw(): number {
    return this.gun.powerKw;
  }

  /** A stuck gun needs a car on it. */
  protected override onAnomaly(kind: AnomalyKind, on: boolean): void {
    if (on && kind === 'gun-stuck' && this.gun.state === 'idle') this.begin();
  }

  protected refresh(): void {
    this.evaluate();
  }

  protected gunControls(): GunControls {
    return {
      canStart: (gun) => gun === 1 && this.gun.state === 'idle',
      start: () => this.begin(),
      stop: () => this.stopGun(this.gun),
    };
  }

  private begin(): Session {
    this.gun.state = 'preparing';
    this.gun.phaseLeftS = uniform(this.rng, 3, 8);
    this.session = { targetKwh: uniform(this.rng, 8, 35), onboardKw: uniform(this.rng, 6.6, 7.0) };
    this.energyKwh = 0;
    this.durationS = 0;
    return this.session;
  }

  /** Fault word from random faults, limits and anomalies; a trip ends the session. */
  private evaluate(): void {
    let live = 0;
    if (this.hot.update(this.tempC)) live |= this.bit.overTemperature;
    if (this.anomalies.has('ground-fault')) live |= this.bit.groundFault;
    if (this.anomalies.has('gun-stuck') && IN_SESSION.has(this.gun.state)) live |= this.bit.gunStuck;
    this.showFaults(live, this.latching);
    if (this.tripped() && this.gun.state !== 'faulted') {
      this.gun.state = 'faulted';
      this.session = undefined;
      this.gun.powerKw = 0;
    }
  }

  private tripped(): boolean {
    return (this.faultWord & ~this.bit.gunStuck) !== 0;
  }

  protected step(dt: number, at: number): void {
    this.randomWord = this.faults.step(dt);
    this.voltage = wander(this.rng, this.voltage, NOMINAL_V, 120, 2.5, dt);
    this.gun.powerKw = 0;
    this.evaluate();
    if (this.gun.state === 'faulted') {
      if (!this.tripped()) this.end();
    } else if (this.gun.state === 'idle') {
      if (poissonFires(this.rng, ARRIVALS_PER_HOUR[Math.floor(localHour(at, this.lng))] ?? 0, dt))
        this.begin();
    } else if (this.gun.state === 'finishing' && !this.anomalies.has('gun-stuck')) {
      this.gun.phaseLeftS -= dt;
      if (this.gun.phaseLeftS <= 0) this.end();
    }
    // Not an else-chain: a state entered above already gets its share of this step.
    if (this.gun.state === 'preparing') {
      this.durationS += dt;
      this.gun.phaseLeftS -= dt;
      if (this.gun.phaseLeftS <= 0) this.gun.state = 'charging';
    }
    if (this.gun.state === 'charging' && this.session) this.charge(this.session, dt);
    const amps = (this.gun.powerKw * 1000) / this.voltage;
    this.tempC = this.anomalies.has('over-temperature')
      ? approach(this.tempC, AC_CONNECTOR_LIMIT_C + 15, dt, OVERHEAT_TAU_S)
      : approach(this.tempC, ambientC(at, this.lng) + 18 * (amps / MAX_A) ** 2, dt, 600);
    this.evaluate();
  }

  private charge(s: Session, dt: number): void {
    const limit = Math.min(powerLimitKw(this.image, this.ratedKw), (MAX_A * this.voltage) / 1000);
    this.gun.powerKw = Math.max(0, Math.min(s.onboardKw * (1 + 0.005 * gaussian(this.rng)), limit));
    const kwh = (this.gun.powerKw * dt) / 3600;
    this.energyKwh += kwh;
    this.totalKwh += kwh;
    this.durationS += dt;
    if (this.energyKwh >= s.targetKwh) this.finish(this.gun);
  }

  private end(): void {
    this.gun.state = 'idle';
    this.session = undefined;
    this.energyKwh = 0;
    this.durationS = 0;
  }

  protected publish(): void {
    const w = (key: string, value: number | string) => this.image.writePoint(key, value);
    w('gun1.state', this.gun.state);
    w('gun1.voltage', this.voltage);
    w('gun1.current', (this.gun.powerKw * 1000) / this.voltage);
    w('gun1.power', this.gun.powerKw);
    w('gun1.energy', this.energyKwh);
    w('gun1.duration', Math.floor(this.durationS));
    w('gun1.temperature', this.tempC);
    w('faults', this.faultWord);
    w('totalEnergy', this.totalKwh);
  }
}
