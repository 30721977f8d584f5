import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProfiles } from '../../node/profiles';
import { resourcesDir } from '../../node/resources';
import type { Profile } from '../../shared/profile/schema';
import { solarElevationDeg } from '../../shared/pv/solar';
import { AcChargerModel } from '../../sim/models/ac-charger';
import type { DeviceModel } from '../../sim/models/common';
import { DcChargerModel } from '../../sim/models/dc-charger';
import { PvInverterModel } from '../../sim/models/pv-inverter';
import { mulberry32 } from '../../sim/random';
import { RegisterImage } from '../../sim/register-image';
import { sunspecBlocks } from '../../sim/sunspec';

const profiles = loadProfiles(join(resourcesDir(), 'profiles'));
const SHAOXING = { lat: 30.0, lng: 120.58 };
const H = 3_600_000;
/** 2024-06-21 00:00 China Standard Time (UTC+8). */
const SOLSTICE_MIDNIGHT = Date.UTC(2024, 5, 20, 16);

function imageFor(id: string): RegisterImage {
  const p = profiles.get(id) as Profile;
  return new RegisterImage(p, sunspecBlocks(p, 1));
}

function opts(image: RegisterImage, startMs: number, seed: number, faultsPerDay = 0) {
  return { deviceId: 'sx99-t1', image, rng: mulberry32(seed), startMs, ...SHAOXING, faultsPerDay };
}

/** Drives a model with a fake clock, calling `each` after every tick. */
function run(
  model: DeviceModel,
  fromMs: number,
  toMs: number,
  stepMs: number,
  each: (t: number) => boolean | undefined,
) {
  for (let t = fromMs + stepMs; t <= toMs; t += stepMs) {
    model.tick(t);
    if (each(t) === false) return t;
  }
  return toMs;
}

const num = (image: RegisterImage, key: string) => image.readPoint(key) as number;

describe('solar position', () => {
  it('puts the sun high at Shaoxing noon on the solstice and below the horizon at midnight', () => {
    // 90° − 30° + 23.44° ≈ 83.4° at solar noon (≈ 11:55 CST).
    expect(solarElevationDeg(SOLSTICE_MIDNIGHT + 11.9 * H, 30, 120.58)).toBeCloseTo(83.4, 0);
    expect(solarElevationDeg(SOLSTICE_MIDNIGHT, 30, 120.58)).toBeLessThan(-30);
    // Equinox sunrise is close to 06:00 local mean solar time.
    const equinoxSunrise = Date.UTC(2024, 2, 20, 6) - (120.58 / 15) * H;
    expect(Math.abs(solarElevationDeg(equinoxSunrise, 30, 120.58))).toBeLessThan(3);
  });
});

