import type { Profile } from '../shared/profile/schema';
import type { FixedBlock } from './register-image';

/**
 * The SunSpec frame around the points a profile maps: the "SunS" marker, the
 * common model (1), inverter model (103) and immediate controls (123) with
 * their headers, and the end marker, so a generic SunSpec reader can walk the
 * models. Every model register the profile does not map reads as SunSpec's
 * "not implemented".
 */

type ModelSpec = {
  id: number;
  length: number;
  /** Offsets of int16 and sunssf fields, whose "not implemented" is 0x8000. */
  signed: ReadonlySet<number>;
  /** Offsets of acc32 counters and bit fields, which read 0 (not 0xFFFF) when unused. */
  zeroed: ReadonlySet<number>;
};

const COMMON_ID = 1;
const COMMON_LENGTH = 66;

const INVERTER: ModelSpec = {
  id: 103,
  length: 50,
  signed: new Set([4, 11, 12, 13, 15, 16, 17, 18, 19, 20, 21, 24, 26, 28, 29, 30, 31, 32, 33, 34, 35]),
  zeroed: new Set([22, 23, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49]),
};

/** OutPFSet, VArWMaxPct, VArMaxPct, VArAvalPct and the three scale factors are signed. */
const CONTROLS: ModelSpec = {
  id: 123,
  length: 24,
  signed: new Set([8, 13, 14, 15, 21, 22, 23]),
  zeroed: new Set(),
};

const U16_NI = 0xffff;
const I16_NI = 0x8000;

/** The SunSpec structure for a profile whose `sunspecId` point marks the base address; none otherwise. */
export function sunspecBlocks(profile: Profile, unitId: number): FixedBlock[] {
  const marker = profile.points.find((p) => p.key === 'sunspecId');
  if (!marker) return [];
  const base = marker.address;
  const common = base + 2;
  const blocks: FixedBlock[] = [
    { address: base, words: [0x5375, 0x6e53] },
    { address: common, words: [COMMON_ID, COMMON_LENGTH] },
    // Common model DA (device address) and Pad, the last two registers of model 1.
    { address: common + 2 + COMMON_LENGTH - 2, words: [unitId, I16_NI] },
  ];
  let next = common + 2 + COMMON_LENGTH;
  for (const model of [INVERTER, CONTROLS]) {
    const body = Array.from({ length: model.length }, (_, i) =>
      model.zeroed.has(i) ? 0 : model.signed.has(i) ? I16_NI : U16_NI,
    );
    blocks.push({ address: next, words: [model.id, model.length, ...body] });
    next += 2 + model.length;
  }
  blocks.push({ address: next, words: [0xffff, 0] });
  return blocks;
}
