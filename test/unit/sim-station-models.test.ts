import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProfiles } from '../../node/profiles';
import { resourcesDir } from '../../node/resources';
import type { Profile } from '../../shared/profile/schema';
import { AcChargerModel } from '../../sim/models/ac-charger';
import { BoxTransformerModel } from '../../sim/models/box-transformer';
import type { DeviceModel, ModelOptions } from '../../sim/models/common';
import { DcChargerModel } from '../../sim/models/dc-charger';
import { MeterModel } from '../../sim/models/meter';
import { PvInverterModel } from '../../sim/models/pv-inverter';
import { mulberry32 } from '../../sim/random';
import { RegisterImage } from '../../sim/register-image';
import { sunspecBlocks } from '../../sim/sunspec';

const profiles = loadProfiles(join(resourcesDir(), 'profiles'));
const SHAOXING = { lat: 30.0, lng: 120.58 };
const H = 3_600_000;
const MIN = 60_000;
/** 2024-06-21 00:00 China Standard Time (UTC+8). */
const SOLSTICE_MIDNIGHT = Date.UTC(2024, 5, 20, 16);

function imageFor(id: string): RegisterImage {
  const p = profiles.get(id) as Profile;
  return new RegisterImage(p, sunspecBlocks(p, 1));
}

function opts(image: RegisterImage, startMs: number, seed: number, extra: Partial<ModelOptions> = {}) {
  return { deviceId: 'sx99-t1', image, rng: mulberry32(seed), startMs, ...SHAOXING, ...extra };
}

/** Ticks a model once a second (or `stepMs`) from `fromMs` to `toMs`; returns toMs. */
function run(model: DeviceModel, fromMs: number, toMs: number, stepMs = 1000): number {
  for (let t = fromMs + stepMs; t <= toMs; t += stepMs) model.tick(t);
  return toMs;
}

/** A client's write: the registers land in the image, then the model acts on them (or vetoes). */
function clientWrite(image: RegisterImage, model: DeviceModel, address: number, words: number[]): boolean {
  const saved = Uint16Array.from(image.read(address, words.length) ?? []);
  image.write(address, words);
  const ok = model.acceptWrite(address, words.length);
  if (!ok) image.write(address, saved);
  return ok;
}

const num = (image: RegisterImage, key: string) => image.readPoint(key) as number;
const bits = (image: RegisterImage, key = 'faults') => num(image, key);

