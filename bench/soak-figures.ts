/**
 * What a soak's probe lines say, reduced to the figures the issue asks for:
 * per desk process (a restart starts a new one), after its warm-up, the
 * least-squares slope of RSS and heap per simulated day, the spread of open
 * file descriptors and active handles, and event-loop lag.
 */
import { readFileSync } from 'node:fs';
import { percentile } from './stats';

export type ProbeLine = {
  pid: number;
  t: number;
  rss: number;
  /** RSS that is not a mapped file or shared memory: where a native leak shows (from /proc). */
  rssAnon: number;
  heapUsed: number;
  /** Of the heap, compiled code and bytecode with their metadata (V8's code statistics). */
  heapCode: number;
  fds: number;
  handles: Record<string, number>;
  lagMs: { p50: number; p99: number; max: number };
};

/** The probe's file: one JSON line per reading. */
export function readProbeLines(file: string): ProbeLine[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as ProbeLine);
}

export type Segment = {
  pid: number;
  /** Probe lines after the warm-up. */
  samples: number;
  /** Wall minutes the segment covers after its warm-up. */
  minutes: number;
  rssMb: Trend;
  anonMb: Trend;
  heapMb: Trend;
  /**
   * The heap less compiled code and bytecode: the data a leak would grow.
   * V8 keeps compiling and optimising hot paths for many minutes after a
   * start, which lifts the whole heap's slope in a short run.
   */
  dataHeapMb: Trend;
  /**
   * Open descriptors: their range, the band nine readings in ten stay in
   * (p5 to p95: a few readings of sockets and files open at once on a loaded
   * machine widen the range, not the band), fitted growth, and the medians
   * of the first and the last third.
   */
  fds: {
    min: number;
    max: number;
    p5: number;
    p95: number;
    slopePerSimDay: number;
    medianFirstThird: number;
    medianLastThird: number;
  };
  /**
   * Handles other than timers (sockets, servers, pipes, files), judged on
   * the typical count: the medians of the first and the last third.
   */
  handles: { min: number; max: number; medianFirstThird: number; medianLastThird: number };
  /**
   * Active timers swing between ~20 and one per polled device, depending on
   * where the poll cycles stand at the probe's moment, so they are judged on
   * their ceiling: the most in the first and in the last third.
   */
  timers: { mostFirstThird: number; mostLastThird: number };
  /** The median and the worst of the per-minute p99 lags. */
  lagP99Ms: { median: number; worst: number };
  /** The alarm points the desk listed at the segment's first and last minute after warm-up. */
  alarmPoints: { first: number; last: number };
  /**
   * The heap's slopes from the last new alarm point on: a point met for the
   * first time adds its state for good (bounded by devices × causes), so
   * this is what grows once the fleet has shown every point it will.
   * Null when fewer than SETTLED_SAMPLES probe lines are left.
   */
  settled: { minutes: number; heapMb: Trend; dataHeapMb: Trend } | null;
};

/** The queue's size at a wall time, from the soak's own calls. */
export type PointCount = { t: number; n: number };

const SETTLED_SAMPLES = 20;

/** A quantity's first and last value after warm-up, and its fitted growth per simulated day ± one standard error. */
export type Trend = { first: number; last: number; slopePerSimDay: number; stdErrPerSimDay: number };

const MB = 1024 * 1024;

/** Least-squares slope and its standard error (0 and Infinity where there are too few points to say). */
export function leastSquares(points: readonly { x: number; y: number }[]): { slope: number; stdErr: number } {
  const n = points.length;
  if (n < 2) return { slope: 0, stdErr: Number.POSITIVE_INFINITY };
  let sx = 0;
  let sy = 0;
  for (const p of points) {
    sx += p.x;
    sy += p.y;
  }
  const mx = sx / n;
  const my = sy / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.x - mx) * (p.y - my);
    den += (p.x - mx) ** 2;
  }
  if (den === 0) return { slope: 0, stdErr: Number.POSITIVE_INFINITY };
  const b = num / den;
  if (n < 3) return { slope: b, stdErr: Number.POSITIVE_INFINITY };
  let residuals = 0;
  for (const p of points) residuals += (p.y - my - b * (p.x - mx)) ** 2;
  return { slope: b, stdErr: Math.sqrt(residuals / (n - 2) / den) };
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
};

