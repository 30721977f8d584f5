import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { type Browser, chromium, type Page } from '@playwright/test';
import react from '@vitejs/plugin-react';
import { build } from 'vite';
import { BENCH_LAUNCH } from '../test/helpers/chromium';

/**
 * The charger wall with 5,000 gun tiles in headless Chromium: frame rate
 * and main-thread busy time while every tile's values change once a second,
 * against the same page with nothing changing, measured in the same run;
 * both with the wall at rest and while it scrolls (the virtualizer at work).
 */
export type WallScenario = {
  name: string;
  updates: boolean;
  scroll: boolean;
  fps: number;
  /** Share of wall-clock time the renderer's main thread spent in tasks (Chromium's TaskDuration). */
  busy: number;
  p95FrameMs: number;
  maxFrameMs: number;
  longTasks: number;
  longTaskMs: number;
  /** Gun tiles in the DOM at the end: what virtualization keeps of the 5,000. */
  tilesInDom: number;
};

export type WallResult = { guns: number; seconds: number; viewport: string; scenarios: WallScenario[] };

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

/** Built into a directory of its own: other builds empty out/ and must not pull the page away mid-run. */
async function buildPage(outDir: string): Promise<void> {
  await build({
    configFile: false,
    root: resolve('bench'),
    base: './',
    logLevel: 'warn',
    plugins: [react()],
    build: {
      outDir,
      emptyOutDir: true,
      rollupOptions: { input: resolve('bench/wall-page.html') },
    },
  });
}

function serve(dir: string): Promise<Server> {
  const server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname));
    const file = join(dir, path === '/' ? 'wall-page.html' : path);
    if (!file.startsWith(dir)) {
      response.writeHead(403).end();
      return;
    }
    readFile(file).then(
      (body) =>
        response
          .writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' })
          .end(body),
      () => response.writeHead(404).end(),
    );
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

/** Frames and long tasks seen by the page over `ms`, scrolling a few pixels a frame when asked. */
async function sample(page: Page, ms: number, scroll: boolean) {
  return page.evaluate(
    ({ ms, scroll }) =>
      new Promise<{ gaps: number[]; longTasks: number[] }>((done) => {
        const longTasks: number[] = [];
        const observer = new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) longTasks.push(entry.duration);
        });
        observer.observe({ type: 'longtask', buffered: false });
        const gaps: number[] = [];
        let last = performance.now();
        const end = last + ms;
        let direction = 1;
        const frame = (now: number) => {
          gaps.push(now - last);
          last = now;
          if (scroll) {
            const atEnd = window.scrollY + window.innerHeight >= document.body.scrollHeight - 8;
            if (atEnd) direction = -1;
            if (window.scrollY <= 0) direction = 1;
            window.scrollBy(0, 8 * direction);
          }
          if (now < end) requestAnimationFrame(frame);
          else {
            observer.disconnect();
            done({ gaps, longTasks });
          }
        };
        requestAnimationFrame(frame);
      }),
    { ms, scroll },
  );
}

async function runScenario(
  browser: Browser,
  base: string,
  guns: number,
  seconds: number,
  updates: boolean,
  scroll: boolean,
): Promise<WallScenario> {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  try {
    await page.goto(`${base}/?guns=${guns}&updates=${updates ? 1 : 0}`);
    await page.waitForSelector('[data-device-id][data-gun]', { timeout: 60_000 });
    // Let the first second of updates and the fonts settle before measuring.
    await page.waitForTimeout(3000);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const taskTime = async () => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      const get = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;
      return { task: get('TaskDuration'), at: get('Timestamp') };
    };
    const before = await taskTime();
    const { gaps, longTasks } = await sample(page, seconds * 1000, scroll);
    const after = await taskTime();
    const sorted = [...gaps].sort((a, b) => a - b);
    const total = gaps.reduce((a, b) => a + b, 0);
    return {
      name: `${updates ? 'updating at 1 Hz' : 'idle baseline'}, ${scroll ? 'scrolling' : 'at rest'}`,
      updates,
      scroll,
      fps: gaps.length / (total / 1000),
      busy: (after.task - before.task) / (after.at - before.at),
      p95FrameMs: sorted[Math.floor(sorted.length * 0.95)] ?? 0,
      maxFrameMs: sorted[sorted.length - 1] ?? 0,
      longTasks: longTasks.length,
      longTaskMs: longTasks.reduce((a, b) => a + b, 0),
      tilesInDom: await page.locator('[data-device-id][data-gun]').count(),
    };
  } finally {
    await page.close();
  }
}

export async function measureWall(options: { guns: number; seconds: number }): Promise<WallResult> {
  const pageDir = await mkdtemp(join(tmpdir(), 'dutydesk-wall-page-'));
  await buildPage(pageDir);
  const server = await serve(pageDir);
  const browser = await chromium.launch(BENCH_LAUNCH);
  try {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const scenarios: WallScenario[] = [];
    for (const scroll of [false, true])
      for (const updates of [false, true])
        scenarios.push(await runScenario(browser, base, options.guns, options.seconds, updates, scroll));
    return { guns: options.guns, seconds: options.seconds, viewport: '1920×1080', scenarios };
  } finally {
    await browser.close();
    await new Promise((done) => server.close(done));
    await rm(pageDir, { recursive: true, force: true });
  }
}

export function wallReport(r: WallResult): string {
  const row = (s: WallScenario) =>
    `| ${s.name} | ${s.fps.toFixed(1)} | ${s.p95FrameMs.toFixed(1)} ms | ${s.maxFrameMs.toFixed(0)} ms | ${(s.busy * 100).toFixed(1)} % | ${s.longTasks} (${s.longTaskMs.toFixed(0)} ms) | ${s.tilesInDom} |`;
  const find = (updates: boolean, scroll: boolean) =>
    r.scenarios.find((s) => s.updates === updates && s.scroll === scroll);
  const lines = [
    `${r.guns.toLocaleString('en-US')} gun tiles (250 stations × 10 dual-gun DC chargers) on the charger wall, headless Chromium at ${r.viewport}; ${r.seconds} s per scenario. "Updating": every gun's state, power, energy, SoC and time change once a second through the desk's FleetStore; "idle": the same page with nothing changing.`,
    '',
    '| scenario | fps | p95 frame | worst frame | main thread busy | long tasks (total) | gun tiles in DOM |',
    '|---|---|---|---|---|---|---|',
    ...r.scenarios.map(row),
    '',
  ];
  for (const scroll of [false, true]) {
    const idle = find(false, scroll);
    const busy = find(true, scroll);
    if (!idle || !busy) continue;
    lines.push(
      `- ${scroll ? 'scrolling' : 'at rest'}: updating ÷ idle fps ${(busy.fps / idle.fps).toFixed(2)}×, main-thread busy ${(busy.busy * 100).toFixed(1)} % vs ${(idle.busy * 100).toFixed(1)} % (+${((busy.busy - idle.busy) * 100).toFixed(1)} points); target ≥ 30 fps: **${busy.fps >= 30 ? 'met' : 'NOT met'}** (${busy.fps.toFixed(1)} fps)`,
    );
  }
  return lines.join('\n');
}
