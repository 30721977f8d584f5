import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium, type Page } from '@playwright/test';
import { createLogger } from '../electron/log/logger';
import { Journal } from '../electron/store/journal';
import { startDuty } from '../electron/workorders/duty';
import { loadProfiles } from '../node/profiles';
import { resourcesDir } from '../node/resources';
import type { AlarmsDelta } from '../shared/api/contract';
import type { Device } from '../shared/api/model';
import { DeskConfig } from '../shared/config/schema';
import { DEFAULT_SLA_SETTINGS } from '../shared/triage/sla';
import { ModbusGateway } from '../sim/modbus-server';
import { RegisterImage } from '../sim/register-image';
import { BENCH_LAUNCH } from '../test/helpers/chromium';
import { testStatus } from '../test/helpers/fleet-fixtures';
import { type HeadlessDesk, startHeadless, stopProcess } from '../test/helpers/processes';
import { FAULT_BITS, fleetFor, UNITS_PER_GATEWAY } from './storm-fleet';

/**
 * Alarm storm: N alarms raised within S seconds (issue 5: 10,000 in 10 s).
 *
 * 1. The engine path alone: the desk's alarm queue as the engine composes
 *    it (startDuty: AlarmService, work orders, applications, one SQLite
 *    journal with synchronous=FULL) fed the status changes of the storm as
 *    fast as it takes them, a hundredth of the fleet per telemetry flush.
 *    Target: ≥ 10× the storm rate.
 * 2. The real path end to end: 1,000 simulated 7 kW chargers behind 50
 *    Modbus TCP gateways in this process, a headless desk polling them in
 *    its own process, the queue open in headless Chromium. Every charger's
 *    fault word gets its ten bits set, a tenth of a second's share at a
 *    time over S seconds. Measured in the page: frames per second before
 *    (idle baseline) and during the storm, and when the header first counts
 *    all N alarms unacknowledged; in the desk: the CPU it spent on the storm
 *    over its idle polling, as alarms per CPU-second (its throughput on the
 *    real path: poll, decode, alarm queue, journal, push). Then the page is
 *    opened again, as a monitor coming to the desk mid-storm would, and
 *    timed until it counts all N.
 */
export type StormResult = {
  alarms: number;
  stormSeconds: number;
  /** As the desk runs it: journal committed with synchronous=FULL. */
  engine: EngineRun;
  /** The same with synchronous=NORMAL: how much of the cost is the fsync. */
  engineNoFsync: EngineRun;
  browser: {
    /** Alarms per second of desk CPU spent above its idle polling; null without /proc. */
    deskPerCpuSecond: number | null;
    /** CPU cores the desk process used, idle and during the storm. */
    deskIdleCores: number | null;
    deskStormCores: number | null;
    /** From reopening the page to the header counting every alarm; null if it never did within a minute. */
    reopenedMs: number | null;
    idleFps: number;
    stormFps: number;
    /** Longest gap between two frames during the storm. */
    worstFrameMs: number;
    /** From the first fault written to the header counting every alarm. */
    allShownMs: number;
    /** From the last fault written to the header counting every alarm. */
    afterLastMs: number;
    /** Rows in the queue once all were shown (one per alarm: grouping off). */
    rows: number;
  };
};

type EngineRun = {
  seconds: number;
  perSecond: number;
  journalEvents: number;
  /** Journal transactions (appendMany calls): one per engine turn. */
  transactions: number;
  deltas: number;
};

const ALL_FAULTS = (1 << FAULT_BITS.length) - 1;
const ADMIN = { user: 'bench', password: 'bench storm password' };

const now = () => performance.timeOrigin + performance.now();