describe('AC charger control registers', () => {
  it('starts on command, reads the command back as 0, refuses a start while busy, and stops on command', () => {
    const image = imageFor('ac-7kw');
    const model = new AcChargerModel(opts(image, SOLSTICE_MIDNIGHT, 4));
    expect(image.readPoint('gun1.state')).toBe('idle');
    expect(clientWrite(image, model, 101, [1])).toBe(true);
    expect(image.readPoint('gun1.state')).toBe('preparing');
    expect(image.readPoint('gun1.command')).toBe('none');
    expect(clientWrite(image, model, 101, [1])).toBe(false);
    let t = run(model, SOLSTICE_MIDNIGHT, SOLSTICE_MIDNIGHT + MIN);
    expect(image.readPoint('gun1.state')).toBe('charging');
    expect(clientWrite(image, model, 101, [2])).toBe(true);
    expect(image.readPoint('gun1.state')).toBe('finishing');
    expect(image.readPoint('gun1.power')).toBe(0);
    t = run(model, t, t + 20_000);
    expect(image.readPoint('gun1.state')).toBe('idle');
    // A stop with nothing to stop is harmless; a value outside the enum is refused.
    expect(clientWrite(image, model, 101, [2])).toBe(true);
    expect(clientWrite(image, model, 101, [7])).toBe(false);
    expect(clientWrite(image, model, 102, [3])).toBe(false);
    expect(image.readPoint('gun1.command')).toBe('none');
  });

  it('takes power limit, command and reset in one multi-register write, or none of them', () => {
    const image = imageFor('ac-7kw');
    const model = new AcChargerModel(opts(image, SOLSTICE_MIDNIGHT, 4));
    expect(clientWrite(image, model, 100, [80, 1, 0])).toBe(false);
    expect(image.readPoint('gun1.state')).toBe('idle');
    expect(image.readPoint('powerLimit')).toBe(7);
    expect(clientWrite(image, model, 100, [35, 1, 0])).toBe(true);
    expect(image.readPoint('powerLimit')).toBe(3.5);
    expect(image.readPoint('gun1.state')).toBe('preparing');
  });

  it('latches an over-temperature trip until a reset after the connector has cooled', () => {
    const image = imageFor('ac-7kw');
    const model = new AcChargerModel(opts(image, SOLSTICE_MIDNIGHT, 4));
    model.plugIn();
    let t = run(model, SOLSTICE_MIDNIGHT, SOLSTICE_MIDNIGHT + MIN);
    model.setAnomaly('over-temperature', true);
    expect(model.activeAnomalies()).toEqual(['over-temperature']);
    t = run(model, t, t + 10 * MIN);
    expect(num(image, 'gun1.temperature')).toBeGreaterThan(90);
    expect(bits(image) & 1).toBe(1);
    expect(image.readPoint('gun1.state')).toBe('faulted');
    model.setAnomaly('over-temperature', false);
    // Still hot: a reset now re-latches at once.
    expect(clientWrite(image, model, 102, [1])).toBe(true);
    expect(image.readPoint('reset')).toBe('none');
    expect(image.readPoint('gun1.state')).toBe('faulted');
    t = run(model, t, t + 30 * MIN);
    expect(num(image, 'gun1.temperature')).toBeLessThan(85);
    expect(image.readPoint('gun1.state')).toBe('faulted');
    expect(clientWrite(image, model, 102, [1])).toBe(true);
    expect(bits(image)).toBe(0);
    run(model, t, t + 1000);
    expect(image.readPoint('gun1.state')).toBe('idle');
  });

  it('keeps a stuck gun in its session against stop commands, with the gunStuck bit, until freed', () => {
    const image = imageFor('ac-7kw');
    const model = new AcChargerModel(opts(image, SOLSTICE_MIDNIGHT, 4));
    model.setAnomaly('gun-stuck', true);
    expect(image.readPoint('gun1.state')).toBe('preparing');
    expect(bits(image)).toBe(1 << 9);
    let t = run(model, SOLSTICE_MIDNIGHT, SOLSTICE_MIDNIGHT + MIN);
    expect(clientWrite(image, model, 101, [2])).toBe(true);
    t = run(model, t, t + MIN);
    expect(image.readPoint('gun1.state')).toBe('charging');
    model.setAnomaly('gun-stuck', false);
    expect(bits(image)).toBe(0);
    expect(clientWrite(image, model, 101, [2])).toBe(true);
    run(model, t, t + MIN);
    expect(image.readPoint('gun1.state')).toBe('idle');
  });

  it('names what it cannot show', () => {
    const model = new AcChargerModel(opts(imageFor('ac-7kw'), SOLSTICE_MIDNIGHT, 4));
    expect(() => model.setAnomaly('insulation-fault', true)).toThrow(
      'sx99-t1 cannot show insulation-fault (it can show: over-temperature, ground-fault, gun-stuck)',
    );
  });
});

