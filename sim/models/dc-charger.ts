import { type SlowDegradation, SlowDegradations } from '../degradation/slow';
import { gaussian, poissonFires, uniform } from '../random';
import { faultBits } from './base';
import { ChargerModel, type GunControls, type GunPhase, IN_SESSION, powerLimitKw } from './charger';
import { AnomalyKind, ambientC, approach, LimitAlarm, localHour, type ModelOptions, wander } from './common';

/**
 * Arrivals per hour at one idle gun of a public fast charger; taxis and
 * ride-hailing cars keep it busy from morning to late evening.
 */
export const ARRIVALS_PER_HOUR = [
  0.4, 0.3, 0.2, 0.2, 0.2, 0.3, 0.6, 1.0, 1.1, 1.0, 1.0, 1.2, 1.3, 1.2, 1.0, 1.0, 1.1, 1.3, 1.5, 1.5, 1.3,
  1.0, 0.8, 0.6,
];
const MEAN_SESSION_H = 0.5;
/**
 * How far a worn contact's resistance grows by its fault: fourfold, enough
 * for a session at 200 A to take the connector past its limit.
 */
const CONTACT_GROWTH = 3;
/** GB/T 20234.3 gun current rating. */
const MAX_GUN_A = 250;

/** Where the charger protects itself: connector and power-module temperatures, insulation (GB/T 18487.1). */
export const DC_LIMITS = { connectorC: 90, moduleC: 85, insulationKohm: 100 } as const;
/** How fast temperatures climb under an over-temperature anomaly: minutes, so a drill sees it. */
const OVERHEAT_TAU_S = 90;

type Vehicle = {
  capacityKwh: number;
  soc: number;
  targetSoc: number;
  /** What the battery accepts below 80 % SoC. */
  maxKw: number;
  /** Pack voltage at 0 % and 100 % SoC. */
  vEmpty: number;
  vFull: number;
};

type Gun = GunPhase & {
  vehicle: Vehicle | undefined;
  energyKwh: number;
  durationS: number;
  voltage: number;
  tempC: number;
  hot: LimitAlarm;
};

/**
 * A 120 kW integrated dual-gun DC charger: the guns share the power modules,
 * each battery tapers above 80 % SoC and the session ends at the driver's
 * target SoC.
 */
export class DcChargerModel extends ChargerModel {
  private readonly bit = faultBits(this.image.profile, [
    'insulationFault',
    'moduleOverTemperature',
    'connectorOverTemperature',
    'groundFault',
    'doorOpen',
    'smokeDetected',
    'gunStuck',
  ]);
  /** Protective trips stay until a reset; an open door and a stuck gun follow their cause. */
  private readonly latching =
    this.bit.insulationFault |
    this.bit.moduleOverTemperature |
    this.bit.connectorOverTemperature |
    this.bit.groundFault |
    this.bit.smokeDetected;
  private readonly modulesHot = new LimitAlarm(DC_LIMITS.moduleC, 5);
  private readonly guns: Gun[];
  private totalKwh: number;
  private moduleTempC: [number, number];
  private insulationKohm: number;
  private readonly slow: SlowDegradations;
  /** Contact resistance against new, from a contact-resistance degradation: the connector's I²R heating scales with it. */
  private contactFactor = 1;
  /** What an insulation decay leaves of the healthy reading: at the fault, the 100 kΩ trip. */
  private insulationFactor = 1;

  constructor(opts: ModelOptions) {
    // Every kind of trouble a drill knows shows on a DC charger.
    super(opts, { anomalyKinds: AnomalyKind.options, randomFaultBits: [0, 1, 2, 7, 8, 10] });
    this.slow = new SlowDegradations(opts.deviceId, ['contact-resistance', 'insulation-decay']);
    this.totalKwh = uniform(this.rng, 20_000, 250_000);
    const ambient = ambientC(opts.startMs, this.lng);
    this.moduleTempC = [ambient + 3, ambient + 3];
    this.insulationKohm = uniform(this.rng, 8_000, 15_000);
    this.image.writePoint('powerLimit', this.ratedKw);
    this.image.writePoint('reset', 'none');
    const rate = ARRIVALS_PER_HOUR[Math.floor(localHour(opts.startMs, this.lng))] ?? 0;
    this.guns = Array.from({ length: opts.image.profile.guns }, () => {
      const gun: Gun = {
        state: 'idle',
        phaseLeftS: 0,
        vehicle: undefined,
        energyKwh: 0,
        durationS: 0,
        powerKw: 0,
        voltage: 0,
        tempC: ambient,
        hot: new LimitAlarm(DC_LIMITS.connectorC, 5),
      };
      if (this.rng() < Math.min(0.8, rate * MEAN_SESSION_H)) {
        const v = this.begin(gun);
        gun.state = 'charging';
        const arrival = v.soc;
        v.soc = uniform(this.rng, arrival, v.targetSoc);
        gun.energyKwh = ((v.soc - arrival) / 100) * v.capacityKwh;
        gun.durationS = (gun.energyKwh / v.maxKw) * 3600;
      }
      return gun;
    });
    for (const n of this.guns.keys()) this.image.writePoint(`gun${n + 1}.command`, 'none');
    this.publish();
  }

