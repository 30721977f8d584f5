import type { Profile } from '../shared/profile/schema';
import type { FixedBlock } from './register-image';

/**
 * The SunSpec frame around the points a profile maps, laid out as the
 * profile's `sunspec` section says: the "SunS" marker at the base, each
 * model's header (ID, L) and body, and the end marker, so a generic SunSpec
 * reader can walk the chain. Every model register the profile does not map
 * reads as SunSpec's "not implemented".
 */

type ModelSpec = {
  id: number;
  length: number;
  /** Register `offset` of the body before the profile's points are written over it. */
  filler(offset: number, unitId: number): number;
};

const U16_NI = 0xffff;
const I16_NI = 0x8000;

/** A model whose unmapped int16/sunssf fields read 0x8000, acc32 and bit fields 0, everything else 0xFFFF. */
function model(id: number, length: number, signed: number[], zeroed: number[] = []): ModelSpec {
  const s = new Set(signed);
  const z = new Set(zeroed);
  return { id, length, filler: (i) => (z.has(i) ? 0 : s.has(i) ? I16_NI : U16_NI) };
}

const MODELS: readonly ModelSpec[] = [
  // Common: strings read as NULs when unset; DA (device address) and Pad close the model.
  { id: 1, length: 66, filler: (i, unitId) => (i === 64 ? unitId : i === 65 ? I16_NI : 0) },
  model(
    103,
    50,
    [4, 11, 12, 13, 15, 16, 17, 18, 19, 20, 21, 24, 26, 28, 29, 30, 31, 32, 33, 34, 35],
    [22, 23, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49],
  ),
  // Immediate controls: OutPFSet, VArWMaxPct, VArMaxPct, VArAvalPct and the three scale factors are signed.
  model(123, 24, [8, 13, 14, 15, 21, 22, 23]),
];

/** The SunSpec structure of a profile with a `sunspec` layout; none otherwise. */
export function sunspecBlocks(profile: Profile, unitId: number): FixedBlock[] {
  const layout = profile.sunspec;
  if (!layout) return [];
  const blocks: FixedBlock[] = [{ address: layout.base, words: [0x5375, 0x6e53] }];
  let next = layout.base + 2;
  for (const slot of layout.models) {
    const spec = MODELS.find((m) => slot.ids.includes(m.id));
    if (!spec) throw new Error(`${profile.id}: the simulator has no SunSpec model ${slot.ids.join('/')}`);
    // A walker finds each model right after the one before; a gap would end the chain early.
    if (slot.address !== next)
      throw new Error(
        `${profile.id}: SunSpec model ${spec.id} is at ${slot.address}, the chain reaches ${next}`,
      );
    if (slot.length !== spec.length)
      throw new Error(
        `${profile.id}: SunSpec model ${spec.id} is ${spec.length} registers, not ${slot.length}`,
      );
    const body = Array.from({ length: spec.length }, (_, i) => spec.filler(i, unitId));
    blocks.push({ address: slot.address, words: [spec.id, spec.length, ...body] });
    next += 2 + spec.length;
  }
  blocks.push({ address: next, words: [0xffff, 0] });
  return blocks;
}