const handleCount = (line: ProbeLine) =>
  Object.entries(line.handles).reduce((sum, [kind, n]) => (kind === 'Timeout' ? sum : sum + n), 0);
const timerCount = (line: ProbeLine) => line.handles.Timeout ?? 0;

/**
 * The segments of a soak, one per desk process in the order they ran.
 * `warmupMs` of each process's first lines are left out; `speed` is how
 * many simulated milliseconds pass per wall millisecond.
 */
export function segments(
  lines: readonly ProbeLine[],
  warmupMs: number,
  speed: number,
  points: readonly PointCount[] = [],
): Segment[] {
  const byPid = new Map<number, ProbeLine[]>();
  for (const line of lines) {
    const list = byPid.get(line.pid) ?? [];
    list.push(line);
    byPid.set(line.pid, list);
  }
  const wallPerSimDay = 86_400_000 / speed;
  return [...byPid.entries()].flatMap(([pid, all]) => {
    const start = all[0]?.t ?? 0;
    const kept = all.filter((l) => l.t >= start + warmupMs);
    const first = kept[0];
    const last = kept.at(-1);
    if (!first || !last) return [];
    const trendOf = (over: readonly ProbeLine[], pick: (l: ProbeLine) => number, unit: number): Trend => {
      const fitted = leastSquares(over.map((l) => ({ x: l.t, y: pick(l) / unit })));
      return {
        first: pick(over[0] ?? first) / unit,
        last: pick(over.at(-1) ?? last) / unit,
        slopePerSimDay: fitted.slope * wallPerSimDay,
        stdErrPerSimDay: fitted.stdErr * wallPerSimDay,
      };
    };
    const trend = (pick: (l: ProbeLine) => number, unit: number) => trendOf(kept, pick, unit);
    const counted = points.filter((p) => p.t >= first.t && p.t <= last.t);
    const most = Math.max(0, ...counted.map((p) => p.n));
    const lastNew = counted.find((p) => p.n === most)?.t ?? first.t;
    const after = kept.filter((l) => l.t >= lastNew);
    const third = Math.max(1, Math.floor(kept.length / 3));
    const fds = kept.map((l) => l.fds);
    const sortedFds = [...fds].sort((a, b) => a - b);
    const handles = kept.map(handleCount);
    const timers = kept.map(timerCount);
    const lags = kept.map((l) => l.lagMs.p99);
    return [
      {
        pid,
        samples: kept.length,
        minutes: (last.t - first.t) / 60_000,
        rssMb: trend((l) => l.rss, MB),
        anonMb: trend((l) => l.rssAnon, MB),
        heapMb: trend((l) => l.heapUsed, MB),
        dataHeapMb: trend((l) => l.heapUsed - l.heapCode, MB),
        fds: {
          min: Math.min(...fds),
          max: Math.max(...fds),
          p5: percentile(sortedFds, 5),
          p95: percentile(sortedFds, 95),
          slopePerSimDay: trend((l) => l.fds, 1).slopePerSimDay,
          medianFirstThird: median(fds.slice(0, third)),
          medianLastThird: median(fds.slice(-third)),
        },
        handles: {
          min: Math.min(...handles),
          max: Math.max(...handles),
          medianFirstThird: median(handles.slice(0, third)),
          medianLastThird: median(handles.slice(-third)),
        },
        timers: {
          mostFirstThird: Math.max(...timers.slice(0, third)),
          mostLastThird: Math.max(...timers.slice(-third)),
        },
        lagP99Ms: { median: median(lags), worst: Math.max(...lags) },
        alarmPoints: { first: counted[0]?.n ?? 0, last: counted.at(-1)?.n ?? 0 },
        settled:
          after.length < SETTLED_SAMPLES
            ? null
            : {
                minutes: ((after.at(-1)?.t ?? lastNew) - lastNew) / 60_000,
                heapMb: trendOf(after, (l) => l.heapUsed, MB),
                dataHeapMb: trendOf(after, (l) => l.heapUsed - l.heapCode, MB),
              },
      },
    ];
  });
}
