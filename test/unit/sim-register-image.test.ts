import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProfiles } from '../../node/profiles';
import { resourcesDir } from '../../node/resources';
import type { PointValue } from '../../shared/api/model';
import { encodePoint } from '../../shared/profile/codec';
import { type Profile, type ProfilePoint, wordCount } from '../../shared/profile/schema';
import { RegisterImage } from '../../sim/register-image';
import { sunspecBlocks } from '../../sim/sunspec';

const profiles = loadProfiles(join(resourcesDir(), 'profiles'));

function profile(id: string): Profile {
  const p = profiles.get(id);
  if (!p) throw new Error(`missing profile ${id}`);
  return p;
}

function imageOf(id: string): RegisterImage {
  const p = profile(id);
  return new RegisterImage(p, sunspecBlocks(p, 3));
}

/** A value each point can hold exactly at its resolution. */
function sample(p: ProfilePoint, i: number): PointValue {
  if (p.type === 'string') return `S${i}-${p.key}`.slice(0, (p.words ?? 1) * 2);
  if (p.enum) return Object.values(p.enum).at(-1) ?? null;
  if (p.bits) return 0b101;
  if (p.type === 'sunssf') return -1 - (i % 2);
  if (p.scaleRef) return i + 0.5;
  if (p.type === 'i16') return -123 * (p.scale === 1 ? 1 : p.scale);
  return Math.round(1234 + i) * p.scale;
}

describe('RegisterImage ranges', () => {
  it('merges point ranges whose gaps are 16 registers or less', () => {
    expect(imageOf('ac-7kw').ranges()).toEqual([
      { start: 0, count: 24 },
      { start: 100, count: 3 },
    ]);
    expect(imageOf('dc-120kw-dual').ranges()).toEqual([
      { start: 0, count: 46 },
      { start: 100, count: 4 },
    ]);
    // SunSpec: marker, common model, models 103 and 123 and the end marker make one block.
    expect(imageOf('pv-sunspec-103').ranges()).toEqual([{ start: 40000, count: 150 }]);
    expect(imageOf('meter-3p-f32').ranges()).toEqual([
      { start: 0, count: 20 },
      { start: 256, count: 8 },
    ]);
    expect(imageOf('box-transformer-630kva').ranges()).toEqual([{ start: 0, count: 33 }]);
  });

  it('serves gaps inside a range as zeros and refuses anything outside', () => {
    const image = imageOf('ac-7kw');
    expect(Array.from(image.read(10, 10) ?? [])).toEqual(new Array(10).fill(0));
    expect(image.read(23, 1)).toBeDefined();
    expect(image.read(23, 2)).toBeUndefined();
    expect(image.read(24, 1)).toBeUndefined();
    expect(image.read(99, 2)).toBeUndefined();
    expect(image.read(103, 1)).toBeUndefined();
    expect(image.write(50, [1])).toBe(false);
  });

  it('allows client writes only to writable points', () => {
    const image = imageOf('ac-7kw');
    expect(image.isWritable(100, 3)).toBe(true);
    expect(image.isWritable(0, 1)).toBe(false);
    expect(image.isWritable(99, 2)).toBe(false);
  });

  it('rejects a profile whose points overlap', () => {
    const p = profile('ac-7kw');
    const broken: Profile = {
      ...p,
      points: [...p.points, { ...p.points[1], key: 'clash', address: 0 } as ProfilePoint],
    };
    expect(() => new RegisterImage(broken)).toThrow(/gun1.state and clash overlap at 0/);
  });
});