  /** A car plugs into gun `gun` (1-based) now; false when that gun is busy or absent. */
  plugIn(gun: number): boolean {
    const g = this.guns[gun - 1];
    if (g?.state !== 'idle') return false;
    this.begin(g);
    this.publish();
    return true;
  }

  gridKw(): number {
    return this.guns.reduce((kw, g) => kw + g.powerKw, 0);
  }

  /** Starts a slow degradation (replacing one of the same kind); `repair` ends it. */
  degrade(d: SlowDegradation): void {
    this.slow.add(d);
  }

  /** A crew fixed the worn contact or the cable: the degradation of that kind is gone. */
  repair(kind: SlowDegradation['kind']): void {
    this.slow.remove(kind);
    if (kind === 'contact-resistance') this.contactFactor = 1;
    else this.insulationFactor = 1;
    this.refresh();
    this.publish();
  }

  protected override onAnomaly(kind: AnomalyKind, on: boolean): void {
    if (kind === 'insulation-fault') {
      // A failing cable or a wet module reads tens of kΩ at the next insulation check; a repair restores megohms.
      this.insulationKohm = on ? uniform(this.rng, 20, 80) : uniform(this.rng, 8_000, 15_000);
    }
    // A stuck gun needs a car on it.
    const first = this.guns[0];
    if (on && kind === 'gun-stuck' && first && !this.guns.some((g) => IN_SESSION.has(g.state)))
      this.begin(first);
  }

  protected refresh(): void {
    this.evaluate();
  }

  protected gunControls(): GunControls {
    return {
      canStart: (gun) => this.guns[gun - 1]?.state === 'idle',
      start: (gun) => {
        const g = this.guns[gun - 1];
        if (g) this.begin(g);
      },
      stop: (gun) => {
        const g = this.guns[gun - 1];
        if (g) this.stopGun(g);
      },
    };
  }

  private begin(gun: Gun): Vehicle {
    const highVoltage = this.rng() < 0.2;
    const vehicle: Vehicle = {
      capacityKwh: uniform(this.rng, 40, 85),
      soc: uniform(this.rng, 20, 50),
      targetSoc: uniform(this.rng, 80, 95),
      maxKw: highVoltage ? uniform(this.rng, 100, 180) : uniform(this.rng, 50, 110),
      vEmpty: highVoltage ? uniform(this.rng, 600, 640) : uniform(this.rng, 350, 370),
      vFull: highVoltage ? uniform(this.rng, 720, 750) : uniform(this.rng, 420, 440),
    };
    gun.state = 'preparing';
    // GB/T handshake, insulation check and pre-charge take tens of seconds.
    gun.phaseLeftS = uniform(this.rng, 15, 40);
    gun.vehicle = vehicle;
    gun.energyKwh = 0;
    gun.durationS = 0;
    return vehicle;
  }

  /** Fault word from random faults, limits and anomalies; a trip faults every gun. */
  private evaluate(): void {
    let live = 0;
    if (this.insulationKohm * this.insulationFactor < DC_LIMITS.insulationKohm)
      live |= this.bit.insulationFault;
    if (this.modulesHot.update(Math.max(...this.moduleTempC))) live |= this.bit.moduleOverTemperature;
    // Every gun's alarm sees its temperature each time, so none keeps a stale state.
    if (this.guns.map((g) => g.hot.update(g.tempC)).some(Boolean)) live |= this.bit.connectorOverTemperature;
    if (this.anomalies.has('ground-fault')) live |= this.bit.groundFault;
    if (this.anomalies.has('door-open')) live |= this.bit.doorOpen;
    if (this.anomalies.has('smoke')) live |= this.bit.smokeDetected;
    if (this.anomalies.has('gun-stuck') && this.guns.some((g) => IN_SESSION.has(g.state)))
      live |= this.bit.gunStuck;
    this.showFaults(live, this.latching);
    if (!this.tripped()) return;
    for (const gun of this.guns) {
      if (gun.state === 'faulted') continue;
      gun.state = 'faulted';
      gun.vehicle = undefined;
      gun.powerKw = 0;
      gun.voltage = 0;
    }
  }

  private tripped(): boolean {
    return (this.faultWord & ~this.bit.gunStuck) !== 0;
  }

