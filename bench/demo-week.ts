import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDeskEngine } from '../electron/demo/start';
import type { Engine } from '../electron/engine/engine';
import { createLogger } from '../electron/log/logger';
import { resourcesDir } from '../node/resources';
import { summarize } from './stats';

/**
 * The demo desk's first start with its generated week against the same
 * first start empty (--no-demo-week), on fresh data folders: time to the
 * populated wall (every device answering), then, with the week, to the
 * seven-day trends (the history store has sorted the week into its rollups).
 */

export type DemoWeekOptions = { rounds: number };

export type DemoWeekResult = {
  rounds: number;
  emptyWallMs: number;
  weekWallMs: number;
  weekTrendsMs: number;
  sessions: number;
};

const AT = '2026-06-15T12:30:00+08:00';
const READER = { user: 'bench', role: 'monitor' } as const;
const quiet = createLogger('bench', () => {});
const median = (values: readonly number[]) => summarize(values).p50;

async function until(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 20));
}

const wallPopulated = (engine: Engine) => async () => {
  const snapshot = await engine.api['fleet.snapshot']({}, READER);
  return (
    snapshot.status.length === snapshot.devices.length && snapshot.status.every((s) => s.comms === 'online')
  );
};

async function firstStart(week: boolean) {
  const dataDir = mkdtempSync(join(tmpdir(), 'dutydesk-bench-week-'));
  const started = performance.now();
  const engine = await startDeskEngine(
    { shell: 'headless', configPath: null, resourcesDir: resourcesDir(), dataDir, log: quiet },
    { at: AT, seed: '7', week },
  );
  try {
    await until(wallPopulated(engine));
    const wallMs = performance.now() - started;
    let trendsMs = 0;
    let sessions = 0;
    if (week) {
      const monthly = await engine.api['report.monthly']({ month: '2026-06' }, READER);
      sessions = monthly.totals.sessions;
      const pv = (await engine.api['fleet.snapshot']({}, READER)).devices.find(
        (d) => d.kind === 'pv-inverter',
      );
      const to = Date.parse(AT);
      await until(async () => {
        if (!pv) return true;
        const result = await engine.api['history.query'](
          { deviceId: pv.id, keys: ['power'], from: to - 7 * 86_400_000, to, maxPoints: 1800 },
          READER,
        );
        // The week's first day sorted in, as the seven-day trend needs it.
        return (result.series[0]?.points.length ?? 0) > 1500;
      });
      trendsMs = performance.now() - started;
    }
    return { wallMs, trendsMs, sessions };
  } finally {
    await engine.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function measureDemoWeek(
  options: DemoWeekOptions,
  say: (line: string) => void,
): Promise<DemoWeekResult> {
  const empty: number[] = [];
  const wall: number[] = [];
  const trends: number[] = [];
  let sessions = 0;
  for (let round = 1; round <= options.rounds; round++) {
    // Alternated, so a slow patch of the shared machine hits both.
    empty.push((await firstStart(false)).wallMs);
    const week = await firstStart(true);
    wall.push(week.wallMs);
    trends.push(week.trendsMs);
    sessions = week.sessions;
    say(`  round ${round}: empty ${empty.at(-1)?.toFixed(0)} ms, with the week ${week.wallMs.toFixed(0)} ms`);
  }
  return {
    rounds: options.rounds,
    emptyWallMs: median(empty),
    weekWallMs: median(wall),
    weekTrendsMs: median(trends),
    sessions,
  };
}

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function demoWeekReport(r: DemoWeekResult): string {
  return [
    `The demo desk's first start on a fresh data folder (fleet at ${AT}, seed 7), median of ${r.rounds}`,
    'rounds, empty (--no-demo-week) and alternating with the generated week before it',
    `(${r.sessions} charging sessions, faults through acceptance, an outage application, 14 handovers,`,
    'five-minute history of every trend). "Wall" is until every device answers; "trends" until the',
    "history store has sorted the week into the seven-day trend's buckets (in the background, after the wall).",
    '',
    '| first start | to the populated wall | to the seven-day trends | ratio (wall) |',
    '|---|---:|---:|---:|',
    `| empty demo (baseline) | ${s(r.emptyWallMs)} | — | 1.0× |`,
    `| with the generated week | ${s(r.weekWallMs)} | ${s(r.weekTrendsMs)} | ${(r.weekWallMs / r.emptyWallMs).toFixed(1)}× |`,
    '',
    `Target (issue 18): ≤ 10 s to the populated wall with the week — ${r.weekWallMs <= 10_000 ? 'met' : 'not met'}.`,
  ].join('\n');
}
