import { mkdtempSync, writeFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium } from '@playwright/test';
import Modbus from 'jsmodbus';
import { DeskConfig } from '../shared/config/schema';
import { startFleet } from '../sim/fleet';
import { BENCH_LAUNCH } from '../test/helpers/chromium';
import { type HeadlessDesk, startHeadless } from '../test/helpers/processes';
import { ms, summarize } from './stats';

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
  targetP99Ms: number;
};

const DEVICE = 'sx01-ac1';
const POINT = 'gun1.power';
const now = () => performance.timeOrigin + performance.now();

export async function measureLatency(options: {
  changes: number;
  pollIntervalMs: number;
  port: number;
}): Promise<LatencyResult> {
  const fleet = await startFleet({ seed: 7 });
  const config = DeskConfig.parse({ ...fleet.config, pollIntervalMs: options.pollIntervalMs });
  const dir = mkdtempSync(join(tmpdir(), 'dutydesk-bench-'));
  const configPath = join(dir, 'fleet.json');
  writeFileSync(configPath, JSON.stringify(config));
  const device = config.devices.find((d) => d.id === DEVICE);
  if (!device) throw new Error(`demo fleet has no ${DEVICE}`);

  let desk: HeadlessDesk | null = null;
  const browser = await chromium.launch(BENCH_LAUNCH);
  const socket = new Socket();
  try {
    desk = await startHeadless(['--port', String(options.port), '--config', configPath], {
      stderr: 'inherit',
      env: { DUTYDESK_LOG_LEVEL: 'warn' },
    });

    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${options.port}/?lang=en`);
    const cell = `[data-device-id="${DEVICE}"] [data-point="${POINT}"]`;
    await page.waitForSelector(cell);
    // The page records when the cell's text last changed, on the same clock as ours.
    await page.evaluate((selector) => {
      const w = window as unknown as { seen: { text: string; at: number }[] };
      w.seen = [];
      const target = document.querySelector(selector);
      if (!target) throw new Error('no cell');
      new MutationObserver(() =>
        w.seen.push({ text: target.textContent ?? '', at: performance.timeOrigin + performance.now() }),
      ).observe(target, { subtree: true, childList: true, characterData: true });
    }, cell);

    const client = new Modbus.client.TCP(socket, device.unitId, 1000);
    await new Promise<void>((resolve) => socket.connect({ host: device.host, port: device.port }, resolve));
    socket.setNoDelay(true);
    let bareSeen: { raw: number; at: number } | null = null;
    let polling = true;
    const bareLoop = (async () => {
      while (polling) {
        const started = now();
        const reply = await client.readHoldingRegisters(3, 1);
        bareSeen = { raw: Number(reply.response.body.valuesAsArray[0]), at: now() };
        await new Promise((r) => setTimeout(r, Math.max(0, options.pollIntervalMs - (now() - started))));
      }
    })();

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
      if (deskAt === null || bareAt === null)
        throw new Error(`change ${i} (${kw} kW) not seen within the deadline`);
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
      targetP99Ms: options.pollIntervalMs + 100,
    };
  } finally {
    socket.destroy();
    await browser.close();
    desk?.child.kill('SIGTERM');
    await fleet.stop();
  }
}

export function latencyReport(r: LatencyResult): string {
  const row = (name: string, s: LatencyResult['desk']) =>
    `| ${name} | ${s.n} | ${ms(s.p50)} | ${ms(s.p90)} | ${ms(s.p99)} | ${ms(s.max)} |`;
  const ratio = (a: number, b: number) => (a / b).toFixed(2);
  return [
    `Poll interval ${r.pollIntervalMs} ms, ${r.changes} register changes at random phases.`,
    '',
    '| path | changes | p50 | p90 | p99 | max |',
    '|---|---|---|---|---|---|',
    row('simulator → engine → bridge → Chromium DOM', r.desk),
    row('baseline: bare jsmodbus poll loop, same interval', r.bare),
    '',
    `- desk ÷ baseline: p50 ${ratio(r.desk.p50, r.bare.p50)}×, p99 ${ratio(r.desk.p99, r.bare.p99)}×`,
    `- desk − baseline (what the desk adds beyond polling): p50 ${ms(r.desk.p50 - r.bare.p50)}, p99 ${ms(r.desk.p99 - r.bare.p99)}`,
    `- target p99 ≤ poll interval + 100 ms = ${r.targetP99Ms} ms: **${r.desk.p99 <= r.targetP99Ms ? 'met' : 'NOT met'}** (p99 ÷ target ${ratio(r.desk.p99, r.targetP99Ms)})`,
  ].join('\n');
}
