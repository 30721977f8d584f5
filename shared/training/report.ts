import type { JsonValue } from '../journal/event';
import type { Bilingual } from './expectation';
import type { DrillEvent, ItemScore, TraineeScore } from './score';

/** The journal type of a trainee's record of one drill, kept in the real journal. */
export const TRAINING_DRILL_EVENT = 'training.drill';

/** Which drill desk events go into a report's timeline: what the trainees saw and did. */
const TIMELINE_TYPES = /^(alarm|workorder|application|handover)\./;

export type TimelineRow = { afterMs: number; type: string; subject: string; by: string };

/**
 * Everything a drill report says, in the order it says it; its canonical
 * JSON is what the report hash covers, so the training record in the real
 * journal points at exactly this report.
 */
export type DrillReport = {
  drillId: string;
  scenario: { name: string; title: Bilingual; briefing: Bilingual };
  lead: string;
  trainees: string[];
  scale: number;
  /** Drill time (the fleet's clock) at start and end. */
  startedAt: number;
  endedAt: number;
  timeline: TimelineRow[];
  scores: TraineeScore[];
  /** The assessor's remarks, as written at the end of the drill. */
  remarks: string;
};

export function timelineOf(events: readonly DrillEvent[], startedAt: number): TimelineRow[] {
  return events
    .filter((e) => TIMELINE_TYPES.test(e.type) && e.ts >= startedAt)
    .map((e) => ({ afterMs: e.ts - startedAt, type: e.type, subject: e.subject, by: e.actor.user }));
}

/** What a trainee's `training.drill` event carries: enough for the records page without the report. */
export function recordData(report: DrillReport, score: TraineeScore, reportHash: string): JsonValue {
  return {
    drillId: report.drillId,
    scenario: report.scenario.name,
    title: report.scenario.title,
    trainee: score.trainee,
    score: score.total,
    items: score.items.map((i: ItemScore) => ({ item: i.item, points: i.points, max: i.max })),
    steps: score.steps,
    scale: report.scale,
    startedAt: report.startedAt,
    endedAt: report.endedAt,
    reportHash,
  };
}
