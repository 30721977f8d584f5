import { chromium, type Page } from '@playwright/test';
import WebSocket from 'ws';
import type { DrillScale } from '../electron/training/clock';
import type { AlarmView } from '../shared/api/alarms';
import { BENCH_LAUNCH } from '../test/helpers/chromium';
import { startDrillDesk } from '../test/helpers/drill-desk';
import { framesBetween } from './alarm-storm';
import { summarize } from './stats';

/**
 * A drill at ×60 against the same drill at ×1, in the same run (issue 18):
 * the fault-storm scenario on a training desk, its wall open in headless
 * Chromium while a scripted trainee acknowledges every alarm over the
 * desk's WebSocket contract, as a browser does. Measured:
 *  - the wall's frame rate (requestAnimationFrame in the page);
 *  - scoring lag: the drill time the desk stamps on the acknowledgement
 *    (what the score counts from) less the drill time the trainee sent it,
 *    in simulated seconds — at ×60 one simulated second is 17 ms real;
 *  - detection: the alarm's raise less the scenario step that caused it,
 *    in simulated seconds (the drill desk polls once per simulated second,
 *    at most every 100 real ms: 6 simulated seconds at ×60).
 */

export type DrillBenchOptions = { seconds: number; rounds: number };

type ScaleResult = {
  scale: DrillScale;
  fps: number;
  worstFrameMs: number;
  acks: number;
  lagP50S: number;
  lagP99S: number;
  lagMaxS: number;
  detectP50S: number;
  detectMaxS: number;
};

export type DrillBenchResult = { seconds: number; rounds: number; scales: ScaleResult[] };

const SCENARIO = 'drill-fault-storm';
const now = () => performance.timeOrigin + performance.now();

/** The page's frames, timed by the page itself, where alarm-storm's framesBetween reads them. */
async function instrument(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { stormFrames: number[] };
    w.stormFrames = [];
    const tick = () => {
      w.stormFrames.push(window.performance.timeOrigin + window.performance.now());
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

/** The desk's contract over its WebSocket, as the browser reaches it. */
async function contractClient(url: string) {
  const ws = new WebSocket(new URL('/api', url.replace(/^http/, 'ws')));
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const waiting = new Map<number, (frame: { ok: boolean; result?: unknown; error?: unknown }) => void>();
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString());
    if (frame.type === 'reply') waiting.get(frame.id)?.(frame);
  });
  let id = 0;
  return {
    call<T>(method: string, params: unknown): Promise<T> {
      id += 1;
      const mine = id;
      return new Promise<T>((resolve, reject) => {
        // A reply that never comes fails the run instead of hanging it.
        const timer = setTimeout(() => {
          waiting.delete(mine);
          reject(new Error(`${method}: no reply in 10 s`));
        }, 10_000);
        waiting.set(mine, (frame) => {
          clearTimeout(timer);
          waiting.delete(mine);
          if (frame.ok) resolve(frame.result as T);
          else reject(new Error(`${method}: ${JSON.stringify(frame.error)}`));
        });
        ws.send(JSON.stringify({ type: 'request', id: mine, method, params }));
      });
    },
    close: () => ws.close(),
  };
}

