import type { DeviceKind } from '../api/model';
import type { DefectClass } from '../triage/tiers';
import type { Skill } from './roster';

const KIND_SKILL: Readonly<Record<DeviceKind, Skill | null>> = {
  'ac-charger': 'ac',
  'dc-charger': 'dc',
  'pv-inverter': 'pv',
  'box-transformer': 'box-transformer',
  // A meter is read, not repaired, by the crew: whoever goes may look at it.
  meter: null,
};

/**
 * What a crew needs for this job. The box transformer's 10 kV side is
 * high-voltage work (高压电工证); a critical defect elsewhere means live
 * low-voltage work on cabinets, cables or connectors (低压电工证, seed 001
 * 持证上岗). A general or serious defect on a charger needs its kind only.
 */
export function requiredSkills(kind: DeviceKind | null, defectClass: DefectClass): Skill[] {
  const skills: Skill[] = [];
  const own = kind ? KIND_SKILL[kind] : null;
  if (own) skills.push(own);
  if (kind === 'box-transformer') skills.push('electrician-high');
  else if (defectClass === 'critical') skills.push('electrician-low');
  return skills;
}

/** A high-voltage certificate covers low-voltage work too. */
export function hasSkill(skills: readonly Skill[], needed: Skill): boolean {
  if (skills.includes(needed)) return true;
  return needed === 'electrician-low' && skills.includes('electrician-high');
}