describe('PV inverter', () => {
  it('sleeps at night with zero power and no energy gained', () => {
    const image = imageFor('pv-sunspec-103');
    const model = new PvInverterModel(opts(image, SOLSTICE_MIDNIGHT, 1));
    const energy = num(image, 'energyTotal');
    run(model, SOLSTICE_MIDNIGHT, SOLSTICE_MIDNIGHT + 2 * H, 60_000, () => {
      expect(image.readPoint('power')).toBe(0);
      expect(image.readPoint('state')).toBe('sleeping');
      return undefined;
    });
    expect(num(image, 'energyTotal')).toBe(energy);
    expect(image.readPoint('dcVoltage')).toBe(0);
  });

  it('tracks the sun at midday, within its rating, and counts the energy', () => {
    const image = imageFor('pv-sunspec-103');
    const start = SOLSTICE_MIDNIGHT + 11 * H;
    const model = new PvInverterModel(opts(image, start, 2));
    const energy = num(image, 'energyTotal');
    run(model, start, start + 2 * H, 10_000, () => {
      const w = num(image, 'power');
      expect(image.readPoint('state')).toBe('mppt');
      expect(w).toBeGreaterThan(5_000);
      expect(w).toBeLessThanOrEqual(50_000);
      // Total AC current is the power over the phase voltage.
      expect(num(image, 'current')).toBeCloseTo(w / num(image, 'voltageAN'), 0);
      expect(num(image, 'frequency')).toBeGreaterThan(49.8);
      expect(num(image, 'frequency')).toBeLessThan(50.2);
      expect(num(image, 'dcVoltage')).toBeGreaterThan(450);
      return undefined;
    });
    const gainedKwh = (num(image, 'energyTotal') - energy) / 1000;
    expect(gainedKwh).toBeGreaterThan(10);
    expect(gainedKwh).toBeLessThan(100);
  });

  it('produces only while the sun is up, over a whole day', () => {
    const image = imageFor('pv-sunspec-103');
    const model = new PvInverterModel(opts(image, SOLSTICE_MIDNIGHT, 3));
    let producing = 0;
    run(model, SOLSTICE_MIDNIGHT, SOLSTICE_MIDNIGHT + 24 * H, 300_000, (t) => {
      const elevation = solarElevationDeg(t, SHAOXING.lat, SHAOXING.lng);
      const w = num(image, 'power');
      if (elevation <= 0) expect(w).toBe(0);
      if (elevation > 20) expect(w).toBeGreaterThan(0);
      if (w > 0) producing++;
      return undefined;
    });
    // Roughly 13–14 daylight hours at the solstice, sampled every 5 minutes.
    expect(producing).toBeGreaterThan(130);
    expect(producing).toBeLessThan(170);
  });

  it('publishes its identity and scale factors', () => {
    const image = imageFor('pv-sunspec-103');
    new PvInverterModel(opts(image, SOLSTICE_MIDNIGHT, 1));
    expect(image.readPoint('manufacturer')).toBe('DutyDesk Sim');
    expect(image.readPoint('modelName')).toBe('SIM-50K-3P');
    expect(image.readPoint('serial')).toBe('SN-SX99-T1');
    expect(image.readPoint('W_SF')).toBe(1);
    expect(image.readPoint('A_SF')).toBe(-2);
    expect(image.readPoint('Hz_SF')).toBe(-2);
  });
});

