import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { build } from 'vite';
import { WEBGL_LAUNCH } from '../test/helpers/chromium';
import { median } from './stats';

/**
 * The station map with 5,000 stations in headless Chromium (WebGL through
 * SwiftShader: no GPU here, so absolute figures are a floor), against the
 * same page with the basemap only, in the same run: time to first render
 * (map created → first idle) and frame rate while panning.
 */
export type MapBenchOptions = { stations: number; rounds: number; panMs: number };
export const defaultMapOptions: MapBenchOptions = { stations: 5000, rounds: 3, panMs: 5000 };

type Run = { firstRenderMs: number; frames: number; panMs: number; fps: number };
export type MapBench = { options: MapBenchOptions; baseline: Run[]; stations: Run[] };

const PAGE_DIR = resolve('out/bench-map-page');
const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
};

async function buildPage(): Promise<void> {
  await build({
    configFile: false,
    root: resolve('bench'),
    base: './',
    logLevel: 'warn',
    build: {
      outDir: PAGE_DIR,
      emptyOutDir: true,
      chunkSizeWarningLimit: 4096,
      rollupOptions: { input: resolve('bench/map-page.html') },
    },
  });
}

function serve(root: string): Promise<Server> {
  const server = createServer(async (request, response) => {
    const path = normalize(join(root, decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)));
    if (!path.startsWith(root)) {
      response.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(path.endsWith('/') ? join(path, 'map-page.html') : path);
      response
        .writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' })
        .end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

export async function measureMap(options: MapBenchOptions, log: (line: string) => void): Promise<MapBench> {
  await buildPage();
  const server = await serve(PAGE_DIR);
  const { port } = server.address() as AddressInfo;
  const browser = await chromium.launch(WEBGL_LAUNCH);
  const result: MapBench = { options, baseline: [], stations: [] };
  try {
    // Alternating, so drift in the machine's load hits both sides alike.
    for (let round = 0; round < options.rounds; round++) {
      for (const withStations of [false, true]) {
        const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
        await page.goto(`http://127.0.0.1:${port}/map-page.html`);
        await page.waitForSelector('body[data-ready="true"]');
        const run = await page.evaluate(
          ({ withStations, stations, panMs }) =>
            (
              window as unknown as {
                runMapBench(w: boolean, s: number, p: number): Promise<Run>;
              }
            ).runMapBench(withStations, stations, panMs),
          { withStations, stations: options.stations, panMs: options.panMs },
        );
        await page.close();
        (withStations ? result.stations : result.baseline).push(run);
        log(
          `  round ${round + 1} ${withStations ? `${options.stations} stations` : 'basemap only'}: first render ${run.firstRenderMs.toFixed(0)} ms, ${run.fps.toFixed(1)} fps panning`,
        );
      }
    }
  } finally {
    await browser.close();
    server.close();
  }
  return result;
}

export function mapReport(bench: MapBench): string {
  const first = (runs: Run[]) => median(runs.map((r) => r.firstRenderMs));
  const fps = (runs: Run[]) => median(runs.map((r) => r.fps));
  const { stations, rounds, panMs } = bench.options;
  return [
    `${stations.toLocaleString('en')} stations (synthetic, 3 % abnormal) as one clustered GeoJSON source with the desk's own layers, on the desk's offline basemap, 1600×1000, headless Chromium with SwiftShader (software WebGL: no GPU on this machine). Baseline: the same page and basemap without the station layer. Medians of ${rounds} alternating rounds; panning is ${panMs / 1000} s of one step per animation frame.`,
    '',
    '| | basemap only | with stations | ratio |',
    '| --- | --- | --- | --- |',
    `| time to first render | ${first(bench.baseline).toFixed(0)} ms | ${first(bench.stations).toFixed(0)} ms | ${(first(bench.stations) / first(bench.baseline)).toFixed(2)}× |`,
    `| frame rate while panning | ${fps(bench.baseline).toFixed(1)} fps | ${fps(bench.stations).toFixed(1)} fps | ${(fps(bench.stations) / fps(bench.baseline)).toFixed(2)}× |`,
  ].join('\n');
}
