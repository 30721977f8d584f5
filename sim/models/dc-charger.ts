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
 * Arrivals per hour at one idle gun of a public fast charger; taxis and
 * ride-hailing cars keep it busy from morning to late evening.
 */
const ARRIVALS_PER_HOUR = [
  0.4, 0.3, 0.2, 0.2, 0.2, 0.3, 0.6, 1.0, 1.1, 1.0, 1.0, 1.2, 1.3, 1.2, 1.0, 1.0, 1.1, 1.3, 1.5, 1.5, 1.3,
  1.0, 0.8, 0.6,
];
const MEAN_SESSION_H = 0.5;
/** GB/T 20234.3 gun current rating. */
const MAX_GUN_A = 250;

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

type Gun = {
  state: GunState;
  phaseLeftS: number;
  vehicle: Vehicle | undefined;
  energyKwh: number;
  durationS: number;
  powerKw: number;
  voltage: number;
  tempC: number;
};

/**
 * A 120 kW integrated dual-gun DC charger: the guns share the power modules,
 * each battery tapers above 80 % SoC and the session ends at the driver's
 * target SoC.
 */
export class DcChargerModel implements DeviceModel {
  private readonly image: RegisterImage;
  private readonly rng: Rng;
  private readonly lng: number;
  private readonly ratedKw: number;
  private readonly stepper: Stepper;
  private readonly faults: RandomFaults;
  private readonly guns: Gun[];
  private totalKwh: number;
  private moduleTempC: [number, number];
  private insulationKohm: number;
  private faultWord = 0;

  constructor(opts: ModelOptions) {
    this.image = opts.image;
    this.rng = opts.rng;
    this.lng = opts.lng;
    this.ratedKw = opts.image.profile.ratedKw;
    this.stepper = new Stepper(opts.startMs);
    this.faults = new RandomFaults(opts.rng, opts.faultsPerDay ?? 0, [0, 1, 2, 7, 8, 10]);
    this.totalKwh = uniform(this.rng, 20_000, 250_000);
    const ambient = ambientC(opts.startMs, this.lng);
    this.moduleTempC = [ambient + 3, ambient + 3];
    this.insulationKohm = uniform(this.rng, 8_000, 15_000);
    this.image.writePoint('powerLimit', this.ratedKw);
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
    this.publish();
  }

  /** A car plugs into gun `gun` (1-based) now; false when that gun is busy or absent. */
  plugIn(gun: number): boolean {
    const g = this.guns[gun - 1];
    if (g?.state !== 'idle') return false;
    this.begin(g);
    return true;
  }

  tick(nowMs: number): void {
    this.stepper.advance(nowMs, (dt, at) => this.step(dt, at));
    this.publish();
  }

  acceptWrite(address: number, count: number): boolean {
    return powerLimitAccepted(this.image, address, count, this.ratedKw);
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

  private step(dt: number, at: number): void {
    this.faultWord = this.faults.step(dt);
    const rate = ARRIVALS_PER_HOUR[Math.floor(localHour(at, this.lng))] ?? 0;
    for (const gun of this.guns) this.advanceGun(gun, dt, rate);
    this.sharePower();
    let totalKw = 0;
    for (const gun of this.guns) {
      const v = gun.vehicle;
      if (gun.state === 'charging' && v) {
        const kwh = (gun.powerKw * dt) / 3600;
        gun.energyKwh += kwh;
        this.totalKwh += kwh;
        v.soc = Math.min(100, v.soc + (kwh / v.capacityKwh) * 100);
        if (v.soc >= v.targetSoc) {
          gun.state = 'finishing';
          gun.phaseLeftS = uniform(this.rng, 5, 15);
          gun.powerKw = 0;
        }
      }
      gun.voltage = gun.powerKw > 0 && v ? v.vEmpty + ((v.vFull - v.vEmpty) * v.soc) / 100 : 0;
      const amps = gun.voltage > 0 ? (gun.powerKw * 1000) / gun.voltage : 0;
      gun.tempC = approach(gun.tempC, ambientC(at, this.lng) + 30 * (amps / MAX_GUN_A) ** 2, dt, 600);
      totalKw += gun.powerKw;
    }
    const ambient = ambientC(at, this.lng);
    const load = totalKw / this.ratedKw;
    this.moduleTempC = [
      approach(this.moduleTempC[0], ambient + 3 + 32 * load, dt, 300),
      approach(this.moduleTempC[1], ambient + 4 + 35 * load, dt, 300),
    ];
    this.insulationKohm = Math.min(
      20_000,
      Math.max(5_000, wander(this.rng, this.insulationKohm, 12_000, 3600, 2_500, dt)),
    );
  }

  private advanceGun(gun: Gun, dt: number, rate: number): void {
    if (this.faultWord && gun.state !== 'faulted') {
      gun.state = 'faulted';
      gun.vehicle = undefined;
    }
    switch (gun.state) {
      case 'faulted':
        if (!this.faultWord) this.end(gun);
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

  private publish(): void {
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
    w('insulation', this.insulationKohm);
    w('faults', this.faultWord);
    w('totalEnergy', this.totalKwh);
  }
}
