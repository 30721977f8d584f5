import type { Profile } from '../shared/profile/schema';
import type { FixedBlock } from './register-image';

/**
 * The SunSpec frame around the points a profile maps: the "SunS" marker, the
 * common model (1) and inverter model (103) headers, and the end marker, so a
 * generic SunSpec reader can walk the models. Every model-103 register the
 * profile does not map reads as SunSpec's "not implemented".
 */

const COMMON_ID = 1;
const COMMON_LENGTH = 66;
const INVERTER_ID = 103;
const INVERTER_LENGTH = 50;

const U16_NI = 0xffff;
const I16_NI = 0x8000;

/** Model 103 offsets of the int16 and sunssf fields, whose "not implemented" is 0x8000. */
const INVERTER_SIGNED = new Set([
  4, 11, 12, 13, 15, 16, 17, 18, 19, 20, 21, 24, 26, 28, 29, 30, 31, 32, 33, 34, 35,
]);
/** acc32 energy and the event bit fields read 0, not 0xFFFF, when unused. */
const INVERTER_ZEROED = new Set([22, 23, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49]);

/** The SunSpec structure for a profile whose `sunspecId` point marks the base address; none otherwise. */
export function sunspecBlocks(profile: Profile, unitId: number): FixedBlock[] {
  const marker = profile.points.find((p) => p.key === 'sunspecId');
  if (!marker) return [];
  const base = marker.address;
  const common = base + 2;
  const inverter = common + 2 + COMMON_LENGTH;
  const inverterBody = Array.from({ length: INVERTER_LENGTH }, (_, i) =>
    INVERTER_ZEROED.has(i) ? 0 : INVERTER_SIGNED.has(i) ? I16_NI : U16_NI,
  );
  return [
    { address: base, words: [0x5375, 0x6e53] },
    { address: common, words: [COMMON_ID, COMMON_LENGTH] },
    // Common model DA (device address) and Pad, the last two registers of model 1.
    { address: common + 2 + COMMON_LENGTH - 2, words: [unitId, I16_NI] },
    { address: inverter, words: [INVERTER_ID, INVERTER_LENGTH, ...inverterBody] },
    { address: inverter + 2 + INVERTER_LENGTH, words: [0xffff, 0] },
  ];
}
