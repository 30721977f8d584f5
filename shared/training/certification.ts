import { z } from 'zod';
import { type OperatorRecords, PassMark } from './records';

const DAY_MS = 86_400_000;

/**
 * The site's training rules (seed 000: 考核评估与上岗认证, 年度复训): the
 * pass mark of a drill, how often a certified operator must pass one again,
 * and how early the records page says that retraining is coming due.
 */
export const TrainingConfig = z
  .object({
    passMark: PassMark,
    /** 年度复训: a certified operator passes a drill again within this many days of the last pass. */
    retrainEveryDays: z
      .number()
      .int('whole days')
      .min(30, 'retraining at most every 30 days')
      .max(1096, 'retraining at least every three years (1096 days)')
      .default(365),
    /** From this many days before the retraining date, the records page shows it as due soon. */
    dueSoonDays: z.number().int('whole days').min(0).max(180, 'at most 180 days ahead').default(30),
  })
  .strict()
  .refine((c) => c.dueSoonDays < c.retrainEveryDays, {
    message: 'dueSoonDays must be shorter than retrainEveryDays',
    path: ['dueSoonDays'],
  });
export type TrainingConfig = z.infer<typeof TrainingConfig>;
export type TrainingConfigInput = z.input<typeof TrainingConfig>;

/**
 * uncertified: never passed a drill, so not certified for duty (上岗认证);
 * certified: passed, retraining not yet due; due-soon: the retraining date
 * is within `dueSoonDays`; overdue: it has passed with no new pass.
 */
export const CertificationStatus = z.enum(['uncertified', 'certified', 'due-soon', 'overdue']);
export type CertificationStatus = z.infer<typeof CertificationStatus>;

export type Certification = {
  status: CertificationStatus;
  /** When the first passed drill was recorded: the 上岗认证. */
  certifiedAt: number | null;
  lastPassedAt: number | null;
  /** The 年度复训 date: the last pass plus `retrainEveryDays`. */
  retrainBy: number | null;
};

/**
 * An operator's certification from their drills, as of `now` (desk time).
 * Dates are those the real desk recorded the drills at, not the drill's own
 * simulated time. A failed drill never takes a certification away; only
 * time does.
 */
export function certificationOf(
  records: Pick<OperatorRecords, 'drills'>,
  config: TrainingConfig,
  now: number,
): Certification {
  const passes = records.drills.filter((d) => d.passed).map((d) => d.recordedAt);
  if (!passes.length)
    return { status: 'uncertified', certifiedAt: null, lastPassedAt: null, retrainBy: null };
  const certifiedAt = Math.min(...passes);
  const lastPassedAt = Math.max(...passes);
  const retrainBy = lastPassedAt + config.retrainEveryDays * DAY_MS;
  const status: CertificationStatus =
    now >= retrainBy ? 'overdue' : now >= retrainBy - config.dueSoonDays * DAY_MS ? 'due-soon' : 'certified';
  return { status, certifiedAt, lastPassedAt, retrainBy };
}
