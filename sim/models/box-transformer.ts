import { uniform } from '../random';
import { faultBits, ModelBase } from './base';
import { ambientC, approach, LimitAlarm, localHour, type ModelOptions, wander } from './common';

const HV_LINE_KV = 10.3;
const LV_PHASE_V = 230;
const POWER_FACTOR = 0.95;
/** Short-circuit impedance: the LV bus sags this share of its voltage at full load. */
const REGULATION = 0.04;
/** Magnetising current on the HV side, as a share of the HV rated current. */
const NO_LOAD_SHARE = 0.006;

/** IEC 60076-7 ONAN: top-oil rise and winding gradient at rated load, load-loss ratio, time constants. */
const ONAN = {
  oilRiseK: 55,
  windingGradientK: 23,
  lossRatio: 6,
  oilTauS: 3 * 3600,
  windingTauS: 7 * 60,
} as const;
/** Where the top oil settles above ambient at load factor k. */
const oilRise = (k: number) => ONAN.oilRiseK * ((1 + ONAN.lossRatio * k * k) / (1 + ONAN.lossRatio)) ** 0.8;
/** Where the winding hot spot settles above the top oil at load factor k. */
const windingGradient = (k: number) => ONAN.windingGradientK * k ** 1.6;

/** Top-oil alarm of GB/T 6451 practice; the winding alarm sits above it. */
export const BT_LIMITS = { oilC: 85, windingC: 110, overload: 1.1 } as const;
/** How fast the oil climbs under an over-temperature anomaly (failed radiator fan, blocked vents): a drill's pace. */
const OVERHEAT_TAU_S = 300;

type Breaker = 'open' | 'closed' | 'tripped';

/**
 * A 10/0.4 kV box transformer feeding a station and the car park's other
 * tenants: load follows the station's chargers and PV plus a daily curve for
 * the rest, temperatures follow the load with the oil's hours-long lag, and
 * an LV ground fault trips the main breaker until someone resets it.
 */
export class BoxTransformerModel extends ModelBase {
  private readonly bit = faultBits(this.image.profile, [
    'overTemperature',
    'breakerTrip',
    'doorOpen',
    'lvOverload',
    'smokeDetected',
    'groundFault',
  ]);
  private readonly oilHot = new LimitAlarm(BT_LIMITS.oilC, 5);
  private readonly windingHot = new LimitAlarm(BT_LIMITS.windingC, 5);
  /** Per-phase share of the load: single-phase AC chargers and lighting never balance exactly. */
  private readonly imbalance: [number, number, number];
  private tenantKw: number;
  private powerKw = 0;
  private hvKv: [number, number, number] = [HV_LINE_KV, HV_LINE_KV, HV_LINE_KV];
  private oilC: number;
  private windingC: number;
  private breaker: Breaker = 'closed';

  constructor(opts: ModelOptions) {
    super(opts, {
      anomalyKinds: ['over-temperature', 'ground-fault', 'smoke', 'door-open'],
      randomFaultBits: [1, 2, 8],
    });
    const a = uniform(this.rng, -0.04, 0.04);
    const b = uniform(this.rng, -0.04, 0.04);
    this.imbalance = [1 + a, 1 + b, 1 - a - b];
    this.tenantKw = this.tenantMeanKw(opts.startMs);
    const ambient = ambientC(opts.startMs, this.lng);
    const k = this.tenantKw / this.ratedKva;
    this.oilC = ambient + oilRise(k);
    this.windingC = this.oilC + windingGradient(k);
    this.settle();
    this.publish();
  }

  /** Nothing on a box transformer is writable over Modbus: its breaker is reclosed on site. */
  acceptWrite(): boolean {
    return false;
  }

  /** On-site reset: recloses a tripped breaker, unless the ground fault that tripped it is still there. */
  override reset(): void {
    if (this.breaker === 'tripped') this.breaker = 'closed';
    super.reset();
  }

  gridKw(): number {
    return 0;
  }

  protected refresh(): void {
    this.evaluate();
    this.settle();
  }

  /** A transformer's profile rating is its apparent power. */
  private get ratedKva(): number {
    return this.ratedKw;
  }

  /** Other tenants of the car park: offices, shops and lighting, busiest in the working day. */
  private tenantMeanKw(at: number): number {
    const h = localHour(at, this.lng);
    const day = Math.max(0, Math.sin((Math.PI * (h - 7)) / 14));
    return this.ratedKva * (0.12 + 0.3 * day);
  }

