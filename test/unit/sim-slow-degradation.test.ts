import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProfiles } from '../../node/profiles';
import { resourcesDir } from '../../node/resources';
import type { Profile } from '../../shared/profile/schema';
import { DcChargerModel } from '../../sim/models/dc-charger';
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