describe('DC charger control and anomalies', () => {
  it('starts and stops each gun on its own command', () => {
    const image = imageFor('dc-120kw-dual');
    const model = new DcChargerModel(opts(image, SOLSTICE_MIDNIGHT, 7));
    expect(clientWrite(image, model, 102, [1])).toBe(true);
    expect([image.readPoint('gun1.state'), image.readPoint('gun2.state')]).toEqual(['idle', 'preparing']);
    expect(image.readPoint('gun2.command')).toBe('none');
    let t = run(model, SOLSTICE_MIDNIGHT, SOLSTICE_MIDNIGHT + MIN);
    expect(image.readPoint('gun2.state')).toBe('charging');
    expect(num(image, 'gun2.power')).toBeGreaterThan(30);
    expect(clientWrite(image, model, 101, [2, 2])).toBe(true);
    expect(image.readPoint('gun2.state')).toBe('finishing');
    t = run(model, t, t + 20_000);
    expect(image.readPoint('gun2.state')).toBe('idle');
    // Power limit and both starts at once.
    expect(clientWrite(image, model, 100, [400, 1, 1])).toBe(true);
    run(model, t, t + MIN);
    expect(num(image, 'gun1.power') + num(image, 'gun2.power')).toBeLessThanOrEqual(40.1);
    expect(clientWrite(image, model, 103, [9])).toBe(false);
  });

  it('trips on an insulation fault at once, and stays tripped after the repair until reset', () => {
    const image = imageFor('dc-120kw-dual');
    const model = new DcChargerModel(opts(image, SOLSTICE_MIDNIGHT, 7));
    model.plugIn(1);
    let t = run(model, SOLSTICE_MIDNIGHT, SOLSTICE_MIDNIGHT + MIN);
    model.setAnomaly('insulation-fault', true);
    expect(num(image, 'insulation')).toBeLessThan(100);
    expect(bits(image) & 1).toBe(1);
    expect([image.readPoint('gun1.state'), image.readPoint('gun2.state')]).toEqual(['faulted', 'faulted']);
    t = run(model, t, t + 10 * MIN);
    expect(num(image, 'insulation')).toBeLessThan(100);
    model.setAnomaly('insulation-fault', false);
    expect(num(image, 'insulation')).toBeGreaterThan(5000);
    t = run(model, t, t + MIN);
    expect(image.readPoint('gun1.state')).toBe('faulted');
    expect(bits(image)).toBe(1);
    expect(clientWrite(image, model, 103, [1])).toBe(true);
    expect(bits(image)).toBe(0);
    run(model, t, t + 1000);
    expect([image.readPoint('gun1.state'), image.readPoint('gun2.state')]).toEqual(['idle', 'idle']);
  });

  it('heats modules and connectors past their limits under an over-temperature anomaly', () => {
    const image = imageFor('dc-120kw-dual');
    const model = new DcChargerModel(opts(image, SOLSTICE_MIDNIGHT, 7));
    model.setAnomaly('over-temperature', true);
    run(model, SOLSTICE_MIDNIGHT, SOLSTICE_MIDNIGHT + 10 * MIN);
    expect(num(image, 'moduleTemp1')).toBeGreaterThan(85);
    expect(num(image, 'gun1.temperature')).toBeGreaterThan(90);
    expect(bits(image) & 0b110).toBe(0b110);
  });

  it('raises smoke, ground-fault and door bits; the door is not latched, the others are', () => {
    const image = imageFor('dc-120kw-dual');
    const model = new DcChargerModel(opts(image, SOLSTICE_MIDNIGHT, 7));
    model.setAnomaly('smoke', true);
    model.setAnomaly('ground-fault', true);
    model.setAnomaly('door-open', true);
    expect(bits(image)).toBe((1 << 6) | (1 << 3) | (1 << 5));
    for (const kind of model.activeAnomalies()) model.setAnomaly(kind, false);
    expect(bits(image)).toBe((1 << 6) | (1 << 3));
    model.reset();
    expect(bits(image)).toBe(0);
  });

  it('holds a stuck gun in finishing and ignores stop until freed', () => {
    const image = imageFor('dc-120kw-dual');
    const model = new DcChargerModel(opts(image, SOLSTICE_MIDNIGHT, 12));
    model.setAnomaly('gun-stuck', true);
    expect(image.readPoint('gun1.state')).toBe('preparing');
    let t = run(model, SOLSTICE_MIDNIGHT, SOLSTICE_MIDNIGHT + 3 * H, 5000);
    // Charged to the driver's target, but the gun never unlocks.
    expect(image.readPoint('gun1.state')).toBe('finishing');
    expect(bits(image)).toBe(1 << 9);
    expect(clientWrite(image, model, 101, [2])).toBe(true);
    t = run(model, t, t + MIN);
    expect(image.readPoint('gun1.state')).toBe('finishing');
    model.setAnomaly('gun-stuck', false);
    run(model, t, t + MIN);
    expect(image.readPoint('gun1.state')).toBe('idle');
    expect(bits(image)).toBe(0);
  });
});