describe('AC 7 kW charger', () => {
  it('runs a session idle → preparing → charging → finishing → idle with the physics in step', () => {
    const image = imageFor('ac-7kw');
    const model = new AcChargerModel(opts(image, SOLSTICE_MIDNIGHT, 4));
    expect(image.readPoint('gun1.state')).toBe('idle');
    const total0 = num(image, 'totalEnergy');
    const temp0 = num(image, 'gun1.temperature');
    expect(model.plugIn()).toBe(true);
    expect(model.plugIn()).toBe(false);
    const states = ['idle', 'preparing'];
    let lastEnergy = 0;
    let lastDuration = 0;
    let sessionKwh = 0;
    let peakTemp = temp0;
    run(model, SOLSTICE_MIDNIGHT, SOLSTICE_MIDNIGHT + 8 * H, 1000, () => {
      const state = image.readPoint('gun1.state') as string;
      if (state !== states.at(-1)) states.push(state);
      const energy = num(image, 'gun1.energy');
      if (state === 'charging') {
        const kw = num(image, 'gun1.power');
        const v = num(image, 'gun1.voltage');
        expect(kw).toBeGreaterThanOrEqual(6.5);
        expect(kw).toBeLessThanOrEqual(7.0);
        expect(v).toBeGreaterThan(200);
        expect(v).toBeLessThan(240);
        expect(num(image, 'gun1.current')).toBeCloseTo((kw * 1000) / v, 0);
        expect(energy).toBeGreaterThanOrEqual(lastEnergy);
        expect(num(image, 'gun1.duration')).toBeGreaterThanOrEqual(lastDuration);
        lastEnergy = energy;
        lastDuration = num(image, 'gun1.duration');
        sessionKwh = energy;
        peakTemp = Math.max(peakTemp, num(image, 'gun1.temperature'));
      } else {
        expect(image.readPoint('gun1.power')).toBe(0);
        expect(image.readPoint('gun1.current')).toBe(0);
      }
      return state !== 'idle';
    });
    expect(states).toEqual(['idle', 'preparing', 'charging', 'finishing', 'idle']);
    expect(sessionKwh).toBeGreaterThanOrEqual(8);
    expect(sessionKwh).toBeLessThanOrEqual(35.1);
    expect(lastDuration).toBeCloseTo((sessionKwh / 6.8) * 3600, -3);
    expect(num(image, 'totalEnergy') - total0).toBeCloseTo(sessionKwh, 0);
    expect(peakTemp).toBeGreaterThan(temp0 + 5);
    expect(image.readPoint('gun1.energy')).toBe(0);
    expect(image.readPoint('gun1.duration')).toBe(0);
  });

  it('obeys a power limit written by a client and vetoes one above its rating', () => {
    const image = imageFor('ac-7kw');
    const model = new AcChargerModel(opts(image, SOLSTICE_MIDNIGHT, 4));
    expect(image.readPoint('powerLimit')).toBe(7);
    model.plugIn();
    image.write(100, [35]);
    expect(model.acceptWrite(100, 1)).toBe(true);
    let charged = 0;
    run(model, SOLSTICE_MIDNIGHT, SOLSTICE_MIDNIGHT + H, 1000, () => {
      if (image.readPoint('gun1.state') === 'charging') {
        charged++;
        expect(num(image, 'gun1.power')).toBeLessThanOrEqual(3.5);
      }
      return undefined;
    });
    expect(charged).toBeGreaterThan(3000);
    image.write(100, [80]);
    expect(model.acceptWrite(100, 1)).toBe(false);
    expect(model.acceptWrite(0, 10)).toBe(true);
  });

  it('sees cars arrive on its own over a day', () => {
    const image = imageFor('ac-7kw');
    const model = new AcChargerModel(opts(image, SOLSTICE_MIDNIGHT, 5));
    let arrivals = 0;
    let previous = image.readPoint('gun1.state');
    run(model, SOLSTICE_MIDNIGHT, SOLSTICE_MIDNIGHT + 24 * H, 1000, () => {
      const state = image.readPoint('gun1.state');
      if (state === 'preparing' && previous !== 'preparing') arrivals++;
      previous = state;
      return undefined;
    });
    expect(arrivals).toBeGreaterThanOrEqual(1);
    expect(arrivals).toBeLessThanOrEqual(12);
  });

  it('replays exactly from the same seed', () => {
    const a = imageFor('ac-7kw');
    const b = imageFor('ac-7kw');
    const start = SOLSTICE_MIDNIGHT + 9 * H;
    const ma = new AcChargerModel(opts(a, start, 42));
    const mb = new AcChargerModel(opts(b, start, 42));
    for (let t = start; t <= start + 3 * H; t += 7_000) {
      ma.tick(t);
      mb.tick(t);
    }
    expect(Array.from(a.read(0, 24) ?? [])).toEqual(Array.from(b.read(0, 24) ?? []));
  });

  it('raises and clears random faults only when asked to', () => {
    const image = imageFor('ac-7kw');
    const model = new AcChargerModel(opts(image, SOLSTICE_MIDNIGHT, 6, 200));
    let faultedWithBit = 0;
    let recovered = false;
    run(model, SOLSTICE_MIDNIGHT, SOLSTICE_MIDNIGHT + 6 * H, 1000, () => {
      const faults = num(image, 'faults');
      const state = image.readPoint('gun1.state');
      expect(state === 'faulted').toBe(faults !== 0);
      if (faults) faultedWithBit++;
      else if (faultedWithBit) recovered = true;
      return undefined;
    });
    expect(faultedWithBit).toBeGreaterThan(0);
    expect(recovered).toBe(true);
  });
});

