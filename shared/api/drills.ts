import { z } from 'zod';
import { CertificationStatus } from '../training/certification';
import { Bilingual } from '../training/expectation';
import { Tier } from '../triage/tiers';
import { UserName } from './auth';
import type { MethodSpec } from './method';
import { NoParams } from './method';
import { ReportFile } from './reports';

/**
 * Drills started from the desk (issue 18): a shift lead picks a scenario
 * from the library, names trainees from the desk's accounts and a speed;
 * each drill runs on a training desk of its own, reached at its own
 * address, until the lead ends it with the assessor's remarks. The records
 * come from the real journal's `training.drill` events.
 */
export const DRILL_SPEEDS = [1, 10, 60] as const;
export const DrillSpeed = z.union(
  DRILL_SPEEDS.map((s) => z.literal(s)),
  {
    error: `a drill runs at ×${DRILL_SPEEDS.join(', ×')}`,
  },
);
export type DrillSpeed = z.infer<typeof DrillSpeed>;

const ScenarioName = z
  .string()
  .trim()
  .regex(/^drill-[a-z0-9-]{1,80}$/, 'a scenario of the library, named drill-…');

export const DrillScenarioView = z.object({
  name: z.string(),
  title: Bilingual,
  briefing: Bilingual,
  /** The tier a good response ends on, and how soon it acknowledges (drill ms). */
  tier: Tier,
  ackWithinMs: z.number(),
  /** A crew is expected out; an outage application too. */
  dispatch: z.boolean(),
  outage: z.boolean(),
});
export type DrillScenarioView = z.infer<typeof DrillScenarioView>;

/** Someone who may be named a trainee: an enabled account of the desk, not a wallboard. */
export const TraineeCandidate = z.object({ user: z.string(), role: z.string() });
export type TraineeCandidate = z.infer<typeof TraineeCandidate>;

/**
 * The facts of a drill as its folder keeps them from its start, so a drill
 * that never ended can still be named: what it played, for whom, by whom.
 */
export const DrillManifest = z.object({
  drillId: z.string(),
  scenario: z.string(),
  title: Bilingual,
  trainees: z.array(z.string()),
  lead: z.string(),
  speed: z.number().int(),
  /** When the drill started, on the real desk's clock. */
  startedAt: z.number(),
});
export type DrillManifest = z.infer<typeof DrillManifest>;

/**
 * A drill running now: its manifest, and its training desk's own address
 * (trainees open it and sign in there as themselves).
 */
export const RunningDrillView = DrillManifest.extend({ url: z.string(), port: z.number().int() });
export type RunningDrillView = z.infer<typeof RunningDrillView>;

/**
 * A drill whose desk stopped or restarted while it ran: found at a start
 * with no report, so it has no score and no training record. The manifest
 * is null where its folder has none (a start that never got that far).
 */
export const AbandonedDrillView = z.object({
  drillId: z.string(),
  manifest: DrillManifest.nullable(),
  /** When a desk start found it without a report (desk time). */
  foundAt: z.number(),
  /** Found at this desk's start: shown under Running until the desk starts again, under Records always. */
  thisStart: z.boolean(),
});
export type AbandonedDrillView = z.infer<typeof AbandonedDrillView>;

export const DrillsState = z.object({
  library: z.array(DrillScenarioView),
  /** Scenario files that did not load, each with why, so a broken file is said rather than missing. */
  libraryErrors: z.array(z.string()),
  trainees: z.array(TraineeCandidate),
  running: z.array(RunningDrillView),
  /** Newest first. */
  abandoned: z.array(AbandonedDrillView),
  /** Null where this desk cannot run drills (a training desk itself, or a desk started without them). */
  unavailable: z.string().nullable(),
});
export type DrillsState = z.infer<typeof DrillsState>;

export const DrillStart = z
  .object({
    scenario: ScenarioName,
    trainees: z.array(UserName).min(1, 'name at least one trainee').max(8, 'at most 8 trainees a drill'),
    speed: DrillSpeed,
  })
  .strict();
export type DrillStart = z.input<typeof DrillStart>;

const DrillId = z.uuid('a drill id');

export const DrillEnd = z
  .object({ drillId: DrillId, remarks: z.string().trim().max(2000).default('') })
  .strict();

export const DrillOutcome = z.object({
  drillId: z.string(),
  reportHash: z.string(),
  scores: z.array(z.object({ trainee: z.string(), score: z.number(), passed: z.boolean() })),
});
export type DrillOutcome = z.infer<typeof DrillOutcome>;

export const RecordRow = z.object({
  drillId: z.string(),
  scenario: z.string(),
  title: Bilingual,
  score: z.number(),
  passed: z.boolean(),
  lead: z.string(),
  recordedAt: z.number(),
  reportHash: z.string(),
});
export type RecordRow = z.infer<typeof RecordRow>;

export const OperatorTraining = z.object({
  trainee: z.string(),
  /** Null for a name in the records that has no account on this desk (any more). */
  role: z.string().nullable(),
  drills: z.array(RecordRow),
  passed: z.number().int(),
  failed: z.number().int(),
  status: CertificationStatus,
  certifiedAt: z.number().nullable(),
  lastPassedAt: z.number().nullable(),
  retrainBy: z.number().nullable(),
});
export type OperatorTraining = z.infer<typeof OperatorTraining>;

export const TrainingRecords = z.object({
  passMark: z.number(),
  retrainEveryDays: z.number().int(),
  /** Desk time the statuses were judged at. */
  asOf: z.number(),
  operators: z.array(OperatorTraining),
});
export type TrainingRecords = z.infer<typeof TrainingRecords>;

const Lang = z.enum(['zh-CN', 'en']).default('zh-CN');

export const drillMethods = {
  'drills.list': { params: NoParams, result: DrillsState, permission: 'read' },
  /** A training desk for named trainees; their accounts are copied to it so each signs in as themselves. */
  'drill.start': { params: DrillStart, result: RunningDrillView, permission: 'training.run' },
  /** Scores the drill and journals one `training.drill` record per trainee in the real journal. */
  'drill.end': { params: DrillEnd, result: DrillOutcome, permission: 'training.run' },
  /** An ended drill's report, checked against the hash its records carry. */
  'drill.report': {
    params: z.object({ drillId: DrillId, format: z.enum(['pdf', 'xlsx']), lang: Lang }).strict(),
    result: ReportFile,
    permission: 'read',
  },
  'training.records': { params: NoParams, result: TrainingRecords, permission: 'read' },
  /** Every operator's status and drills as a workbook (上岗认证 / 年度复训). */
  'training.export': { params: z.object({ lang: Lang }).strict(), result: ReportFile, permission: 'read' },
} as const satisfies Record<string, MethodSpec>;

export const drillEvents = {
  /** A drill started or ended: clients fetch drills.list and training.records again. */
  'drills.changed': z.object({ reason: z.string() }),
} as const;