async function measureEngine(alarms: number, synchronous: 'FULL' | 'NORMAL'): Promise<EngineRun> {
  const chargers = alarms / FAULT_BITS.length;
  const dir = mkdtempSync(join(tmpdir(), 'dutydesk-storm-engine-'));
  const journal = Journal.open(join(dir, 'journal.sqlite'), { synchronous });
  let transactions = 0;
  const appendMany = journal.appendMany.bind(journal);
  journal.appendMany = (inputs) => {
    transactions += 1;
    return appendMany(inputs);
  };
  const deltas: AlarmsDelta[] = [];
  const duty = startDuty({
    journal,
    emit: (frame) => {
      if (frame.event === 'alarms.delta') deltas.push(frame.data as AlarmsDelta);
    },
    log: createLogger('bench', () => {}),
    sla: DEFAULT_SLA_SETTINGS,
  });
  try {
    const { stations, devices } = fleetFor(chargers, (g) => `10.0.${g}.1:502`);
    duty.setFleet(stations, devices, loadProfiles(join(resourcesDir(), 'profiles')), DEFAULT_SLA_SETTINGS);
    const since = Date.now();
    const online = (d: Device, faults: readonly string[]) => testStatus(d.id, faults, since);
    duty.onTelemetry({ status: devices.map((d) => online(d, [])), samples: [] });
    const before = journal.count();
    const transactionsBefore = transactions;
    const deltasBefore = deltas.length;
    // One telemetry flush carries a poll cycle's worth of changes: a tenth of the storm per flush.
    const perFlush = Math.max(1, Math.floor(devices.length / 100));
    const started = now();
    for (let i = 0; i < devices.length; i += perFlush) {
      duty.onTelemetry({
        status: devices.slice(i, i + perFlush).map((d) => online(d, FAULT_BITS)),
        samples: [],
      });
    }
    const seconds = (now() - started) / 1000;
    const { alarms: raised } = await duty.api['alarms.list']({}, { user: 'bench', role: 'admin' });
    const active = raised.filter((a) => a.state === 'active-unacknowledged').length;
    if (active !== alarms) throw new Error(`engine raised ${active} alarms, expected ${alarms}`);
    return {
      seconds,
      perSecond: alarms / seconds,
      journalEvents: journal.count() - before,
      transactions: transactions - transactionsBefore,
      deltas: deltas.length - deltasBefore,
    };
  } finally {
    duty.stop();
    journal.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A frame counter in the page, and the moment the header first counts `expected` unacknowledged alarms. */
async function instrument(page: Page, expected: number): Promise<void> {
  await page.evaluate((want) => {
    const w = window as unknown as { stormFrames: number[]; allShownAt: number | null };
    w.stormFrames = [];
    w.allShownAt = null;
    const counters = [...document.querySelectorAll('[data-testid^="unacked-"]')];
    // window.performance: this function runs in the page, where the bundler's name for Node's performance means nothing.
    const tick = () => {
      const at = window.performance.timeOrigin + window.performance.now();
      w.stormFrames.push(at);
      if (w.allShownAt === null) {
        const sum = counters.reduce((n, c) => n + Number(c.getAttribute('data-count') ?? 0), 0);
        if (sum >= want) w.allShownAt = at;
      }
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }, expected);
}

/** Frames per second and the longest frame between two moments, from the page's `stormFrames` (drill.ts fills it too). */
export async function framesBetween(
  page: Page,
  from: number,
  to: number,
): Promise<{ fps: number; worstMs: number }> {
  const frames = await page.evaluate(() => (window as unknown as { stormFrames: number[] }).stormFrames);
  const inside = frames.filter((t) => t >= from && t <= to);
  let worstMs = 0;
  for (let i = 1; i < inside.length; i++)
    worstMs = Math.max(worstMs, (inside[i] ?? 0) - (inside[i - 1] ?? 0));
  return { fps: (inside.length / (to - from)) * 1000, worstMs };
}

/** Clock ticks per second of /proc's CPU times. */
const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU seconds (user + system) a process has used so far, from /proc; null where there is none. */
function cpuSecondsOf(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

async function openQueue(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await signIn(page);
  await page.keyboard.press('F3');
  await page.getByTestId('alarm-grouping').selectOption('alarms');
  await page.getByTestId('alarm-list').focus();
}

async function signIn(page: Page): Promise<void> {
  const dialog = page.getByTestId('auth-signin');
  await page.getByTestId('auth-open-signin').or(dialog).first().waitFor({ timeout: 30_000 });
  if (!(await dialog.isVisible())) await page.getByTestId('auth-open-signin').click();
  await dialog.getByLabel('User name').fill(ADMIN.user);
  await dialog.getByLabel('Password').fill(ADMIN.password);
  await dialog.getByLabel('Password').press('Enter');
  await dialog.waitFor({ state: 'hidden' });
}

async function measureBrowser(
  alarms: number,
  stormSeconds: number,
  port: number,
  say: (line: string) => void,
): Promise<StormResult['browser']> {
  const chargers = alarms / FAULT_BITS.length;
  const profile = loadProfiles(join(resourcesDir(), 'profiles')).get('ac-7kw');
  if (!profile) throw new Error('no ac-7kw profile');
  const gateways: ModbusGateway[] = [];
  const images: RegisterImage[] = [];
  for (let g = 0; g < Math.ceil(chargers / UNITS_PER_GATEWAY); g++) {
    const gateway = new ModbusGateway();
    for (let unitId = 1; unitId <= UNITS_PER_GATEWAY && images.length < chargers; unitId++) {
      const image = new RegisterImage(profile);
      image.writePoint('gun1.state', 'idle');
      image.writePoint('powerLimit', 7);
      gateway.addUnit(unitId, image);
      images.push(image);
    }
    gateways.push(gateway);
  }
  const ports = await Promise.all(gateways.map((g) => g.listen(0, '127.0.0.1')));
  const { stations, devices } = fleetFor(chargers, (g) => `127.0.0.1:${ports[g]}`);
  const dir = mkdtempSync(join(tmpdir(), 'dutydesk-storm-'));
  const configPath = join(dir, 'fleet.json');
  writeFileSync(
    configPath,
    JSON.stringify(
      DeskConfig.parse({
        pollIntervalMs: 1000,
        timeoutMs: 1000,
        stations,
        devices: devices.map((d) => ({
          id: d.id,
          stationId: d.stationId,
          name: d.name,
          profile: d.profile,
          host: '127.0.0.1',
          port: Number(d.endpoint.split(':')[1]),
          unitId: d.unitId,
        })),
      }),
    ),
  );

  let desk: HeadlessDesk | null = null;
  const browser = await chromium.launch(BENCH_LAUNCH);
  try {
    desk = await startHeadless(['--port', String(port), '--config', configPath, '--data', dir], {
      stderr: 'inherit',
      env: {
        DUTYDESK_LOG_LEVEL: 'error',
        DUTYDESK_ADMIN_USER: ADMIN.user,
        DUTYDESK_ADMIN_PASSWORD: ADMIN.password,
      },
    });
    const url = `http://127.0.0.1:${port}/?lang=en`;
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await openQueue(page, url);
    // A few poll cycles, so every charger has answered and the storm is not mixed with connection set-up.
    await page.waitForTimeout(5000);
    await instrument(page, alarms);

    const idleFrom = now();
    const idleCpu = cpuSecondsOf(desk.child.pid);
    await page.waitForTimeout(5000);
    const idleTo = now();
    const idle = await framesBetween(page, idleFrom, idleTo);
    const stormCpu = cpuSecondsOf(desk.child.pid);
    say(`  idle baseline: ${idle.fps.toFixed(1)} fps`);

    const slices = stormSeconds * 10;
    const stormFrom = now();
    let lastWrite = stormFrom;
    for (let s = 0; s < slices; s++) {
      const at = stormFrom + (s * 1000) / 10;
      await new Promise((r) => setTimeout(r, Math.max(0, at - now())));
      for (let i = s; i < images.length; i += slices) images[i]?.writePoint('faults', ALL_FAULTS);
      lastWrite = now();
    }
    const shownAt = await page
      .waitForFunction(() => (window as unknown as { allShownAt: number | null }).allShownAt, undefined, {
        timeout: 120_000,
        polling: 250,
      })
      .then((handle) => handle.jsonValue() as Promise<number>);
    const stormEndCpu = cpuSecondsOf(desk.child.pid);
    const storm = await framesBetween(page, stormFrom, shownAt);
    const rows = Number(await page.getByTestId('alarm-count').getAttribute('data-shown'));
    say(
      `  storm: ${storm.fps.toFixed(1)} fps, all ${alarms} shown after ${((shownAt - stormFrom) / 1000).toFixed(1)} s`,
    );
    const cores =
      idleCpu !== null && stormCpu !== null && stormEndCpu !== null
        ? {
            idle: (stormCpu - idleCpu) / ((idleTo - idleFrom) / 1000),
            storm: (stormEndCpu - stormCpu) / ((shownAt - stormFrom) / 1000),
          }
        : null;
    const stormCpuSeconds = cores ? (cores.storm - cores.idle) * ((shownAt - stormFrom) / 1000) : 0;
    const deskPerCpuSecond = cores && stormCpuSeconds > 0 ? alarms / stormCpuSeconds : null;
    if (cores) say(`  desk: ${cores.idle.toFixed(2)} cores idle, ${cores.storm.toFixed(2)} during the storm`);

    const reopenFrom = now();
    await openQueue(page, url);
    await instrument(page, alarms);
    const reopenedAt = await page
      .waitForFunction(() => (window as unknown as { allShownAt: number | null }).allShownAt, undefined, {
        timeout: 60_000,
        polling: 250,
      })
      .then((handle) => handle.jsonValue() as Promise<number>)
      .catch(() => null);
    const reopenedMs = reopenedAt === null ? null : reopenedAt - reopenFrom;
    say(
      `  reopened: ${reopenedMs === null ? 'not all shown within 60 s' : `all shown after ${(reopenedMs / 1000).toFixed(1)} s`}`,
    );
    return {
      deskPerCpuSecond,
      deskIdleCores: cores?.idle ?? null,
      deskStormCores: cores?.storm ?? null,
      reopenedMs,
      idleFps: idle.fps,
      stormFps: storm.fps,
      worstFrameMs: storm.worstMs,
      allShownMs: shownAt - stormFrom,
      afterLastMs: shownAt - lastWrite,
      rows,
    };
  } finally {
    await browser.close();
    await stopProcess(desk);
    await Promise.all(gateways.map((g) => g.close()));
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function measureStorm(
  options: { alarms: number; seconds: number; port: number },
  say: (line: string) => void,
): Promise<StormResult> {
  if (options.alarms % FAULT_BITS.length !== 0)
    throw new Error(`--alarms must be a multiple of ${FAULT_BITS.length} (alarm points per charger)`);
  // One storm unmeasured first, so both runs meet code the JIT has seen, as in a desk that has been running.
  await measureEngine(options.alarms, 'NORMAL');
  const engineNoFsync = await measureEngine(options.alarms, 'NORMAL');
  say(`  engine path alone, journal synchronous=NORMAL: ${Math.round(engineNoFsync.perSecond)} alarms/s`);
  const engine = await measureEngine(options.alarms, 'FULL');
  say(`  engine path alone, synchronous=FULL (as shipped): ${Math.round(engine.perSecond)} alarms/s`);
  const browser = await measureBrowser(options.alarms, options.seconds, options.port, say);
  return { alarms: options.alarms, stormSeconds: options.seconds, engine, engineNoFsync, browser };
}

export function stormReport(r: StormResult): string {
  const rate = r.alarms / r.stormSeconds;
  const n = (x: number) => Math.round(x).toLocaleString('en-US');
  const b = r.browser;
  const e = r.engine;
  const desk =
    b.deskPerCpuSecond === null
      ? '| real path, desk throughput per CPU-second over idle polling | not measured (no /proc) | ≥ 10× the storm rate | — |'
      : `| real path, desk throughput per CPU-second over idle polling (poll, decode, alarm queue, journal, push) | ${n(b.deskPerCpuSecond)} alarms/s (desk ${b.deskIdleCores?.toFixed(2)} cores idle, ${b.deskStormCores?.toFixed(2)} during the storm) | ≥ ${n(rate * 10)}/s | ${(b.deskPerCpuSecond / rate).toFixed(2)}× the storm rate |`;
  return [
    `${n(r.alarms)} alarms raised within ${r.stormSeconds} s (${n(rate)}/s).`,
    '',
    '| measure | value | target | ratio |',
    '| --- | --- | --- | --- |',
    `| engine path alone, as shipped (alarm service + journal, synchronous=FULL), as fast as it takes them | ${n(e.perSecond)} alarms/s (${n(e.journalEvents)} journal events in ${n(e.transactions)} transactions, ${n(e.deltas)} deltas) | ≥ ${n(rate * 10)}/s | ${(e.perSecond / rate).toFixed(2)}× the storm rate |`,
    `| … the same with synchronous=NORMAL (no fsync per commit) | ${n(r.engineNoFsync.perSecond)} alarms/s | — | ${(r.engineNoFsync.perSecond / rate).toFixed(2)}× the storm rate; fsync costs ${(r.engineNoFsync.perSecond / e.perSecond).toFixed(1)}× |`,
    desk,
    `| renderer frame rate, idle baseline | ${b.idleFps.toFixed(1)} fps | — | — |`,
    `| renderer frame rate during the storm | ${b.stormFps.toFixed(1)} fps (longest frame ${n(b.worstFrameMs)} ms) | ≥ 30 fps | ${(b.stormFps / b.idleFps).toFixed(2)}× idle |`,
    `| queue shows all alarms, from the first fault | ${(b.allShownMs / 1000).toFixed(1)} s | — | — |`,
    `| … from the last fault written | ${(b.afterLastMs / 1000).toFixed(1)} s | ≤ poll interval + 1 s | — |`,
    `| queue opened again after the storm shows all alarms | ${b.reopenedMs === null ? 'not within 60 s' : `${(b.reopenedMs / 1000).toFixed(1)} s`} | — | — |`,
    '',
    `Real path: ${n(r.alarms / FAULT_BITS.length)} simulated chargers on ${n(Math.ceil(r.alarms / FAULT_BITS.length / UNITS_PER_GATEWAY))} Modbus TCP gateways, polled at 1 s by a headless desk in its own process, the queue (${n(b.rows)} rows, one per alarm, grouping off) open in headless Chromium at 1920×1080.`,
  ].join('\n');
}
