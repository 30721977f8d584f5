import type { DeviceKind } from '../api/model';
import type { DefectClass, Tier } from '../triage/tiers';
import { onCallAt } from './oncall';
import type { Crew, Roster, Skill } from './roster';
import { hasSkill, requiredSkills } from './skills';
import { type Point, travelMinutes } from './travel';

export type Job = { kind: DeviceKind | null; defectClass: DefectClass; tier: Tier };

/** A crew's current assignments, from the open work orders dispatched to it. */
export type Load = { open: number; emergency: number };

export type Candidate = {
  crewId: string;
  name: string;
  members: string[];
  onCall: boolean;
  missingSkills: Skill[];
  load: Load;
  travel: { minutes: number; source: 'station' | 'distance'; km: number };
  /** When the crew would be on site if it left now. */
  eta: number;
  /** null where the tier has no arrival clock. */
  meetsDeadline: boolean | null;
  /** A crew on an emergency is shown but not offered, unless the monitor overrides with a reason. */
  offered: boolean;
  score: number;
  /** Why it stands where it stands, in words the dialog shows. */
  reasons: string[];
};

/**
 * The weights of the ranking, in minutes of travel: a crew already busy
 * costs as much as 45 minutes more driving, one off call 90, one that cannot
 * make the arrival deadline 240. Lower is better. A crew missing a skill
 * ranks below every crew that has them all.
 */
export const DEFAULT_WEIGHTS = { perOpenJob: 45, offCall: 90, lateForDeadline: 240 } as const;
export type Weights = { perOpenJob: number; offCall: number; lateForDeadline: number };

const NO_LOAD: Load = { open: 0, emergency: 0 };

function candidate(
  crew: Crew,
  ctx: { roster: Roster; station: { id: string } & Point; need: Skill[]; onCall: ReadonlySet<string> },
  load: Load,
  nowMs: number,
  deadline: number | null,
  weights: Weights,
): Candidate {
  const travel = travelMinutes(ctx.roster.travel, crew, ctx.station);
  const eta = nowMs + Math.round(travel.minutes * 60_000);
  const meetsDeadline = deadline === null ? null : eta <= deadline;
  const onCall = ctx.onCall.has(crew.id);
  const missingSkills = ctx.need.filter((s) => !hasSkill(crew.skills, s));
  const reasons: string[] = [];
  if (missingSkills.length) reasons.push(`missing: ${missingSkills.join(', ')}`);
  if (load.emergency > 0) reasons.push('on an emergency');
  if (!onCall) reasons.push('off call');
  if (meetsDeadline === false) reasons.push('cannot make the arrival deadline');
  const score =
    travel.minutes +
    weights.perOpenJob * load.open +
    (onCall ? 0 : weights.offCall) +
    (meetsDeadline === false ? weights.lateForDeadline : 0);
  return {
    crewId: crew.id,
    name: crew.name,
    members: crew.members.map((m) => m.name),
    onCall,
    missingSkills,
    load,
    travel,
    eta,
    meetsDeadline,
    offered: load.emergency === 0,
    score,
    reasons,
  };
}

/**
 * Ranks every crew of the roster for one job (seed 000: 依据故障严重程度和地理位置，
 * 快速分配最合适的服务人员): offered crews first, then those with every skill the
 * job needs, then by score (travel, load, on call, deadline), then by id so
 * the order is the same on every desk.
 */
export function rankCrews(input: {
  roster: Roster;
  station: { id: string } & Point;
  job: Job;
  nowMs: number;
  arrivalDeadline: number | null;
  loads: ReadonlyMap<string, Load>;
  weights?: Weights;
}): Candidate[] {
  const ctx = {
    roster: input.roster,
    station: input.station,
    need: requiredSkills(input.job.kind, input.job.defectClass),
    onCall: onCallAt(input.roster.onCall, input.nowMs),
  };
  const weights = input.weights ?? DEFAULT_WEIGHTS;
  const ranked = input.roster.crews.map((crew) =>
    candidate(crew, ctx, input.loads.get(crew.id) ?? NO_LOAD, input.nowMs, input.arrivalDeadline, weights),
  );
  return ranked.sort(
    (a, b) =>
      Number(b.offered) - Number(a.offered) ||
      a.missingSkills.length - b.missingSkills.length ||
      a.score - b.score ||
      (a.crewId < b.crewId ? -1 : a.crewId > b.crewId ? 1 : 0),
  );
}

/** Open work orders per crew, by the crew id the dispatch recorded. */
export function crewLoads(
  orders: readonly { crewId: string | null; tier: Tier; open: boolean }[],
): Map<string, Load> {
  const loads = new Map<string, Load>();
  for (const o of orders) {
    if (!o.open || !o.crewId) continue;
    const load = loads.get(o.crewId) ?? { open: 0, emergency: 0 };
    load.open += 1;
    if (o.tier === 'emergency') load.emergency += 1;
    loads.set(o.crewId, load);
  }
  return loads;
}
