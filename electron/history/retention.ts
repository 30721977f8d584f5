import type Database from 'better-sqlite3';
import type { HistoryRetention } from '../../shared/config/schema';

export const DAY_MS = 86_400_000;

/**
 * Deletes history older than the retention policy, a bounded amount per
 * call so the desk never stalls on a large delete. Raw holds only samples
 * the rollups already hold (see Rollup), so raw rows can go by age alone.
 * Rollups are pruned a few series at a time, by primary key range.
 */
export class Retention {
  private readonly rawBoundary: Database.Statement<[number], number>;
  private readonly pruneRaw: Database.Statement<[number, number]>;
  private readonly seriesAfter: Database.Statement<[number, number], number>;
  private readonly pruneRollup: Record<'r1m' | 'r15m', Database.Statement<[number, number]>>;
  private nextSeries = 0;

  constructor(
    private readonly db: Database.Database,
    private readonly policy: HistoryRetention,
  ) {
    // The id `limit` rows into the table: the raw delete never looks further than that.
    this.rawBoundary = db
      .prepare<[number], number>('SELECT id FROM raw ORDER BY id LIMIT 1 OFFSET ?')
      .pluck();
    this.pruneRaw = db.prepare('DELETE FROM raw WHERE id <= ? AND ts < ?');
    this.seriesAfter = db
      .prepare<[number, number], number>('SELECT id FROM series WHERE id > ? ORDER BY id LIMIT ?')
      .pluck();
    this.pruneRollup = {
      r1m: db.prepare('DELETE FROM r1m WHERE series = ? AND bucket < ?'),
      r15m: db.prepare('DELETE FROM r15m WHERE series = ? AND bucket < ?'),
    };
  }

  /** One bounded round; returns the number of rows deleted. */
  step(now: number, limit: number, seriesPerStep: number): number {
    return this.db
      .transaction(() => {
        const boundary = this.rawBoundary.get(limit - 1) ?? Number.MAX_SAFE_INTEGER;
        let deleted = this.pruneRaw.run(boundary, now - this.policy.rawDays * DAY_MS).changes;
        const series = this.seriesAfter.all(this.nextSeries, seriesPerStep);
        this.nextSeries = series.length < seriesPerStep ? 0 : (series[series.length - 1] ?? 0);
        for (const id of series) {
          deleted += this.pruneRollup.r1m.run(id, now - this.policy.minuteDays * DAY_MS).changes;
          deleted += this.pruneRollup.r15m.run(id, now - this.policy.quarterHourDays * DAY_MS).changes;
        }
        return deleted;
      })
      .immediate();
  }
}