async function runAt(
  scale: DrillScale,
  seconds: number,
  browser: Awaited<ReturnType<typeof chromium.launch>>,
  say: (line: string) => void,
) {
  const { desk, bridge, stop } = await startDrillDesk({
    scenario: SCENARIO,
    scale,
    trainees: ['bench.trainee'],
    lead: { user: 'bench.lead', role: 'shift-lead' },
  });
  say(`    ×${scale}: training desk started`);
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  let trainee: Awaited<ReturnType<typeof contractClient>> | null = null;
  try {
    trainee = await contractClient(bridge.url);
    await page.goto(`${bridge.url}/?lang=en`);
    await page.getByTestId('clock').waitFor();
    say(`    ×${scale}: wall open in Chromium`);
    await instrument(page);
    const lags: number[] = [];
    const detections: number[] = [];
    // Steps count from the playback's start, not the drill clock's: at ×60 the clock runs some
    // 30 simulated seconds while the desk starts, before the first step plays.
    const { run } = desk.playback;
    const stepTimes = run.scenario.steps.map((s) => run.startMs + s.at);
    const from = now();
    const until = from + seconds * 1000;
    while (now() < until) {
      const { alarms } = await trainee.call<{ alarms: AlarmView[] }>('alarms.list', {});
      for (const alarm of alarms.filter((a) => a.ackedAt === null && a.state.endsWith('unacknowledged'))) {
        const sentAt = desk.clock.now();
        // An alarm that cleared or was grouped meanwhile may be refused: the trainee moves on.
        const acked = await trainee.call<AlarmView>('alarm.ack', { id: alarm.id }).catch(() => null);
        if (acked?.ackedAt) lags.push((acked.ackedAt - sentAt) / 1000);
        // The latest scenario step at or before the raise is what raised it.
        const cause = stepTimes.filter((t) => t <= alarm.raisedAt).at(-1);
        if (cause !== undefined) detections.push((alarm.raisedAt - cause) / 1000);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    const to = now();
    const frames = await framesBetween(page, from, to);
    const lag = summarize(lags.length ? lags : [0]);
    const detect = summarize(detections.length ? detections : [0]);
    return {
      scale,
      fps: frames.fps,
      worstFrameMs: frames.worstMs,
      acks: lags.length,
      lagP50S: lag.p50,
      lagP99S: lag.p99,
      lagMaxS: Math.max(0, ...lags),
      detectP50S: detect.p50,
      detectMaxS: Math.max(0, ...detections),
    };
  } finally {
    trainee?.close();
    await page.close();
    await stop();
  }
}

export async function measureDrill(
  options: DrillBenchOptions,
  say: (line: string) => void,
): Promise<DrillBenchResult> {
  const browser = await chromium.launch(BENCH_LAUNCH);
  say('    Chromium started');
  const runs: Record<DrillScale, ScaleResult[]> = { 1: [], 10: [], 60: [] };
  try {
    for (let round = 1; round <= options.rounds; round++) {
      // Alternated, so a slow patch of the shared machine hits both speeds.
      for (const scale of [1, 60] as const) {
        const r = await runAt(scale, options.seconds, browser, say);
        runs[scale].push(r);
        say(
          `  round ${round} ×${scale}: ${r.fps.toFixed(1)} fps, ${r.acks} acks, lag p99 ${r.lagP99S.toFixed(2)} simulated s`,
        );
      }
    }
  } finally {
    await browser.close();
  }
  const median = (rs: ScaleResult[], key: Exclude<keyof ScaleResult, 'scale'>) =>
    summarize(rs.map((r) => r[key])).p50;
  const scales = ([1, 60] as const).map((scale) => {
    const rs = runs[scale];
    return {
      scale,
      fps: median(rs, 'fps'),
      worstFrameMs: median(rs, 'worstFrameMs'),
      acks: median(rs, 'acks'),
      lagP50S: median(rs, 'lagP50S'),
      lagP99S: median(rs, 'lagP99S'),
      lagMaxS: Math.max(...rs.map((r) => r.lagMaxS)),
      detectP50S: median(rs, 'detectP50S'),
      detectMaxS: Math.max(...rs.map((r) => r.detectMaxS)),
    };
  });
  return { seconds: options.seconds, rounds: options.rounds, scales };
}

export function drillReport(r: DrillBenchResult): string {
  const [base, fast] = r.scales;
  if (!base || !fast) throw new Error('the drill bench measured no run');
  const row = (x: ScaleResult, ratio: string) =>
    `| ×${x.scale} | ${x.fps.toFixed(1)} fps (longest frame ${x.worstFrameMs.toFixed(0)} ms) | ${x.acks} | ${x.lagP50S.toFixed(3)} s / ${x.lagP99S.toFixed(3)} s / ${x.lagMaxS.toFixed(3)} s | ${x.detectP50S.toFixed(1)} s / ${x.detectMaxS.toFixed(1)} s | ${ratio} |`;
  return [
    `The ${SCENARIO} drill on a training desk, ${r.seconds} s of real time per run, median of ${r.rounds} rounds`,
    'alternating ×1 (baseline) and ×60. The wall is open in headless Chromium (1920×1080) while a scripted',
    'trainee acknowledges every alarm over the WebSocket contract. Lag: the drill time stamped on the',
    'acknowledgement (what the score counts from) less the drill time it was sent, in simulated seconds.',
    'Detection: the alarm raised less the scenario step that caused it (the latest step before the raise),',
    'in simulated seconds; the drill desk polls once per simulated second, at most every 100 real ms.',
    '',
    '| drill speed | wall frame rate | alarms acknowledged | scoring lag p50 / p99 / max | detection p50 / max | fps vs ×1 |',
    '|---|---:|---:|---:|---:|---:|',
    row(base, '1.00×'),
    row(fast, `${(fast.fps / base.fps).toFixed(2)}×`),
    '',
    `Targets (issue 18) at ×60: wall ≥ 30 fps — ${fast.fps >= 30 ? 'met' : 'not met'}; scoring within 1 simulated second — ${fast.lagMaxS <= 1 ? 'met' : `not met (max ${fast.lagMaxS.toFixed(2)} s)`}.`,
  ].join('\n');
}
