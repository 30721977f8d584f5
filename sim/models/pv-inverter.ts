import { clearSkyGhi, solarElevationDeg } from '../../shared/pv/solar';
import {
  failedAt,
  failedShareOfDay,
  type SlowDegradation,
  SlowDegradations,
  SOILING_LOSS,
} from '../degradation/slow';
import { uniform } from '../random';
import { faultBits, ModelBase } from './base';
import { ambientC, approach, LimitAlarm, type ModelOptions, touchedPoints, wander } from './common';

/** Scale factors the simulated inverter publishes (SunSpec sunssf: value = raw × 10^sf). */
const SCALE_FACTORS = {
  A_SF: -2,
  V_SF: -1,
  // +1, not 0: an int16 in watts stops at 32.7 kW, short of a 50 kW rating.
  W_SF: 1,
  Hz_SF: -2,
  WH_SF: 0,
  DCV_SF: -1,
  Tmp_SF: -1,
  // Model 123: the limit in tenths of a percent of WMax.
  WMaxLimPct_SF: -1,
} as const;

/** Array peak power over inverter rating: arrays are oversized, so a clear noon clips. */
const DC_AC_RATIO = 1.2;
const INVERTER_EFFICIENCY = 0.97;
const CELL_TEMP_COEFF = -0.004;
const PHASE_V = 230;
const MPP_V = 620;
/** Below this the inverter cannot sync to the grid and waits in "starting". */
const MIN_KW = 0.2;
/** Cabinet temperature at which the inverter shuts down to protect itself. */
export const PV_CABINET_LIMIT_C = 75;
const OVERHEAT_TAU_S = 120;

/** Strings in parallel on the inverter's MPPT inputs: a dead one takes its share of the array. */
export const PV_STRINGS = 4;

/** Where an array stands and how much of it still delivers (1 unless a drill derated it). */
export type ArraySite = { ratedKw: number; lat: number; lng: number; share: number };

/**
 * What the array under `cloud` (0.15–1 of clear sky) gives the inverter at
 * `at`: the sun's elevation, the cell temperature and the AC power before
 * any limit. The live model and the demo's generated week share it.
 */
export function arrayOutput(
  site: ArraySite,
  at: number,
  cloud: number,
): { elevation: number; cellC: number; acKw: number } {
  const elevation = solarElevationDeg(at, site.lat, site.lng);
  const irradiance = clearSkyGhi(elevation) * cloud;
  const cellC = ambientC(at, site.lng) + irradiance / 40;
  const dcKw =
    site.ratedKw * DC_AC_RATIO * site.share * (irradiance / 1000) * (1 + CELL_TEMP_COEFF * (cellC - 25));
  return { elevation, cellC, acKw: Math.min(site.ratedKw, Math.max(0, dcKw * INVERTER_EFFICIENCY)) };
}

/**
 * A 50 kW three-phase string inverter under a carport roof: power follows
 * the clear-sky curve for the station's position times a slowly drifting
 * cloud factor; it sleeps from dusk to dawn.
 */
export class PvInverterModel extends ModelBase {
  /** SunSpec model 103's event word stands for the fault word. */
  private readonly event = faultBits(this.image.profile, ['groundFault', 'overTemperature']);
  private readonly lat: number;
  private readonly hot = new LimitAlarm(PV_CABINET_LIMIT_C, 5);
  private cloud: number;
  private powerKw = 0;
  private state: 'sleeping' | 'starting' | 'mppt' | 'throttled' | 'fault' = 'sleeping';
  private energyWh: number;
  private phaseV = PHASE_V;
  private frequency = 50;
  private dcVoltage = 0;
  private cabinetC: number;
  /** Share of the array still delivering: below 1 in a drill (a blown string fuse, heavy soiling). */
  private arrayShare = 1;
  /** Soiling and a failing string, growing over weeks by the simulator's clock. */
  private readonly slow: SlowDegradations;

  constructor(opts: ModelOptions) {
    super(opts, { anomalyKinds: ['over-temperature', 'ground-fault'], randomFaultBits: [0, 1, 4, 7, 12] });
    this.lat = opts.lat;
    this.slow = new SlowDegradations(opts.deviceId, ['soiling', 'string-loss']);
    this.cloud = uniform(this.rng, 0.5, 1);
    this.energyWh = uniform(this.rng, 30e6, 250e6);
    this.cabinetC = ambientC(opts.startMs, this.lng);
    for (const [key, sf] of Object.entries(SCALE_FACTORS)) this.image.writePoint(key, sf);
    this.image.writePoint('manufacturer', 'DutyDesk Sim');
    this.image.writePoint('modelName', `SIM-${this.ratedKw}K-3P`);
    this.image.writePoint('serial', `SN-${opts.deviceId.toUpperCase()}`);
    this.image.writePoint('WMaxLimPct', 100);
    this.image.writePoint('WMaxLim_Ena', 'disabled');
    this.settle(opts.startMs);
    this.publish();
  }

  /** Model 123: a limit of 0–100 % of WMax, switched on and off by WMaxLim_Ena; it applies at once. */
  acceptWrite(address: number, count: number): boolean {
    for (const p of touchedPoints(this.image, address, count)) {
      const value = this.image.readPoint(p.key);
      if (p.key === 'WMaxLimPct' && !(typeof value === 'number' && value >= 0 && value <= 100)) return false;
      if (p.key === 'WMaxLim_Ena' && value !== 'enabled' && value !== 'disabled') return false;
    }
    this.settle(this.stepper.nowMs);
    this.publish();
    return true;
  }

