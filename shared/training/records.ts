import { z } from 'zod';
import { Bilingual } from './expectation';
import { TRAINING_DRILL_EVENT } from './report';

/** The pass mark a site sets for its drills (上岗认证, 年度复训); 80 unless configured. */
export const PassMark = z
  .number({ error: 'the pass mark is a score out of 100' })
  .min(0, 'the pass mark is a score from 0 to 100')
  .max(100, 'the pass mark is a score from 0 to 100')
  .default(80);

const RecordData = z.object({
  drillId: z.string(),
  scenario: z.string(),
  title: Bilingual,
  trainee: z.string(),
  score: z.number(),
  endedAt: z.number(),
  reportHash: z.string(),
});

/**
 * One drill of one trainee. `endedAt` is drill time (a scenario's own
 * date); `recordedAt` is when the real desk journalled it, the date that
 * counts for certification and retraining.
 */
export type DrillRecord = z.infer<typeof RecordData> & { passed: boolean; lead: string; recordedAt: number };
export type OperatorRecords = { trainee: string; drills: DrillRecord[]; passed: number; failed: number };

/**
 * Each operator's drills from the real journal's `training.drill` events,
 * newest first, each passed or failed against the pass mark in force now
 * (a changed mark re-reads old drills; the score itself never changes).
 * An event whose data does not read as a record is skipped, not guessed at.
 */
export function trainingRecords(
  events: readonly { type: string; ts: number; data: unknown; actor: { user: string } }[],
  passMark: number,
): OperatorRecords[] {
  const byTrainee = new Map<string, DrillRecord[]>();
  for (const event of events) {
    if (event.type !== TRAINING_DRILL_EVENT) continue;
    const data = RecordData.safeParse(event.data);
    if (!data.success) continue;
    const record = {
      ...data.data,
      passed: data.data.score >= passMark,
      lead: event.actor.user,
      recordedAt: event.ts,
    };
    byTrainee.set(record.trainee, [...(byTrainee.get(record.trainee) ?? []), record]);
  }
  return [...byTrainee.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([trainee, drills]) => {
      const sorted = drills.sort((a, b) => b.recordedAt - a.recordedAt);
      const passed = sorted.filter((d) => d.passed).length;
      return { trainee, drills: sorted, passed, failed: sorted.length - passed };
    });
}