describe('PV inverter active-power limit (SunSpec model 123)', () => {
  const NOON = SOLSTICE_MIDNIGHT + 12 * H;

  it('throttles to WMaxLimPct of WMax while WMaxLim_Ena is on', () => {
    const image = imageFor('pv-sunspec-103');
    const model = new PvInverterModel(opts(image, NOON, 2));
    expect(image.readPoint('WMaxLimPct')).toBe(100);
    expect(image.readPoint('WMaxLim_Ena')).toBe('disabled');
    expect(image.readPoint('WMaxLimPct_SF')).toBe(-1);
    const free = num(image, 'power');
    expect(free).toBeGreaterThan(25_000);
    // 40.0 % at scale factor -1 is 400; the limit is on in the same write.
    expect(clientWrite(image, model, 40127, [400])).toBe(true);
    expect(clientWrite(image, model, 40131, [1])).toBe(true);
    expect(image.readPoint('state')).toBe('throttled');
    expect(num(image, 'power')).toBe(20_000);
    let t = run(model, NOON, NOON + 10 * MIN);
    expect(image.readPoint('state')).toBe('throttled');
    expect(num(image, 'power')).toBeLessThanOrEqual(20_000);
    expect(clientWrite(image, model, 40131, [0])).toBe(true);
    t = run(model, t, t + 1000);
    expect(image.readPoint('state')).toBe('mppt');
    expect(num(image, 'power')).toBeGreaterThan(20_000);
    expect(clientWrite(image, model, 40127, [1001])).toBe(false);
    expect(clientWrite(image, model, 40131, [2])).toBe(false);
  });

  it('faults on a ground fault and on cabinet over-temperature, and recovers by itself', () => {
    const image = imageFor('pv-sunspec-103');
    const model = new PvInverterModel(opts(image, NOON, 2));
    model.setAnomaly('ground-fault', true);
    expect(image.readPoint('state')).toBe('fault');
    expect(num(image, 'events') & 1).toBe(1);
    expect(image.readPoint('power')).toBe(0);
    model.setAnomaly('ground-fault', false);
    expect(image.readPoint('state')).toBe('mppt');
    model.setAnomaly('over-temperature', true);
    let t = run(model, NOON, NOON + 15 * MIN);
    expect(num(image, 'cabinetTemp')).toBeGreaterThan(75);
    expect(image.readPoint('state')).toBe('fault');
    expect(num(image, 'events') & (1 << 7)).toBe(1 << 7);
    model.setAnomaly('over-temperature', false);
    t = run(model, t, t + H);
    expect(image.readPoint('state')).toBe('mppt');
  });
});

