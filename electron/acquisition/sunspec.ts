import type { Profile, ProfilePoint, SunSpecLayout } from '../../shared/profile/schema';
import type { ModbusLink } from './link';

/** 'SunS' as two registers. */
const MARKER = [0x5375, 0x6e53] as const;
const END = 0xffff;
/** More models than any real device carries; guards against a chain that never ends. */
const MAX_MODELS = 64;
/** Bases SunSpec allows, tried after the profile's own. */
const BASES = [40000, 0, 50000];

export type SunSpecModel = { id: number; address: number; length: number };

export class SunSpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SunSpecError';
  }
}

export type Discovery = { base: number; models: SunSpecModel[] };

/** Finds the marker and walks the model chain of one device. Link errors propagate to the caller. */
export async function discover(link: ModbusLink, unitId: number, layout: SunSpecLayout): Promise<Discovery> {
  const bases = [...new Set([layout.base, ...BASES])];
  for (const base of bases) {
    let marker: number[];
    try {
      marker = await link.read(unitId, 'holding', base, 2);
    } catch (error) {
      // An exception means "nothing here": try the next base. Anything else,
      // a gateway's word that the unit did not answer included, is comms.
      if ((error as { kind?: string }).kind === 'exception') continue;
      throw error;
    }
    if (marker[0] !== MARKER[0] || marker[1] !== MARKER[1]) continue;
    const models: SunSpecModel[] = [];
    let address = base + 2;
    while (models.length < MAX_MODELS && address + 2 <= 65536) {
      const [id = END, length = 0] = await link.read(unitId, 'holding', address, 2);
      if (id === END) return { base, models };
      models.push({ id, address, length });
      address += 2 + length;
    }
    throw new SunSpecError(
      `unit ${unitId} at ${link.endpoint}: the SunSpec model chain at ${base} does not end`,
    );
  }
  throw new SunSpecError(`unit ${unitId} at ${link.endpoint}: no SunSpec marker at ${bases.join(', ')}`);
}

/**
 * The profile with its points moved to where this device has its models.
 * Points of a missing optional model are dropped; a missing required model
 * is an error naming what the device does have.
 */
export function relocate(profile: Profile, found: Discovery): Profile {
  const layout = profile.sunspec;
  if (!layout) return profile;
  const shifts: { from: number; to: number; delta: number | null }[] = [
    { from: layout.base, to: layout.base + 2, delta: found.base - layout.base },
  ];
  for (const slot of layout.models) {
    const model = found.models.find((m) => slot.ids.includes(m.id));
    if (!model && !slot.optional) {
      throw new SunSpecError(
        `${profile.id}: the device has no SunSpec model ${slot.ids.join('/')} (it has ${found.models.map((m) => m.id).join(', ') || 'none'})`,
      );
    }
    if (model && model.length < slot.length) {
      throw new SunSpecError(
        `${profile.id}: SunSpec model ${model.id} is ${model.length} registers, expected ${slot.length}`,
      );
    }
    shifts.push({
      from: slot.address,
      to: slot.address + 2 + slot.length,
      delta: model ? model.address - slot.address : null,
    });
  }
  const points = profile.points.flatMap((point): ProfilePoint[] => {
    const shift = shifts.find((s) => point.address >= s.from && point.address < s.to);
    if (!shift) return [point];
    return shift.delta === null ? [] : [{ ...point, address: point.address + shift.delta }];
  });
  return { ...profile, points };
}

export function describeDiscovery(found: Discovery): string {
  return `SunSpec at ${found.base}: ${found.models.map((m) => `model ${m.id}@${m.address}`).join(', ')}`;
}
