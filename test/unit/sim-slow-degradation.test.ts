import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProfiles } from '../../node/profiles';
import { resourcesDir } from '../../node/resources';
import type { Profile } from '../../shared/profile/schema';
import type { SlowDegradation } from '../../sim/degradation/slow';
import { DcChargerModel } from '../../sim/models/dc-charger';
import { MeterModel } from '../../sim/models/meter';
import { PvInverterModel } from '../../sim/models/pv-inverter';
import { mulberry32 } from '../../sim/random';
import { RegisterImage } from '../../sim/register-image';
import { sunspecBlocks } from '../../sim/sunspec';

const profiles = loadProfiles(join(resourcesDir(), 'profiles'));
const DAY = 86_400_000;
const ONSET = Date.UTC(2024, 5, 1, 2);
const FAULT = ONSET + 42 * DAY;

/** A DC charger running `hours` at `atMs` with a car on gun 1, the degradation known since ONSET. */
function chargeAt(atMs: number, kind: 'contact-resistance' | 'insulation-decay', hours = 0.5) {
  const p = profiles.get('dc-120kw-dual') as Profile;
  const image = new RegisterImage(p, sunspecBlocks(p, 1));
  const model = new DcChargerModel({
    deviceId: 'sx01-dc1',
    image,
    rng: mulberry32(3),
    startMs: atMs,
    lat: 30,
    lng: 120.58,
  });
  model.degrade({ kind, onsetMs: ONSET, faultMs: FAULT });
  model.plugIn(1);
  let worstRise = 0;
  let lowestInsulation = Number.POSITIVE_INFINITY;
  let faults = 0;
  for (let t = atMs + 10_000; t <= atMs + hours * 3_600_000; t += 10_000) {
    model.tick(t);
    const amps = Number(image.readPoint('gun1.current'));
    if (amps > 100) worstRise = Math.max(worstRise, Number(image.readPoint('gun1.temperature')) / amps ** 2);
    lowestInsulation = Math.min(lowestInsulation, Number(image.readPoint('insulation')));
    faults |= Number(image.readPoint('faults'));
  }
  return { worstRise, lowestInsulation, faults, model, image };
}

describe('slow degradations in the DC charger model', () => {
  it('heats a worn contact more for the same current as the weeks pass, until the connector trips', () => {
    const before = chargeAt(ONSET - DAY, 'contact-resistance').worstRise;
    const midway = chargeAt(ONSET + 21 * DAY, 'contact-resistance').worstRise;
    const late = chargeAt(ONSET + 38 * DAY, 'contact-resistance').worstRise;
    expect(midway).toBeGreaterThan(before);
    expect(late).toBeGreaterThan(midway);
    // At the fault a full-current session takes the connector past its 90 °C limit (bit 2).
    const atFault = chargeAt(FAULT, 'contact-resistance', 1);
    expect(atFault.faults & (1 << 2)).not.toBe(0);
  });

  it('decays the insulation reading towards the 100 kΩ trip, and a repair restores it', () => {
    const before = chargeAt(ONSET - DAY, 'insulation-decay').lowestInsulation;
    const midway = chargeAt(ONSET + 21 * DAY, 'insulation-decay').lowestInsulation;
    expect(before).toBeGreaterThan(5_000);
    expect(midway).toBeLessThan(before / 2);
    const atFault = chargeAt(FAULT + DAY, 'insulation-decay', 0.1);
    expect(atFault.lowestInsulation).toBeLessThan(100);
    expect(atFault.faults & 1).toBe(1);
    atFault.model.repair('insulation-decay');
    expect(Number(atFault.image.readPoint('insulation'))).toBeGreaterThan(5_000);
  });

  it('refuses a degradation whose fault comes before its onset', () => {
    const { model } = chargeAt(ONSET, 'insulation-decay', 0);
    expect(() => model.degrade({ kind: 'contact-resistance', onsetMs: FAULT, faultMs: ONSET })).toThrow(
      RangeError,
    );
  });
});

/** Local solar noon at the test's longitude (120.58° E), the day `ms` falls in (UTC). */
const LNG = 120.58;
const noonOf = (ms: number) => Math.floor(ms / DAY) * DAY + (12 - LNG / 15) * 3_600_000;

/**
 * Two devices of one profile from the same seed, one of them degraded: the
 * same weather and load reach both, so what differs is the degradation.
 */
function twins<M extends PvInverterModel | MeterModel>(
  profileId: string,
  make: (opts: ConstructorParameters<typeof PvInverterModel>[0]) => M,
  startMs: number,
  degradation: SlowDegradation,
) {
  const p = profiles.get(profileId) as Profile;
  const build = () => {
    const image = new RegisterImage(p, sunspecBlocks(p, 1));
    return {
      image,
      model: make({ deviceId: 'sx01-x1', image, rng: mulberry32(11), startMs, lat: 30, lng: LNG }),
    };
  };
  const healthy = build();
  const worn = build();
  worn.model.degrade(degradation);
  return { healthy, worn };
}