describe('box transformer', () => {
  const AFTERNOON = SOLSTICE_MIDNIGHT + 15 * H;

  it('carries the station load plus the tenants, with currents and voltages in step with the power', () => {
    const image = imageFor('box-transformer-630kva');
    let station = 150;
    const model = new BoxTransformerModel(opts(image, AFTERNOON, 3, { stationLoadKw: () => station }));
    const without = num(image, 'lv.power') - 150;
    expect(without).toBeGreaterThan(60);
    expect(without).toBeLessThan(300);
    station = 350;
    run(model, AFTERNOON, AFTERNOON + 1000);
    const kw = num(image, 'lv.power');
    expect(kw).toBeGreaterThan(350 + 60);
    const phases = ['A', 'B', 'C'];
    const kva =
      phases.reduce((s, ph) => s + num(image, `lv.voltage${ph}`) * num(image, `lv.current${ph}`), 0) / 1000;
    expect(kva).toBeCloseTo(kw / 0.95, -1);
    expect(num(image, 'lv.voltageA')).toBeGreaterThan(215);
    expect(num(image, 'lv.voltageA')).toBeLessThan(240);
    expect(num(image, 'hv.voltageAB')).toBeGreaterThan(10);
    expect(num(image, 'hv.voltageAB')).toBeLessThan(10.6);
    // 10 kV side: the LV current over the turns ratio, plus a little magnetising current.
    expect(num(image, 'hv.currentA')).toBeCloseTo((num(image, 'lv.currentA') * 400) / 10_300, 0);
    expect(image.readPoint('lv.powerFactor')).toBe(0.95);
    expect(image.readPoint('breaker')).toBe('closed');
    expect(image.readPoint('door')).toBe('closed');
    expect(bits(image)).toBe(0);
  });

  it('runs hotter under a heavy load, the winding above the oil', () => {
    const light = imageFor('box-transformer-630kva');
    const heavy = imageFor('box-transformer-630kva');
    const a = new BoxTransformerModel(opts(light, AFTERNOON, 3, { stationLoadKw: () => 0 }));
    const b = new BoxTransformerModel(opts(heavy, AFTERNOON, 3, { stationLoadKw: () => 350 }));
    run(a, AFTERNOON, AFTERNOON + 6 * H, 10_000);
    run(b, AFTERNOON, AFTERNOON + 6 * H, 10_000);
    expect(num(heavy, 'oilTemp')).toBeGreaterThan(num(light, 'oilTemp') + 8);
    expect(num(heavy, 'windingTemp')).toBeGreaterThan(num(heavy, 'oilTemp'));
    expect(num(heavy, 'oilTemp')).toBeLessThan(85);
  });

  it('alarms on over-temperature once the oil passes 85 °C and clears once it cools', () => {
    const image = imageFor('box-transformer-630kva');
    const model = new BoxTransformerModel(opts(image, AFTERNOON, 3));
    model.setAnomaly('over-temperature', true);
    let t = run(model, AFTERNOON, AFTERNOON + 3 * MIN);
    expect(bits(image) & 1).toBe(0);
    t = run(model, t, t + 20 * MIN);
    expect(num(image, 'oilTemp')).toBeGreaterThan(85);
    expect(bits(image) & 1).toBe(1);
    // An alarm, not a trip: the breaker stays closed.
    expect(image.readPoint('breaker')).toBe('closed');
    model.setAnomaly('over-temperature', false);
    run(model, t, t + 4 * H, 10_000);
    expect(num(image, 'oilTemp')).toBeLessThan(80);
    expect(bits(image)).toBe(0);
  });

  it('trips the LV breaker on a ground fault; only a reset after the fault is gone recloses it', () => {
    const image = imageFor('box-transformer-630kva');
    const model = new BoxTransformerModel(opts(image, AFTERNOON, 3, { stationLoadKw: () => 100 }));
    model.setAnomaly('ground-fault', true);
    expect(image.readPoint('breaker')).toBe('tripped');
    expect(bits(image)).toBe((1 << 7) | (1 << 3));
    expect(image.readPoint('lv.power')).toBe(0);
    expect(image.readPoint('lv.currentA')).toBe(0);
    model.reset();
    expect(image.readPoint('breaker')).toBe('tripped');
    model.setAnomaly('ground-fault', false);
    let t = run(model, AFTERNOON, AFTERNOON + MIN);
    expect(image.readPoint('breaker')).toBe('tripped');
    expect(bits(image)).toBe(1 << 3);
    model.reset();
    t = run(model, t, t + 1000);
    expect(image.readPoint('breaker')).toBe('closed');
    expect(num(image, 'lv.power')).toBeGreaterThan(100);
    expect(bits(image)).toBe(0);
  });

  it('shows an open door and smoke; refuses anomalies a transformer cannot have', () => {
    const image = imageFor('box-transformer-630kva');
    const model = new BoxTransformerModel(opts(image, AFTERNOON, 3));
    model.setAnomaly('door-open', true);
    model.setAnomaly('smoke', true);
    expect(image.readPoint('door')).toBe('open');
    expect(bits(image)).toBe((1 << 4) | (1 << 6));
    expect(() => model.setAnomaly('gun-stuck', true)).toThrow(/cannot show gun-stuck/);
    expect(model.acceptWrite()).toBe(false);
  });
});