  protected step(dt: number, at: number): void {
    for (const d of this.slow.list()) {
      const s = this.slow.severity(d.kind, at);
      if (d.kind === 'contact-resistance') this.contactFactor = 1 + CONTACT_GROWTH * s;
      else this.insulationFactor = (DC_LIMITS.insulationKohm / 12_000) ** s;
    }
    this.randomWord = this.faults.step(dt);
    this.evaluate();
    const rate = ARRIVALS_PER_HOUR[Math.floor(localHour(at, this.lng))] ?? 0;
    for (const gun of this.guns) this.advanceGun(gun, dt, rate);
    this.sharePower();
    let totalKw = 0;
    const overheating = this.anomalies.has('over-temperature');
    for (const gun of this.guns) {
      const v = gun.vehicle;
      if (gun.state === 'charging' && v) {
        const kwh = (gun.powerKw * dt) / 3600;
        gun.energyKwh += kwh;
        this.totalKwh += kwh;
        v.soc = Math.min(100, v.soc + (kwh / v.capacityKwh) * 100);
        if (v.soc >= v.targetSoc) this.finish(gun);
      }
      gun.voltage = gun.powerKw > 0 && v ? v.vEmpty + ((v.vFull - v.vEmpty) * v.soc) / 100 : 0;
      const amps = gun.voltage > 0 ? (gun.powerKw * 1000) / gun.voltage : 0;
      gun.tempC = overheating
        ? approach(gun.tempC, DC_LIMITS.connectorC + 15, dt, OVERHEAT_TAU_S)
        : approach(
            gun.tempC,
            ambientC(at, this.lng) + 30 * this.contactFactor * (amps / MAX_GUN_A) ** 2,
            dt,
            600,
          );
      totalKw += gun.powerKw;
    }
    const ambient = ambientC(at, this.lng);
    const load = totalKw / this.ratedKw;
    this.moduleTempC = overheating
      ? [
          approach(this.moduleTempC[0], DC_LIMITS.moduleC + 12, dt, OVERHEAT_TAU_S),
          approach(this.moduleTempC[1], DC_LIMITS.moduleC + 10, dt, OVERHEAT_TAU_S),
        ]
      : [
          approach(this.moduleTempC[0], ambient + 3 + 32 * load, dt, 300),
          approach(this.moduleTempC[1], ambient + 4 + 35 * load, dt, 300),
        ];
    this.insulationKohm = this.anomalies.has('insulation-fault')
      ? Math.min(95, Math.max(5, wander(this.rng, this.insulationKohm, 50, 600, 15, dt)))
      : Math.min(20_000, Math.max(5_000, wander(this.rng, this.insulationKohm, 12_000, 3600, 2_500, dt)));
    this.evaluate();
  }

  private advanceGun(gun: Gun, dt: number, rate: number): void {
    switch (gun.state) {
      case 'faulted':
        if (!this.tripped()) this.end(gun);
        break;
      case 'idle':
        if (poissonFires(this.rng, rate, dt)) this.begin(gun);
        break;
      case 'preparing':
        gun.durationS += dt;
        gun.phaseLeftS -= dt;
        if (gun.phaseLeftS <= 0) gun.state = 'charging';
        break;
      case 'charging':
        gun.durationS += dt;
        break;
      case 'finishing':
        if (this.anomalies.has('gun-stuck')) break;
        gun.phaseLeftS -= dt;
        if (gun.phaseLeftS <= 0) this.end(gun);
        break;
    }
  }

  /** The cabinet's power goes to the smallest demand first; what it leaves over is split among the rest. */
  private sharePower(): void {
    const demands = this.guns.map((gun) => ({ gun, kw: this.demandKw(gun) }));
    let left = powerLimitKw(this.image, this.ratedKw);
    const wanting = demands.filter((d) => d.kw > 0).sort((a, b) => a.kw - b.kw);
    for (const d of demands) d.gun.powerKw = 0;
    wanting.forEach((d, i) => {
      const given = Math.min(d.kw, left / (wanting.length - i));
      // Noise only ever takes power away, so the guns together never exceed the limit.
      d.gun.powerKw = Math.max(0, given * (1 - 0.004 * Math.abs(gaussian(this.rng))));
      left -= given;
    });
  }

  private demandKw(gun: Gun): number {
    const v = gun.vehicle;
    if (gun.state !== 'charging' || !v) return 0;
    const taper = v.soc <= 80 ? 1 : Math.max(0.15, 1 - (0.85 * (v.soc - 80)) / 20);
    const volts = v.vEmpty + ((v.vFull - v.vEmpty) * v.soc) / 100;
    return Math.min(v.maxKw * taper, (MAX_GUN_A * volts) / 1000, this.ratedKw);
  }

  private end(gun: Gun): void {
    gun.state = 'idle';
    gun.vehicle = undefined;
    gun.energyKwh = 0;
    gun.durationS = 0;
  }

  protected publish(): void {
    const w = (key: string, value: number | string) => this.image.writePoint(key, value);
    this.guns.forEach((gun, i) => {
      const n = `gun${i + 1}`;
      w(`${n}.state`, gun.state);
      w(`${n}.voltage`, gun.voltage);
      w(`${n}.current`, gun.voltage > 0 ? (gun.powerKw * 1000) / gun.voltage : 0);
      w(`${n}.power`, gun.powerKw);
      w(`${n}.energy`, gun.energyKwh);
      w(`${n}.duration`, Math.floor(gun.durationS));
      w(`${n}.temperature`, gun.tempC);
      w(`${n}.soc`, gun.vehicle ? Math.floor(gun.vehicle.soc) : 0);
    });
    w('moduleTemp1', this.moduleTempC[0]);
    w('moduleTemp2', this.moduleTempC[1]);
    w('insulation', this.insulationKohm * this.insulationFactor);
    w('faults', this.faultWord);
    w('totalEnergy', this.totalKwh);
  }
}
