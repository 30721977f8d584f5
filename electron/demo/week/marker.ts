import type { Journal } from '../../store/journal';

/**
 * The journal event that closes a generated demo week. Its presence says the
 * demo desk's history is generated (reports and PDFs band it as demo data);
 * a desk whose journal already exists is never given a second week.
 */
export const DEMO_WEEK_EVENT = 'demo.week-generated';
/** Bumped when the story changes, so a record says which story it holds. */
export const DEMO_WEEK_VERSION = 1;

export type DemoWeekSummary = { seed: number; from: number; to: number; sessions: number };

/** The generated week this journal holds, or null for a desk of real (or no generated) history. */
export function demoWeekOf(journal: Pick<Journal, 'read'>): DemoWeekSummary | null {
  const [event] = journal.read({ type: DEMO_WEEK_EVENT, limit: 1 });
  if (!event) return null;
  const data = event.data as Partial<DemoWeekSummary>;
  return {
    seed: Number(data.seed),
    from: Number(data.from),
    to: Number(data.to),
    sessions: Number(data.sessions),
  };
}