describe('energy meter', () => {
  const EVENING = SOLSTICE_MIDNIGHT + 19 * H;

  it('counts import while the station draws and export while the PV feeds in', () => {
    const image = imageFor('meter-3p-f32');
    let station = 100;
    const model = new MeterModel(opts(image, EVENING, 5, { stationLoadKw: () => station }));
    const import0 = num(image, 'importEnergy');
    const export0 = num(image, 'exportEnergy');
    // Past 2^32 Wh: the 64-bit counter needs its high words.
    expect(import0).toBeGreaterThan(2 ** 32);
    let t = run(model, EVENING, EVENING + H);
    const imported = num(image, 'importEnergy') - import0;
    // 100 kW for an hour, plus lighting and standby.
    expect(imported).toBeGreaterThan(101_000);
    expect(imported).toBeLessThan(103_000);
    expect(num(image, 'exportEnergy')).toBe(export0);
    station = -40;
    const import1 = num(image, 'importEnergy');
    t = run(model, t, t + H);
    expect(num(image, 'importEnergy')).toBe(import1);
    expect(num(image, 'exportEnergy') - export0).toBeGreaterThan(37_000);
    expect(num(image, 'power')).toBeLessThan(-37);
    expect(num(image, 'powerFactor')).toBeCloseTo(-0.98, 5);
  });

  it('keeps f32 values and 64-bit counters low word first', () => {
    const image = imageFor('meter-3p-f32');
    new MeterModel(opts(image, EVENING, 5, { stationLoadKw: () => 69 }));
    const [lo = 0, hi = 0] = Array.from(image.read(0, 2) ?? []);
    const view = new DataView(new ArrayBuffer(4));
    view.setUint16(0, hi);
    view.setUint16(2, lo);
    expect(view.getFloat32(0)).toBe(image.readPoint('voltageA'));
    expect(view.getFloat32(0)).toBeCloseTo(230, 0);
    const words = Array.from(image.read(256, 4) ?? []);
    const wh = words.reduceRight((acc, w) => acc * 65536 + w, 0);
    expect(wh).toBe(image.readPoint('importEnergy'));
    expect(words[2]).toBeGreaterThan(0);
    const kw = num(image, 'power');
    const kva = ['A', 'B', 'C'].reduce(
      (s, ph) => s + num(image, `voltage${ph}`) * num(image, `current${ph}`),
      0,
    );
    expect(kva / 1000).toBeCloseTo(kw / 0.98, 1);
    expect(num(image, 'frequency')).toBeCloseTo(50, 0);
  });

  it('follows a typical day without live neighbours and shows no anomalies', () => {
    const image = imageFor('meter-3p-f32');
    const model = new MeterModel(opts(image, SOLSTICE_MIDNIGHT + 3 * H, 5));
    expect(num(image, 'power')).toBeGreaterThan(2);
    expect(num(image, 'power')).toBeLessThan(15);
    run(model, SOLSTICE_MIDNIGHT + 3 * H, SOLSTICE_MIDNIGHT + 18 * H, 60_000);
    expect(num(image, 'power')).toBeGreaterThan(25);
    expect(model.anomalyKinds).toEqual([]);
    expect(() => model.setAnomaly('smoke', true)).toThrow('sx99-t1 cannot show smoke (it can show: none)');
  });
});
