import { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { chromium } from '@playwright/test';
import Modbus from 'jsmodbus';
import { demoFleet } from '../sim/fleet';
import { type SimDesk, startSimDesk } from '../test/e2e/wall-sim';
import { BENCH_LAUNCH } from '../test/helpers/chromium';
import { markdownTable, ms, summarize } from './stats';

/**
 * Change-to-screen latency: a register changes in the simulator; how long
 * until the new value is in the browser's DOM? The baseline, measured over
 * the same changes in the same run, is a bare jsmodbus loop polling the same
 * register at the same interval: the part of the latency polling alone costs.
 */
export type LatencyResult = {
  changes: number;
  pollIntervalMs: number;
  desk: ReturnType<typeof summarize>;
  bare: ReturnType<typeof summarize>;
  /** Reads of the baseline loop that timed out (the machine was too busy) and were polled again. */
  bareTimeouts: number;
  targetP99Ms: number;
};

const DEVICE = 'sx01-ac1';
const POINT = 'gun1.power';
const now = () => performance.timeOrigin + performance.now();

export async function measureLatency(options: {
  changes: number;
  pollIntervalMs: number;
  port: number;
  /** The first this-many demo stations; null for the whole demo fleet. */
  stations: number | null;
}): Promise<LatencyResult> {
  // The whole demo fleet polled, as an operator's desk would; the browser gets in with a token, no sign-in dialog.
  const desk: SimDesk = await startSimDesk(options.port, {
    seed: 7,
    stations: options.stations ?? demoFleet().length,
    pollIntervalMs: options.pollIntervalMs,
  });
  const { fleet } = desk;
  const device = fleet.config.devices.find((d) => d.id === DEVICE);
  const browser = await chromium.launch(BENCH_LAUNCH);
  const socket = new Socket();
  try {
    if (!device?.host || !device.port) throw new Error(`demo fleet has no ${DEVICE}`);
    const page = await browser.newPage();
    await page.goto(desk.url);
    const cell = `[data-device-id="${DEVICE}"] [data-point="${POINT}"]`;
    await page.waitForSelector(cell);
    // The page records when the cell's text changed, on the same clock as ours. It watches the whole
    // page, not the first cell found: the virtualized wall may mount the tile anew as the fleet comes in.
    await page.evaluate((selector) => {
      const w = window as unknown as { seen: { text: string; at: number }[] };
      w.seen = [];
      let last: string | null = null;
      new MutationObserver(() => {
        const text = document.querySelector(selector)?.textContent ?? null;
        if (text === null || text === last) return;
        last = text;
        // window.performance: the bundler may rename a bare `performance`, which this page would not know.
        w.seen.push({ text, at: window.performance.timeOrigin + window.performance.now() });
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    }, cell);

    const client = new Modbus.client.TCP(socket, device.unitId, 1000);
    const { host, port } = device;
    await new Promise<void>((resolve) => socket.connect({ host, port }, resolve));
    socket.setNoDelay(true);
    let bareSeen: { raw: number; at: number } | null = null;
    let polling = true;
    // Kept, not thrown: a failed read must surface as this bench's error, not end the process unhandled.
    let bareError: string | null = null;
    let bareTimeouts = 0;
    const bareLoop = (async () => {
      while (polling) {
        const started = now();
        try {
          const reply = await client.readHoldingRegisters(3, 1);
          bareSeen = { raw: Number(reply.response.body.valuesAsArray[0]), at: now() };
        } catch (error) {
          // A timed-out read is polled again at the next interval, as the desk's poller does; anything else ends the run.
          const code = (error as { err?: string }).err;
          if (code !== 'Timeout') throw new Error(code ?? String(error));
          bareTimeouts += 1;
        }
        await new Promise((r) => setTimeout(r, Math.max(0, options.pollIntervalMs - (now() - started))));
      }
    })().catch((error: unknown) => {
      bareError = (error as Error).message;
    });

    const deskLatency: number[] = [];
    const bareLatency: number[] = [];
    for (let i = 0; i < options.changes; i++) {
      // 0.5, 0.6, … 6.4 kW: never the previous value, and distinct at one decimal.
      const kw = Number((0.5 + (i % 60) / 10).toFixed(1));
      const raw = Math.round(kw * 100);
      await new Promise((r) => setTimeout(r, Math.random() * options.pollIntervalMs));
      const changedAt = now();
      fleet.setPoint(DEVICE, POINT, kw);
      const deadline = changedAt + options.pollIntervalMs * 5 + 2000;
      let deskAt: number | null = null;
      let bareAt: number | null = null;
      while ((deskAt === null || bareAt === null) && now() < deadline) {
        await new Promise((r) => setTimeout(r, 5));
        const b = bareSeen as { raw: number; at: number } | null;
        if (bareAt === null && b && b.raw === raw && b.at >= changedAt) bareAt = b.at;
        if (deskAt === null) {
          const seen = await page.evaluate(() =>
            (window as unknown as { seen: { text: string; at: number }[] }).seen.splice(0),
          );
          const hit = seen.find(
            (s) =>
              s.at >= changedAt && Math.abs(Number.parseFloat(s.text.replace(/[^\d.]/g, '')) - kw) < 0.05,
          );
          if (hit) deskAt = hit.at;
        }
      }
      if (bareError) throw new Error(`bare poll loop: ${bareError}`);
      if (deskAt === null || bareAt === null)
        throw new Error(
          `change ${i} (${kw} kW) not seen within the deadline by the ${deskAt === null ? 'desk' : 'bare loop'}`,
        );
      deskLatency.push(deskAt - changedAt);
      bareLatency.push(bareAt - changedAt);
    }
    polling = false;
    await bareLoop;
    return {
      changes: options.changes,
      pollIntervalMs: options.pollIntervalMs,
      desk: summarize(deskLatency),
      bare: summarize(bareLatency),
      bareTimeouts,
      targetP99Ms: options.pollIntervalMs + 100,
    };
  } finally {
    socket.destroy();
    await browser.close();
    await desk.stop();
  }
}

export function latencyReport(r: LatencyResult): string {
  const row = (name: string, s: LatencyResult['desk']) => [
    name,
    `${s.n}`,
    ms(s.p50),
    ms(s.p90),
    ms(s.p99),
    ms(s.max),
  ];
  const ratio = (a: number, b: number) => (a / b).toFixed(2);
  return [
    `Poll interval ${r.pollIntervalMs} ms, ${r.changes} register changes at random phases.`,
    '',
    ...markdownTable(
      ['path', 'changes', 'p50', 'p90', 'p99', 'max'],
      [
        row('simulator → engine → bridge → Chromium DOM', r.desk),
        row('baseline: bare jsmodbus poll loop, same interval', r.bare),
      ],
    ),
    '',
    ...(r.bareTimeouts > 0
      ? [`The baseline's reads timed out ${r.bareTimeouts} times and were polled again.`, '']
      : []),
    `- desk ÷ baseline: p50 ${ratio(r.desk.p50, r.bare.p50)}×, p99 ${ratio(r.desk.p99, r.bare.p99)}×`,
    `- desk − baseline (what the desk adds beyond polling): p50 ${ms(r.desk.p50 - r.bare.p50)}, p99 ${ms(r.desk.p99 - r.bare.p99)}`,
    `- target p99 ≤ poll interval + 100 ms = ${r.targetP99Ms} ms: **${r.desk.p99 <= r.targetP99Ms ? 'met' : 'NOT met'}** (p99 ÷ target ${ratio(r.desk.p99, r.targetP99Ms)})`,
  ].join('\n');
}
