/**
 * Dispatch ranking (issue 15): every crew of a 200-crew roster ranked for a
 * job at each of 5,000 stations, one ranking at a time as the dispatch
 * dialog asks for it. Baseline in the same run: a bare loop over the same
 * crew × station pairs that computes only the great-circle distance, the
 * least a ranking by travel time can cost. Target: one ranking ≤ 50 ms.
 */
import { performance } from 'node:perf_hooks';
import { type Load, rankCrews } from '../shared/crew/rank';
import { Roster, type Skill } from '../shared/crew/roster';
import { distanceKm } from '../shared/crew/travel';
import { summarize } from './stats';

export type CrewRankOptions = { crews: number; stations: number };
export const defaultCrewRankOptions: CrewRankOptions = { crews: 200, stations: 5000 };

export type CrewRankResult = {
  options: CrewRankOptions;
  perRanking: ReturnType<typeof summarize>;
  rankAllMs: number;
  bareAllMs: number;
};

/** A deterministic fleet around Shaoxing: a small LCG, so every run ranks the same roster. */
function fleet(options: CrewRankOptions) {
  let seed = 20261205;
  const rnd = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const allSkills: Skill[] = ['ac', 'dc', 'pv', 'box-transformer', 'electrician-low', 'electrician-high'];
  const crews = Array.from({ length: options.crews }, (_, i) => ({
    id: `crew-${i}`,
    name: `班组 ${i}`,
    members: [
      { name: `c${i}-甲`, mobile: '13800000001' },
      { name: `c${i}-乙`, mobile: '13800000002' },
    ],
    skills: allSkills.filter(() => rnd() < 0.6).concat('ac'),
    base: { name: `base ${i}`, lat: 29.6 + rnd() * 0.9, lng: 120.2 + rnd() * 1.0 },
  }));
  const half = Math.ceil(options.crews / 2);
  const roster = Roster.parse({
    crews,
    onCall: {
      anchor: '2026-12-01',
      days: 1,
      // Two turns of half the roster each (100 and 100 at full size).
      turns: [crews.slice(0, half).map((c) => c.id), crews.slice(half).map((c) => c.id)],
    },
  });
  const stations = Array.from({ length: options.stations }, (_, i) => ({
    id: `st-${i}`,
    lat: 29.6 + rnd() * 0.9,
    lng: 120.2 + rnd() * 1.0,
  }));
  const loads = new Map<string, Load>();
  for (const c of crews) loads.set(c.id, { open: Math.floor(rnd() * 3), emergency: rnd() < 0.1 ? 1 : 0 });
  return { roster, stations, loads };
}

export function measureCrewRank(options: CrewRankOptions = defaultCrewRankOptions): CrewRankResult {
  const { roster, stations, loads } = fleet(options);
  const nowMs = Date.UTC(2026, 11, 5, 2);
  const job = { kind: 'dc-charger', defectClass: 'critical', tier: 'emergency' } as const;

  let sink = 0;
  const bareStart = performance.now();
  for (const station of stations) for (const crew of roster.crews) sink += distanceKm(crew.base, station);
  const bareAllMs = performance.now() - bareStart;

  const each: number[] = [];
  const rankStart = performance.now();
  for (const station of stations) {
    const t0 = performance.now();
    const ranked = rankCrews({ roster, station, job, nowMs, arrivalDeadline: nowMs + 3_600_000, loads });
    each.push(performance.now() - t0);
    sink += ranked[0]?.score ?? 0;
  }
  const rankAllMs = performance.now() - rankStart;
  if (!Number.isFinite(sink)) throw new Error('ranking produced no finite score');
  return { options, perRanking: summarize(each), rankAllMs, bareAllMs };
}

export function crewRankReport(r: CrewRankResult): string {
  const { crews, stations } = r.options;
  const f = (v: number) => `${v.toFixed(2)} ms`;
  return [
    `${crews} crews ranked for a job at each of ${stations.toLocaleString('en')} stations (one ranking at a time):`,
    '',
    '| measure | figure |',
    '|---|---|',
    `| one ranking, p50 / p99 / max | ${f(r.perRanking.p50)} / ${f(r.perRanking.p99)} / ${f(r.perRanking.max)} (target ≤ 50 ms) |`,
    `| all ${stations.toLocaleString('en')} rankings | ${f(r.rankAllMs)} |`,
    `| bare distance loop over the same pairs | ${f(r.bareAllMs)} |`,
    `| ranking ÷ bare loop | ${(r.rankAllMs / r.bareAllMs).toFixed(1)}× |`,
  ].join('\n');
}