  private evaluate(): void {
    let live = 0;
    const oilHot = this.oilHot.update(this.oilC);
    if (this.windingHot.update(this.windingC) || oilHot) live |= this.bit.overTemperature;
    if (this.anomalies.has('smoke')) live |= this.bit.smokeDetected;
    if (this.anomalies.has('door-open')) live |= this.bit.doorOpen;
    if (this.anomalies.has('ground-fault')) {
      live |= this.bit.groundFault;
      // Earth-fault protection opens the LV main breaker; it stays open until reset.
      this.breaker = 'tripped';
    }
    if (Math.abs(this.powerKw) / POWER_FACTOR > BT_LIMITS.overload * this.ratedKva)
      live |= this.bit.lvOverload;
    // The trip is the breaker's state, not a cause: it stays until the reset that recloses it.
    if (this.breaker === 'tripped') live |= this.bit.breakerTrip;
    this.showFaults(live, this.bit.breakerTrip);
  }

  /** LV power from the breaker state and the load it carries. */
  private settle(): void {
    this.powerKw = this.breaker === 'closed' ? (this.stationLoadKw?.() ?? 0) + this.tenantKw : 0;
  }

  protected step(dt: number, at: number): void {
    this.randomWord = this.faults.step(dt);
    this.tenantKw = Math.max(
      0,
      wander(this.rng, this.tenantKw, this.tenantMeanKw(at), 900, 0.03 * this.ratedKva, dt),
    );
    const grid = (kv: number) => wander(this.rng, kv, HV_LINE_KV, 300, 0.05, dt);
    this.hvKv = [grid(this.hvKv[0]), grid(this.hvKv[1]), grid(this.hvKv[2])];
    this.settle();
    const k = Math.abs(this.powerKw) / POWER_FACTOR / this.ratedKva;
    const ambient = ambientC(at, this.lng);
    if (this.anomalies.has('over-temperature')) {
      this.oilC = approach(this.oilC, BT_LIMITS.oilC + 8, dt, OVERHEAT_TAU_S);
      this.windingC = approach(this.windingC, this.oilC + 20, dt, OVERHEAT_TAU_S / 2);
    } else {
      this.oilC = approach(this.oilC, ambient + oilRise(k), dt, ONAN.oilTauS);
      this.windingC = approach(this.windingC, this.oilC + windingGradient(k), dt, ONAN.windingTauS);
    }
    this.evaluate();
  }

  protected publish(): void {
    const w = (key: string, value: number | string) => this.image.writePoint(key, value);
    const kva = Math.abs(this.powerKw) / POWER_FACTOR;
    const k = kva / this.ratedKva;
    const hvRatedA = this.ratedKva / (Math.sqrt(3) * HV_LINE_KV);
    const meanHvKv = (this.hvKv[0] + this.hvKv[1] + this.hvKv[2]) / 3;
    ['AB', 'BC', 'CA'].forEach((ph, i) => {
      w(`hv.voltage${ph}`, this.hvKv[i] ?? HV_LINE_KV);
    });
    ['A', 'B', 'C'].forEach((ph, i) => {
      const share = this.imbalance[i] ?? 1;
      // The LV bus follows the HV supply through the tap ratio and sags with load.
      const lvV = LV_PHASE_V * (meanHvKv / HV_LINE_KV) * (1 - REGULATION * k * share);
      const lvA = (kva * 1000 * share) / (3 * lvV);
      w(`lv.voltage${ph}`, lvV);
      w(`lv.current${ph}`, lvA);
      // Transformer ratio plus the magnetising current, which flows whatever the load.
      w(`hv.current${ph}`, (lvA * LV_PHASE_V * Math.sqrt(3)) / (meanHvKv * 1000) + NO_LOAD_SHARE * hvRatedA);
    });
    w('lv.power', this.powerKw);
    w('lv.powerFactor', this.powerKw === 0 ? 1 : POWER_FACTOR * Math.sign(this.powerKw));
    w('oilTemp', this.oilC);
    w('windingTemp', this.windingC);
    w('breaker', this.breaker);
    w('door', this.anomalies.has('door-open') ? 'open' : 'closed');
    w('faults', this.faultWord);
  }
}
