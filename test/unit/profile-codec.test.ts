import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planBlocks } from '../../shared/profile/blocks';
import { activeBits, decodePoint, encodePoint } from '../../shared/profile/codec';
import { Profile, type ProfilePoint } from '../../shared/profile/schema';

const dir = join(import.meta.dirname, '../../resources/profiles');
const profiles = readdirSync(dir).map((f) => Profile.parse(JSON.parse(readFileSync(join(dir, f), 'utf8'))));

function point(partial: Partial<ProfilePoint> & Pick<ProfilePoint, 'type'>): ProfilePoint {
  return {
    key: 'p',
    label: { 'zh-CN': 'p', en: 'p' },
    table: 'holding',
    address: 0,
    wordOrder: 'big',
    scale: 1,
    writable: false,
    every: 1,
    command: false,
    ...partial,
  };
}

describe('codec', () => {
  it.each([
    ['u16', 65535, [0xffff]],
    ['i16', -2, [0xfffe]],
    ['u32', 0x12345678, [0x1234, 0x5678]],
    ['i32', -1, [0xffff, 0xffff]],
  ] as const)('%s round-trips', (type, value, words) => {
    const p = point({ type });
    expect(encodePoint(p, value)).toEqual(words);
    expect(decodePoint(p, words)).toBe(value);
  });

  it('honours word order and scale', () => {
    const p = point({ type: 'u32', wordOrder: 'little', scale: 0.01 });
    expect(encodePoint(p, 700.05)).toEqual([0x1175, 0x0001]);
    expect(decodePoint(p, [0x1175, 0x0001])).toBe(700.05);
  });

  it('reads floats', () => {
    const p = point({ type: 'f32' });
    expect(decodePoint(p, encodePoint(p, 49.5))).toBeCloseTo(49.5);
  });

  it('applies a SunSpec scale factor and treats "not implemented" as no value', () => {
    const p = point({ type: 'i16', scaleRef: 'W_SF', notImplemented: -32768 });
    expect(decodePoint(p, [1234], 0, -1)).toBe(123.4);
    expect(decodePoint(p, [0x8000], 0, -1)).toBeNull();
    expect(decodePoint(p, [1234], 0, null)).toBeNull();
  });

  it('maps enums and names fault bits', () => {
    const state = point({ type: 'u16', enum: { '0': 'idle', '2': 'charging' } });
    expect(decodePoint(state, [2])).toBe('charging');
    expect(decodePoint(state, [9])).toBe('unknown(9)');
    expect(encodePoint(state, 'charging')).toEqual([2]);
    const faults = point({ type: 'u16', bits: { '0': 'overTemperature', '4': 'groundFault' } });
    expect(activeBits(faults, 0b10001)).toEqual(['overTemperature', 'groundFault']);
  });

  it('decodes strings up to the first NUL', () => {
    const p = point({ type: 'string', words: 4 });
    expect(decodePoint(p, encodePoint(p, 'SunS'))).toBe('SunS');
  });
});

describe('shipped profiles', () => {
  it('all validate and fit in Modbus block reads', () => {
    expect(profiles.map((p) => p.id).sort()).toEqual(
      expect.arrayContaining(['ac-7kw', 'dc-120kw-dual', 'pv-sunspec-103']),
    );
    for (const profile of profiles) {
      for (const block of planBlocks(profile.points)) expect(block.count).toBeLessThanOrEqual(125);
    }
  });

  it('the SunSpec inverter is read in a few block reads inside its model chain', () => {
    const pv = profiles.find((p) => p.id === 'pv-sunspec-103');
    const blocks = planBlocks(pv?.points ?? []);
    expect(blocks.length).toBeLessThanOrEqual(4);
    for (const b of blocks) {
      expect(b.start).toBeGreaterThanOrEqual(40000);
      // The chain ends with model 123 (header at 40122, 24 registers) and the end marker.
      expect(b.start + b.count).toBeLessThanOrEqual(40148);
    }
  });

  it('rejects a profile that points a scale at a non-scale point', () => {
    const bad = {
      ...profiles[0],
      points: [point({ key: 'a', type: 'u16' }), point({ key: 'b', type: 'u16', address: 1, scaleRef: 'a' })],
    };
    expect(Profile.safeParse(bad).error?.issues[0]?.path).toEqual(['points', 1, 'scaleRef']);
  });
});

describe('block planning', () => {
  it('coalesces near points, splits far ones and never exceeds 125 words', () => {
    const pts = [0, 1, 5, 30, 200].map((address, i) => point({ key: `p${i}`, type: 'u16', address }));
    expect(planBlocks(pts).map((b) => [b.start, b.count])).toEqual([
      [0, 6],
      [30, 1],
      [200, 1],
    ]);
    const dense = Array.from({ length: 300 }, (_, i) => point({ key: `d${i}`, type: 'u16', address: i }));
    const blocks = planBlocks(dense);
    expect(blocks.every((b) => b.count <= 125)).toBe(true);
    expect(blocks.reduce((n, b) => n + b.points.length, 0)).toBe(300);
  });
});
