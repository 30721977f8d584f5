import type { DefectClass } from '../triage/tiers';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export type DefectDeadline = { withinMs: number; basis: string };

/**
 * Seed 001 缺陷的分类及定性 gives the deadlines in words: 危急 "应立即消除",
 * 严重 "应在短期内消除", 一般 "应列入年、月检修计划". The numbers read
 * "immediately" as within the day, "short term" as within a week, and a
 * monthly plan as within a month; a site that reads them otherwise passes
 * its own table.
 */
export const DEFECT_DEADLINES: Readonly<Record<DefectClass, DefectDeadline>> = {
  critical: { withinMs: 1 * DAY, basis: '001 缺陷的分类及定性: 危急缺陷应立即消除' },
  serious: { withinMs: 7 * DAY, basis: '001 缺陷的分类及定性: 严重缺陷应在短期内消除' },
  general: { withinMs: 30 * DAY, basis: '001 缺陷的分类及定性: 一般缺陷应列入年、月检修计划予以消除' },
};

export type DefectDeadlineState = 'running' | 'met' | 'breached';

/** The defect's deadline as of `nowMs`: met once the defect was resolved in time. */
export function defectDeadline(
  defectClass: DefectClass,
  openedAt: number,
  resolvedAt: number | null,
  nowMs: number,
  table: Readonly<Record<DefectClass, DefectDeadline>> = DEFECT_DEADLINES,
): { defectClass: DefectClass; deadline: number; state: DefectDeadlineState; basis: string } {
  const { withinMs, basis } = table[defectClass];
  const deadline = openedAt + withinMs;
  const at = resolvedAt ?? nowMs;
  const state = at > deadline ? 'breached' : resolvedAt !== null ? 'met' : 'running';
  return { defectClass, deadline, state, basis };
}
