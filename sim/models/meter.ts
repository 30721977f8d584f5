import { failedAt, failedShareOfDay, type SlowDegradation, SlowDegradations } from '../degradation/slow';
import { uniform } from '../random';
import { ModelBase } from './base';
import { ambientC, localHour, type ModelOptions, wander } from './common';

const PHASE_V = 230;
/** Chargers correct their power factor; what is left is lighting ballasts and the PV inverter. */
const POWER_FACTOR = 0.98;

/**
 * The energy meter at a station's grid connection: it sees the chargers'
 * draw less the carport's PV, plus lighting and standby, and counts import
 * and export energy.
 */
export class MeterModel extends ModelBase {
  private volts: [number, number, number] = [PHASE_V, PHASE_V, PHASE_V];
  private frequency = 50;
  private powerKw = 0;
  private importWh: number;
  private exportWh: number;
  /** A counter that sticks ever more of the day, by the simulator's clock, until it is frozen. */
  private readonly slow: SlowDegradations;

  constructor(opts: ModelOptions) {
    super(opts, { anomalyKinds: [], randomFaultBits: [] });
    this.slow = new SlowDegradations(opts.deviceId, ['frozen-counter']);
    // Past 2^32 Wh, so a reader that drops the high words of the 64-bit counter shows it.
    this.importWh = Math.round(uniform(this.rng, 4.4e9, 6e9));
    this.exportWh = Math.round(uniform(this.rng, 1e6, 5e7));
    this.powerKw = this.loadKw(opts.startMs);
    this.publish();
  }

  /** A meter takes no writes: its registers are all measurements. */
  acceptWrite(): boolean {
    return false;
  }

  /**
   * Starts a frozen-counter degradation: the energy registers stop counting
   * for part of each day (while the power and currents still read true),
   * and the energy of those hours is lost to the count, as on a meter
   * whose register sticks. By the fault they do not move at all.
   */
  degrade(d: SlowDegradation): void {
    this.slow.add(d);
  }

  /** The meter was replaced or its register unstuck: it counts again from where it stood. */
  repair(kind: SlowDegradation['kind']): void {
    this.slow.remove(kind);
  }

  /** Nothing latches in a meter. */
  override reset(): void {}

  gridKw(): number {
    return 0;
  }

  /** A meter shows no anomalies and has no fault word: nothing to bring in line. */
  protected refresh(): void {}

  /** Station draw plus lighting (on from dusk to dawn) and the standby of cabinets and cameras. */
  private loadKw(at: number): number {
    const h = localHour(at, this.lng);
    const lighting = h < 6 || h >= 18 ? 1.5 : 0;
    const standby = 0.6 + 0.01 * Math.max(0, ambientC(at, this.lng) - 25);
    return (this.stationLoadKw?.() ?? this.typicalStationKw(h)) + lighting + standby;
  }

  /** Without live neighbours: a small station's day, quiet at night, busy in the evening. */
  private typicalStationKw(h: number): number {
    return 10 + 30 * Math.max(0, Math.sin((Math.PI * (h - 6)) / 16));
  }

  protected step(dt: number, at: number): void {
    const grid = (v: number) => wander(this.rng, v, PHASE_V, 120, 2, dt);
    this.volts = [grid(this.volts[0]), grid(this.volts[1]), grid(this.volts[2])];
    this.frequency = wander(this.rng, this.frequency, 50, 30, 0.02, dt);
    this.powerKw = this.loadKw(at);
    if (failedAt(failedShareOfDay(this.slow.severity('frozen-counter', at)), at, this.lng)) return;
    const wh = (this.powerKw * 1000 * dt) / 3600;
    if (wh >= 0) this.importWh += wh;
    else this.exportWh -= wh;
  }

  protected publish(): void {
    const w = (key: string, value: number) => this.image.writePoint(key, value);
    const kva = Math.abs(this.powerKw) / POWER_FACTOR;
    ['A', 'B', 'C'].forEach((ph, i) => {
      const v = this.volts[i] ?? PHASE_V;
      w(`voltage${ph}`, v);
      w(`current${ph}`, (kva * 1000) / (3 * v));
    });
    w('power', this.powerKw);
    w('reactivePower', kva * Math.sqrt(1 - POWER_FACTOR ** 2));
    w('powerFactor', this.powerKw === 0 ? 1 : POWER_FACTOR * Math.sign(this.powerKw));
    w('frequency', this.frequency);
    w('importEnergy', Math.floor(this.importWh));
    w('exportEnergy', Math.floor(this.exportWh));
  }
}