  /**
   * Derates the array to `share` (0–1] of its capacity, as a dead string or
   * soiling would: the inverter keeps tracking and reports no fault, it
   * simply delivers less than its neighbours and the sun allow.
   */
  derate(share: number): void {
    if (!(share > 0 && share <= 1)) throw new RangeError(`array share must be in (0, 1], not ${share}`);
    this.arrayShare = share;
    this.settle(this.stepper.nowMs);
    this.publish();
  }

  /**
   * Starts soiling (up to 30 % of the yield gone by the fault) or a failing
   * string (out around noon at first, then ever more of the day, dead by the
   * fault), replacing one of the same kind. Neither raises an event bit: the
   * inverter only delivers less than the sun and its neighbours allow.
   */
  degrade(d: SlowDegradation): void {
    this.slow.add(d);
    this.settle(this.stepper.nowMs);
    this.publish();
  }

  /** The carport was cleaned or the string fixed. */
  repair(kind: SlowDegradation['kind']): void {
    this.slow.remove(kind);
    this.settle(this.stepper.nowMs);
    this.publish();
  }

  /** What of the array the slow degradations leave delivering at `at`. */
  private degradedShare(at: number): number {
    const soiled = 1 - SOILING_LOSS * this.slow.share('soiling', at);
    const out = failedAt(failedShareOfDay(this.slow.severity('string-loss', at)), at, this.lng);
    return soiled * (out ? 1 - 1 / PV_STRINGS : 1);
  }

  /** Nothing latches in this inverter: its events clear with their cause and it restarts by itself. */
  override reset(): void {}

  gridKw(): number {
    return -this.powerKw;
  }

  protected refresh(): void {
    this.evaluate();
    this.settle(this.stepper.nowMs);
  }

  private evaluate(): void {
    let live = 0;
    if (this.anomalies.has('ground-fault')) live |= this.event.groundFault;
    if (this.hot.update(this.cabinetC)) live |= this.event.overTemperature;
    // Nothing latches: the word is SunSpec's event bits, each there while its cause is.
    this.showFaults(live, 0);
  }

  /** The active-power cap in kW while model 123's limit is enabled. */
  private limitKw(): number {
    if (this.image.readPoint('WMaxLim_Ena') !== 'enabled') return this.ratedKw;
    const pct = this.image.readPoint('WMaxLimPct');
    return typeof pct === 'number' ? (this.ratedKw * Math.min(100, Math.max(0, pct))) / 100 : this.ratedKw;
  }

  protected step(dt: number, at: number): void {
    this.cloud = Math.min(1, Math.max(0.15, wander(this.rng, this.cloud, 0.75, 1200, 0.22, dt)));
    this.randomWord = this.faults.step(dt);
    this.evaluate();
    this.phaseV = wander(this.rng, this.phaseV, PHASE_V, 120, 2, dt);
    this.frequency = wander(this.rng, this.frequency, 50, 30, 0.02, dt);
    this.settle(at);
    this.cabinetC = this.anomalies.has('over-temperature')
      ? approach(this.cabinetC, PV_CABINET_LIMIT_C + 10, dt, OVERHEAT_TAU_S)
      : approach(this.cabinetC, ambientC(at, this.lng) + 15 * (this.powerKw / this.ratedKw), dt, 900);
    this.evaluate();
    this.energyWh += (this.powerKw * 1000 * dt) / 3600;
  }

  /** Power, state and DC voltage for the sun and clouds at `at`. */
  private settle(at: number): void {
    const { elevation, cellC, acKw } = arrayOutput(
      {
        ratedKw: this.ratedKw,
        lat: this.lat,
        lng: this.lng,
        share: this.arrayShare * this.degradedShare(at),
      },
      at,
      this.cloud,
    );
    if (this.faultWord) {
      this.state = 'fault';
      this.powerKw = 0;
    } else if (elevation <= 0) {
      this.state = 'sleeping';
      this.powerKw = 0;
    } else if (acKw < MIN_KW) {
      this.state = 'starting';
      this.powerKw = 0;
    } else if (acKw > this.limitKw()) {
      this.state = 'throttled';
      this.powerKw = this.limitKw();
    } else {
      this.state = 'mppt';
      this.powerKw = acKw;
    }
    // Open-circuit voltage while waiting, the MPP voltage (lower when hot) while tracking.
    this.dcVoltage =
      elevation <= 0
        ? 0
        : this.state === 'mppt'
          ? MPP_V * (1 + 0.0035 * (25 - cellC))
          : this.state === 'throttled'
            ? // Off the maximum power point, towards open circuit, to shed the excess.
              MPP_V * 1.08 * (1 + 0.003 * (25 - cellC))
            : 1.18 * MPP_V * (1 + 0.003 * (25 - cellC));
  }

  protected publish(): void {
    const w = (key: string, value: number | string) => this.image.writePoint(key, value);
    w('power', this.powerKw * 1000);
    w('current', (this.powerKw * 1000) / this.phaseV);
    w('voltageAN', this.phaseV);
    w('frequency', this.frequency);
    w('energyTotal', this.energyWh);
    w('dcVoltage', this.dcVoltage);
    w('cabinetTemp', this.cabinetC);
    w('state', this.state);
    w('events', this.faultWord);
  }
}