/** Ticks both twins a minute at a time over [fromMs, toMs]; returns how far `key` advanced on each. */
function advance(pair: ReturnType<typeof twins>, key: string, fromMs: number, toMs: number) {
  const read = (side: 'healthy' | 'worn') => Number(pair[side].image.readPoint(key));
  const before = { healthy: read('healthy'), worn: read('worn') };
  for (let t = fromMs + 60_000; t <= toMs; t += 60_000) {
    pair.healthy.model.tick(t);
    pair.worn.model.tick(t);
  }
  return { healthy: read('healthy') - before.healthy, worn: read('worn') - before.worn };
}

describe('slow degradations in the PV inverter model', () => {
  const pv = (startMs: number, kind: 'soiling' | 'string-loss') =>
    twins('pv-sunspec-103', (o) => new PvInverterModel(o), startMs, { kind, onsetMs: ONSET, faultMs: FAULT });
  /** The day's yield of the degraded twin over the healthy one's, the day starting at `dayMs`. */
  const yieldRatio = (dayMs: number, kind: 'soiling' | 'string-loss') => {
    const pair = pv(dayMs, kind);
    const wh = advance(pair, 'energyTotal', dayMs, dayMs + DAY);
    expect(wh.healthy).toBeGreaterThan(50_000);
    // The inverter raises nothing: it only delivers less.
    expect(pair.worn.image.readPoint('events')).toBe(0);
    return wh.worn / wh.healthy;
  };

  it('loses yield to soiling as the weeks pass, 30 % by the fault, with no event raised', () => {
    expect(yieldRatio(ONSET - 2 * DAY, 'soiling')).toBeCloseTo(1, 6);
    expect(yieldRatio(ONSET + 21 * DAY, 'soiling')).toBeCloseTo(0.85, 2);
    expect(yieldRatio(FAULT + DAY, 'soiling')).toBeCloseTo(0.7, 2);
  });

  it('loses a string around noon first, then all day by the fault; a repair brings it back', () => {
    const midway = ONSET + 21 * DAY;
    const noon = noonOf(midway);
    const pair = pv(noon - 6 * 3_600_000, 'string-loss');
    // A quarter of the way to full severity: out from 9 to 15 local time, in at half past 8.
    advance(pair, 'energyTotal', noon - 6 * 3_600_000, noon - 3.5 * 3_600_000);
    const power = (side: 'healthy' | 'worn') => Number(pair[side].image.readPoint('power'));
    expect(power('healthy')).toBeGreaterThan(5_000);
    expect(power('worn')).toBeCloseTo(power('healthy'), 0);
    advance(pair, 'energyTotal', noon - 3.5 * 3_600_000, noon);
    expect(power('worn') / power('healthy')).toBeCloseTo(0.75, 2);
    expect(pair.worn.image.readPoint('events')).toBe(0);
    const ratio = yieldRatio(midway, 'string-loss');
    expect(ratio).toBeGreaterThan(0.75);
    expect(ratio).toBeLessThan(0.9);
    expect(yieldRatio(FAULT + DAY, 'string-loss')).toBeCloseTo(0.75, 2);
    pair.worn.model.repair('string-loss');
    const after = advance(pair, 'energyTotal', noon, noon + 3_600_000);
    expect(after.worn / after.healthy).toBeCloseTo(1, 6);
  });

  it('refuses a degradation an inverter cannot show', () => {
    const { worn } = pv(ONSET, 'soiling');
    expect(() => worn.model.degrade({ kind: 'frozen-counter', onsetMs: ONSET, faultMs: FAULT })).toThrow(
      /cannot show frozen-counter/,
    );
  });
});

describe('a frozen counter in the meter model', () => {
  const meter = (startMs: number) =>
    twins('meter-3p-f32', (o) => new MeterModel(o), startMs, {
      kind: 'frozen-counter',
      onsetMs: ONSET,
      faultMs: FAULT,
    });

  it('counts as ever before until the onset', () => {
    const day = ONSET - 2 * DAY;
    const wh = advance(meter(day), 'importEnergy', day, day + DAY);
    expect(wh.healthy).toBeGreaterThan(100_000);
    expect(wh.worn).toBe(wh.healthy);
  });

  it('sticks around noon while the power still reads, then all day by the fault; a repair counts again', () => {
    const noonMs = noonOf(ONSET + 21 * DAY);
    const pair = meter(noonMs - 6 * 3_600_000);
    const morning = advance(pair, 'importEnergy', noonMs - 6 * 3_600_000, noonMs - 3.5 * 3_600_000);
    expect(morning.healthy).toBeGreaterThan(0);
    expect(morning.worn).toBe(morning.healthy);
    const noon = advance(pair, 'importEnergy', noonMs - 3_600_000, noonMs);
    expect(noon.healthy).toBeGreaterThan(0);
    expect(noon.worn).toBe(0);
    expect(Number(pair.worn.image.readPoint('power'))).toBeGreaterThan(0);
    const late = FAULT + DAY;
    const frozen = meter(late);
    const day = advance(frozen, 'importEnergy', late, late + DAY);
    expect(day.healthy).toBeGreaterThan(100_000);
    expect(day.worn).toBe(0);
    frozen.worn.model.repair('frozen-counter');
    const after = advance(frozen, 'importEnergy', late + DAY, late + DAY + 3_600_000);
    expect(after.worn).toBeGreaterThan(0);
  });
});