describe('RegisterImage points', () => {
  for (const id of ['ac-7kw', 'dc-120kw-dual', 'pv-sunspec-103', 'meter-3p-f32', 'box-transformer-630kva']) {
    it(`${id}: every point round-trips through the codec at its address`, () => {
      const image = imageOf(id);
      const points = profile(id).points;
      const sfFirst = [...points].sort((a, b) => Number(b.type === 'sunssf') - Number(a.type === 'sunssf'));
      const values = new Map(sfFirst.map((p, i) => [p.key, sample(p, i)]));
      for (const p of sfFirst) expect(image.writePoint(p.key, values.get(p.key) ?? null)).toBe(true);
      for (const p of points) {
        const exponent = p.scaleRef ? Number(values.get(p.scaleRef)) : 0;
        expect(Array.from(image.read(p.address, wordCount(p)) ?? []), p.key).toEqual(
          encodePoint(p, values.get(p.key) ?? null, exponent),
        );
        const got = image.readPoint(p.key);
        const want = values.get(p.key);
        if (typeof want === 'number') expect(got, p.key).toBeCloseTo(want, 6);
        else expect(got, p.key).toBe(want);
      }
    });
  }

  it('encodes SunSpec values with the scale factor currently in the image', () => {
    const image = imageOf('pv-sunspec-103');
    image.writePoint('W_SF', 1);
    image.writePoint('power', 48_710);
    expect(Array.from(image.read(40084, 2) ?? [])).toEqual([4871, 1]);
    expect(image.readPoint('power')).toBe(48_710);
    image.writePoint('A_SF', -2);
    image.writePoint('current', 213.98);
    expect(image.read(40072, 1)?.[0]).toBe(21398);
  });

  it('holds a pinned value against writePoint until unpinned', () => {
    const image = imageOf('ac-7kw');
    image.pin('gun1.state', 'faulted');
    expect(image.writePoint('gun1.state', 'idle')).toBe(false);
    expect(image.readPoint('gun1.state')).toBe('faulted');
    expect(image.isPinned('gun1.state')).toBe(true);
    image.unpin('gun1.state');
    expect(image.writePoint('gun1.state', 'idle')).toBe(true);
    expect(image.readPoint('gun1.state')).toBe('idle');
  });

  it('names the profile and key of an unknown point', () => {
    expect(() => imageOf('ac-7kw').readPoint('gun2.state')).toThrow('ac-7kw: no point "gun2.state"');
  });
});

describe('SunSpec structure', () => {
  it('carries the marker, model headers, end marker and "not implemented" fillers', () => {
    const image = imageOf('pv-sunspec-103');
    const words = (a: number, n: number) => Array.from(image.read(a, n) ?? []);
    expect(words(40000, 4)).toEqual([0x5375, 0x6e53, 1, 66]);
    expect(image.readPoint('sunspecId')).toBe(0x53756e53);
    expect(words(40068, 4)).toEqual([3, 0x8000, 103, 50]);
    expect(words(40122, 2)).toEqual([123, 24]);
    expect(words(40148, 2)).toEqual([0xffff, 0]);
    // AphA (u16), VA (int16), WH (acc32) and Evt2 (bitfield32) are not in the profile.
    expect(words(40073, 1)).toEqual([0xffff]);
    expect(words(40088, 1)).toEqual([0x8000]);
    expect(words(40112, 2)).toEqual([0, 0]);
    // Model 123's Conn (enum16) and OutPFSet (int16) are not in the profile either.
    expect(words(40126, 1)).toEqual([0xffff]);
    expect(words(40132, 1)).toEqual([0x8000]);
    // A mapped point without a value yet reads as not implemented, i.e. null.
    expect(image.readPoint('current')).toBeNull();
  });

  it('adds nothing to a profile without a SunSpec layout', () => {
    expect(sunspecBlocks(profile('ac-7kw'), 1)).toEqual([]);
  });

  it('refuses a layout whose chain a reader could not walk, or a model it cannot serve', () => {
    const pv = profile('pv-sunspec-103');
    const layout = pv.sunspec ?? { base: 40000, models: [] };
    const withModels = (models: typeof layout.models) => ({ ...pv, sunspec: { ...layout, models } });
    const [common, inverter, controls] = layout.models;
    if (!common || !inverter || !controls) throw new Error('the shipped layout has three models');
    expect(() => sunspecBlocks(withModels([common, controls]), 1)).toThrow(
      'pv-sunspec-103: SunSpec model 123 is at 40122, the chain reaches 40070',
    );
    expect(() => sunspecBlocks(withModels([common, { ...inverter, ids: [160] }]), 1)).toThrow(
      'pv-sunspec-103: the simulator has no SunSpec model 160',
    );
    expect(() => sunspecBlocks(withModels([common, { ...inverter, length: 60 }]), 1)).toThrow(
      'pv-sunspec-103: SunSpec model 103 is 50 registers, not 60',
    );
    // Without the optional controls model, the end marker follows model 103.
    const short = new RegisterImage(
      { ...withModels([common, inverter]), points: pv.points.filter((p) => p.address < 40122) },
      sunspecBlocks(withModels([common, inverter]), 1),
    );
    expect(Array.from(short.read(40122, 2) ?? [])).toEqual([0xffff, 0]);
  });
});