describe('DC 120 kW dual-gun charger', () => {
  it('shares its power limit between two charging guns', () => {
    const image = imageFor('dc-120kw-dual');
    const model = new DcChargerModel(opts(image, SOLSTICE_MIDNIGHT, 7));
    expect([image.readPoint('gun1.state'), image.readPoint('gun2.state')]).toEqual(['idle', 'idle']);
    image.write(100, [600]);
    expect(model.acceptWrite(100, 1)).toBe(true);
    expect(model.plugIn(1) && model.plugIn(2)).toBe(true);
    let shared = 0;
    run(model, SOLSTICE_MIDNIGHT, SOLSTICE_MIDNIGHT + H, 1000, () => {
      const p1 = num(image, 'gun1.power');
      const p2 = num(image, 'gun2.power');
      expect(p1 + p2).toBeLessThanOrEqual(60.1);
      const bothBulk = [1, 2].every(
        (g) => image.readPoint(`gun${g}.state`) === 'charging' && num(image, `gun${g}.soc`) < 79,
      );
      if (bothBulk) {
        shared++;
        expect(p1).toBeGreaterThan(28);
        expect(Math.abs(p1 - p2)).toBeLessThan(1);
      }
      return undefined;
    });
    expect(shared).toBeGreaterThan(60);
    image.write(100, [1300]);
    expect(model.acceptWrite(100, 1)).toBe(false);
  });

  it('charges one car from arrival SoC to its target, tapering above 80 %', () => {
    const image = imageFor('dc-120kw-dual');
    const model = new DcChargerModel(opts(image, SOLSTICE_MIDNIGHT, 12));
    expect(model.plugIn(1)).toBe(true);
    expect(model.plugIn(3)).toBe(false);
    const samples: { soc: number; kw: number }[] = [];
    const module0 = num(image, 'moduleTemp1');
    let moduleHot = module0;
    let finalSoc = 0;
    run(model, SOLSTICE_MIDNIGHT, SOLSTICE_MIDNIGHT + 3 * H, 1000, () => {
      const state = image.readPoint('gun1.state');
      const soc = num(image, 'gun1.soc');
      if (state === 'charging') {
        const kw = num(image, 'gun1.power');
        const v = num(image, 'gun1.voltage');
        expect(v).toBeGreaterThanOrEqual(350);
        expect(v).toBeLessThanOrEqual(750);
        expect(num(image, 'gun1.current')).toBeLessThanOrEqual(250);
        expect(num(image, 'gun1.current')).toBeCloseTo((kw * 1000) / v, -1);
        expect(soc).toBeGreaterThanOrEqual(samples.at(-1)?.soc ?? 0);
        samples.push({ soc, kw });
        moduleHot = Math.max(moduleHot, num(image, 'moduleTemp1'));
      }
      if (state === 'finishing') finalSoc = soc;
      const ins = num(image, 'insulation');
      expect(ins).toBeGreaterThanOrEqual(5000);
      expect(ins).toBeLessThanOrEqual(20000);
      expect(image.readPoint('faults')).toBe(0);
      expect(image.readPoint('gun2.state')).toBe('idle');
      return state !== 'idle' || samples.length === 0;
    });
    const first = samples[0]?.soc ?? 0;
    expect(first).toBeGreaterThanOrEqual(20);
    expect(first).toBeLessThanOrEqual(50);
    expect(finalSoc).toBeGreaterThanOrEqual(80);
    expect(finalSoc).toBeLessThanOrEqual(95);
    const bulk = Math.max(...samples.filter((s) => s.soc < 78).map((s) => s.kw));
    const topped = samples.filter((s) => s.soc >= 85);
    expect(topped.length).toBeGreaterThan(0);
    // Above 80 % the battery takes less and less: power only falls (within noise) to well below the bulk rate.
    for (const [i, s] of topped.entries())
      expect(s.kw).toBeLessThanOrEqual((topped[i - 1]?.kw ?? bulk) + 0.5);
    expect(topped.at(-1)?.kw).toBeLessThan(bulk * 0.85);
    expect(moduleHot).toBeGreaterThan(module0 + 10);
    expect(image.readPoint('gun1.soc')).toBe(0);
  });
});
