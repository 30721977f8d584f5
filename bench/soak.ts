import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Journal } from '../electron/store/journal';
import type { AlarmView } from '../shared/api/contract';
import type { DeskConfigInput } from '../shared/config/schema';
import { FLEET_AT } from '../test/helpers/fleet-time';
import { freePort, isFree, type NodeProcess, startNode, stopProcess } from '../test/helpers/processes';
import { SoakClient } from './soak-client';
import { SoakDuty } from './soak-duty';
import { type PointCount, type ProbeLine, readProbeLines, type Segment, segments } from './soak-figures';

/**
 * The 7×24 soak in fast time (issue 16). A real desk (out/main/headless.js,
 * probed from inside by soak-probe.mjs) polls a simulated fleet that throws
 * random faults, while the soak plays a week's life at `speed`× into it:
 * operators acknowledging alarms, storms taking a third of the stations off
 * the network, a configuration change every 10 simulated minutes, browser
 * tabs opening and closing, the sync server going away and coming back,
 * and desk restarts. Every simulated minute the probe records RSS, heap,
 * open descriptors, active handles and event-loop lag, and the soak the
 * sizes of the SQLite files. At the end every acknowledged action is looked
 * for in the journal.
 */
export type SoakOptions = {
  /** Simulated minutes. */
  minutes: number;
  /** Simulated time per wall time: a simulated minute lasts 60 s / speed. */
  speed: number;
  stations: number;
  /** Random faults per device per (real) day in the simulator. */
  faultsPerDay: number;
  pollIntervalMs: number;
  /** Desk restarts, spread evenly over the first `restartsWithin` of the run so the longest process life comes last. */
  restarts: number;
  restartsWithin: number;
  configEveryMin: number;
  stormEveryMin: number;
  stormLastsMin: number;
  /** The sync server goes down (and comes back) this often. */
  syncEveryMin: number;
  tabsPerMinute: number;
  tabLifeMin: number;
  acksPerMinute: number;
  /** A work order opened on an acknowledged active alarm this often, each taken to acceptance a step a minute (soak-duty.ts). */
  orderEveryMin: number;
  /** Simulated minutes of each desk process left out of the slopes. */
  warmupMin: number;
  /** Keep the soak's folder here instead of a temporary one that is removed. */
  keepDir: string | null;
  /**
   * Runs the desk on V8's interpreter alone (INTERPRETED; not
   * `--jitless`, which also drops the WebAssembly Node's fetch needs): no
   * compiled code, so the heap's slope is the data's. With the compilers,
   * functions that run once per alarm or configuration change are optimised
   * one by one for hours of a soak (bounded by the code, a slope all the same).
   */
  interpreted: boolean;
};

/**
 * A file named `stop` in the soak's folder ends the run at the next
 * simulated minute, with the usual checks and report over what ran: a long
 * soak that would outlast its session still leaves its figures.
 */
export const SOAK_STOP_FILE = 'stop';

/** V8 without its baseline and optimising compilers (see `interpreted`). */
export const INTERPRETED = ['--no-opt', '--no-sparkplug', '--no-maglev'];

export const defaultSoakOptions: SoakOptions = {
  minutes: 1200,
  speed: 10,
  stations: 12,
  faultsPerDay: 100,
  pollIntervalMs: 200,
  restarts: 3,
  restartsWithin: 0.5,
  configEveryMin: 10,
  stormEveryMin: 45,
  stormLastsMin: 8,
  syncEveryMin: 25,
  tabsPerMinute: 2,
  tabLifeMin: 3,
  acksPerMinute: 5,
  orderEveryMin: 15,
  warmupMin: 30,
  keepDir: null,
  interpreted: false,
};

export type SoakSizes = { t: number; journal: number; history: number; backups: number };

export type SoakResult = {
  options: SoakOptions;
  /** Simulated minutes that ran: `options.minutes` unless the stop file ended the run early. */
  minutesRun: number;
  wallMinutes: number;
  segments: Segment[];
  probes: ProbeLine[];
  /** The alarm points the desk listed, each simulated minute. */
  points: PointCount[];
  sizes: SoakSizes[];
  acks: { acknowledged: number; refused: number; missing: string[] };
  /** Work-order steps the desk confirmed, by journal type; refused ones; those confirmed but not in the journal. */
  orders: { confirmed: Record<string, number>; refused: number; missing: string[] };
  configChanges: { acknowledged: number; journalled: number };
  restarts: number;
  storms: number;
  syncToggles: number;
  tabs: { opened: number; failed: number };
  /** Desk exits the soak did not ask for, and lines of the desk's output about unhandled errors. */
  unexpectedExits: string[];
  unhandled: string[];
  chain: { ok: boolean; events: number };
  journalTypes: Record<string, number>;
};

const ADMIN = { user: 'soak-admin', password: 'soak-admin-password-1' };
const SYNC_TOKEN = 'soak-desk-sync-token-0123456789';
const UNHANDLED = /unhandled|uncaught|ERR_UNHANDLED_REJECTION/i;

/** N ports base+1…base+N that are free now, for the simulator's stations. */
export async function freeRange(n: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 30_000);
    let ok = true;
    for (let i = 1; i <= n && ok; i++) ok = await isFree(base + i);
    if (ok) return base;
  }
  throw new Error(`no ${n} free ports in a row`);
}

function bytes(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, name) => sum + bytes(join(path, name)), 0);
}

/** A simulator command answered "ok: …" (or the error it printed). */
function simCommand(sim: NodeProcess, command: string): Promise<string> {
  return new Promise((done) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('\n')) {
        sim.child.stdout?.off('data', onData);
        done(text.trim());
      }
    };
    sim.child.stdout?.on('data', onData);
    sim.child.stdin?.write(`${command}\n`);
  });
}

const DESK_RUNNING = /is running: (https?:\/\/[^/\s]+)\//;

/**
 * A headless desk with the soak's probe loaded (bench/soak-probe.mjs, a
 * line every `probeMs` with the heap after a forced collection), its admin
 * account from the environment, on the interpreter alone if asked.
 */
export async function startProbedDesk(desk: {
  configPath: string;
  dataDir: string;
  probeFile: string;
  probeMs: number;
  admin: { user: string; password: string };
  interpreted: boolean;
  env?: Record<string, string>;
}): Promise<{ proc: NodeProcess; url: string }> {
  const proc = await startNode(
    '--expose-gc',
    [
      ...(desk.interpreted ? INTERPRETED : []),
      ...['--import', resolve('bench/soak-probe.mjs'), 'out/main/headless.js'],
      ...['--config', desk.configPath, '--data', desk.dataDir, '--port', '0'],
    ],
    {
      env: {
        ...desk.env,
        DUTYDESK_ADMIN_USER: desk.admin.user,
        DUTYDESK_ADMIN_PASSWORD: desk.admin.password,
        SOAK_PROBE_FILE: desk.probeFile,
        SOAK_PROBE_MS: String(desk.probeMs),
      },
      ready: DESK_RUNNING,
      timeoutMs: 120_000,
    },
  );
  return { proc, url: DESK_RUNNING.exec(proc.output())?.[1] ?? '' };
}

export async function measureSoak(options: SoakOptions, say: (line: string) => void): Promise<SoakResult> {
  const dir = options.keepDir ?? mkdtempSync(join(tmpdir(), 'dutydesk-soak-'));
  const dataDir = join(dir, 'data');
  const configPath = join(dir, 'stations.json');
  const probeFile = join(dir, 'probe.ndjson');
  const minuteMs = 60_000 / options.speed;

  mkdirSync(dataDir, { recursive: true });
  const base = await freeRange(options.stations);
  const sim = await startNode(
    'out/main/sim.js',
    [
      ...['--write-config', configPath, '--stations', String(options.stations), '--seed', '7'],
      ...['--faults-per-day', String(options.faultsPerDay), '--at', FLEET_AT, '--base-port', String(base)],
    ],
    { ready: /Type help/ },
  );
  try {
    return await soakWithFleet(options, say, {
      dir,
      dataDir,
      configPath,
      probeFile,
      minuteMs,
      sim,
    });
  } finally {
    await stopProcess(sim);
    if (!options.keepDir) rmSync(dir, { recursive: true, force: true });
  }
}

type SoakPlace = {
  dir: string;
  dataDir: string;
  configPath: string;
  probeFile: string;
  minuteMs: number;
  sim: NodeProcess;
};

async function soakWithFleet(
  options: SoakOptions,
  say: (line: string) => void,
  { dir, dataDir, configPath, probeFile, minuteMs, sim }: SoakPlace,
): Promise<SoakResult> {
  const written = JSON.parse(readFileSync(configPath, 'utf8')) as DeskConfigInput;
  const config: DeskConfigInput = {
    ...written,
    pollIntervalMs: options.pollIntervalMs,
    // Backups at the soak's pace: hourly fulls, increments every few wall minutes.
    backup: { enabled: true, dir: 'backups', fullEveryHours: 1, incrementalEveryMinutes: 5 },
  };
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  const stationIds = (config.stations ?? []).map((s) => s.id);

  // The desk id is made when the journal is first opened; the sync server must know it in advance.
  const first = Journal.open(join(dataDir, 'journal.sqlite'));
  const deskId = first.deskId;
  first.close();
  const serverPort = await freePort();
  const startServer = () =>
    startNode('out/main/server.js', ['--port', String(serverPort), '--data', join(dir, 'server')], {
      env: {
        DUTYDESK_SERVER_DESKS: JSON.stringify([
          { id: deskId, name: 'soak', sha256: createHash('sha256').update(SYNC_TOKEN).digest('hex') },
        ]),
        DATABASE_URL: '',
      },
      ready: /sync server on/,
      timeoutMs: 60_000,
    });

  let deskOutput = '';
  const unexpectedExits: string[] = [];
  let stopping = false;
  const startDesk = async () => {
    const { proc, url } = await startProbedDesk({
      configPath,
      dataDir,
      probeFile,
      probeMs: Math.round(minuteMs),
      admin: ADMIN,
      interpreted: options.interpreted,
      env: {
        DUTYDESK_SYNC_URL: `http://127.0.0.1:${serverPort}`,
        DUTYDESK_SYNC_TOKEN: SYNC_TOKEN,
        DUTYDESK_SYNC_INTERVAL_MS: String(Math.max(500, Math.round(minuteMs / 2))),
      },
    });
    proc.child.once('exit', (code, signal) => {
      deskOutput += proc.output();
      if (!stopping) unexpectedExits.push(`desk ${proc.child.pid} exited (${code ?? signal})`);
    });
    return { proc, url };
  };
  const operator = async (url: string) => {
    const client = await SoakClient.open(url);
    await client.request('auth.login', ADMIN);
    return client;
  };

  let server: NodeProcess | null = await startServer();
  let desk: Awaited<ReturnType<typeof startDesk>> | null = null;
  let admin: SoakClient | null = null;
  const tabs: { client: SoakClient; until: number }[] = [];
  const acked = new Map<string, number>();
  const result = {
    acks: { acknowledged: 0, refused: 0 },
    configChanges: 0,
    restarts: 0,
    storms: 0,
    syncToggles: 0,
    tabs: { opened: 0, failed: 0 },
  };
  const sizes: SoakSizes[] = [];
  const points: PointCount[] = [];
  const restartAt = new Set(
    Array.from({ length: options.restarts }, (_, i) =>
      Math.round(((i + 1) * options.minutes * options.restartsWithin) / (options.restarts + 1)),
    ),
  );
  let storm: { until: number; stations: string[] } | null = null;
  const duty = new SoakDuty(options.orderEveryMin);
  const started = Date.now();
  let minutesRun = 0;

  try {
    desk = await startDesk();
    admin = await operator(desk.url);
    for (let minute = 1; minute <= options.minutes; minute++) {
      const due = started + minute * minuteMs;
      await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now())));
      if (existsSync(join(dir, SOAK_STOP_FILE))) {
        say(`soak: stop file found, ending after ${minutesRun} simulated minutes`);
        break;
      }
      minutesRun = minute;

      if (restartAt.has(minute)) {
        for (const tab of tabs.splice(0)) await tab.client.close();
        await admin.close();
        stopping = true;
        await stopProcess(desk.proc);
        stopping = false;
        desk = await startDesk();
        admin = await operator(desk.url);
        result.restarts++;
        say(`soak: minute ${minute}, desk restarted (${result.restarts})`);
      }
      if (storm && minute >= storm.until) {
        for (const id of storm.stations) await simCommand(sim, `online ${id}`);
        storm = null;
      }
      if (minute % options.stormEveryMin === 0 && !storm) {
        const hit = stationIds.filter((_, i) => (i + result.storms) % 3 === 0);
        for (const id of hit) await simCommand(sim, `offline ${id}`);
        storm = { until: minute + options.stormLastsMin, stations: hit };
        result.storms++;
      }
      if (minute % options.syncEveryMin === 0) {
        if (server) {
          await stopProcess(server);
          server = null;
        } else server = await startServer();
        result.syncToggles++;
      }
      if (minute % options.configEveryMin === 0) {
        const view = await admin.request('config.get', {});
        const stations = view.config.stations.map((s, i) =>
          i === 0 ? { ...s, name: s.name.endsWith(' ·') ? s.name.slice(0, -2) : `${s.name} ·` } : s,
        );
        await admin.request('config.update', {
          config: { ...view.config, stations },
          reason: `soak minute ${minute}: station name`,
        });
        result.configChanges++;
      }
      const alarms = await acknowledge(admin, options.acksPerMinute, acked, result.acks);
      points.push({ t: Date.now(), n: alarms.length });
      await duty.minute(admin, minute, alarms);
      for (let i = tabs.length - 1; i >= 0; i--) {
        const tab = tabs[i];
        if (tab && tab.until <= minute) {
          tabs.splice(i, 1);
          await tab.client.close();
        }
      }
      for (let i = 0; i < options.tabsPerMinute; i++) {
        try {
          const client = await SoakClient.open(desk.url);
          await client.request('desk.info', {});
          await client.request('fleet.snapshot', {});
          await client.request('alarms.list', {});
          tabs.push({ client, until: minute + options.tabLifeMin });
          result.tabs.opened++;
        } catch {
          result.tabs.failed++;
        }
      }
      sizes.push({
        t: Date.now(),
        journal: bytes(join(dataDir, 'journal.sqlite')) + bytes(join(dataDir, 'journal.sqlite-wal')),
        history: bytes(join(dataDir, 'history.sqlite')) + bytes(join(dataDir, 'history.sqlite-wal')),
        backups: bytes(join(dataDir, 'backups')),
      });
      if (minute % 60 === 0) say(`soak: ${minute} of ${options.minutes} simulated minutes`);
    }
  } finally {
    for (const tab of tabs.splice(0)) await tab.client.close();
    await admin?.close();
    stopping = true;
    await stopProcess(desk?.proc);
    await stopProcess(server);
  }
  const wallMinutes = (Date.now() - started) / 60_000;

  const journal = Journal.open(join(dataDir, 'journal.sqlite'));
  let check: Pick<SoakResult, 'chain' | 'journalTypes' | 'configChanges'> & { missing: string[] };
  const confirmed = Object.fromEntries(duty.confirmed);
  try {
    const verified = journal.verify();
    const journalTypes: Record<string, number> = {};
    const ackedInJournal = new Map<string, number>();
    for (let after = 0; ; ) {
      const page = journal.read({ afterSeq: after, limit: 5000 });
      if (page.length === 0) break;
      for (const event of page) {
        journalTypes[event.type] = (journalTypes[event.type] ?? 0) + 1;
        if (event.type === 'alarm.acked')
          ackedInJournal.set(event.subject, (ackedInJournal.get(event.subject) ?? 0) + 1);
      }
      after = page.at(-1)?.seq ?? after;
    }
    check = {
      chain: { ok: verified.ok, events: verified.ok ? verified.count : journal.count() },
      journalTypes,
      configChanges: { acknowledged: result.configChanges, journalled: journalTypes['config.changed'] ?? 0 },
      missing: [...acked].flatMap(([id, n]) =>
        (ackedInJournal.get(id) ?? 0) >= n
          ? []
          : [`${id}: ${n} acked, ${ackedInJournal.get(id) ?? 0} in journal`],
      ),
    };
  } finally {
    journal.close();
  }
  const probes = readProbeLines(probeFile);
  return {
    options,
    minutesRun,
    wallMinutes,
    segments: segments(probes, options.warmupMin * minuteMs, options.speed, points),
    probes,
    points,
    sizes,
    acks: { ...result.acks, missing: check.missing },
    orders: {
      confirmed,
      refused: duty.refused,
      missing: Object.entries(confirmed).flatMap(([type, n]) =>
        (check.journalTypes[type] ?? 0) >= n
          ? []
          : [`${type}: ${n} confirmed, ${check.journalTypes[type] ?? 0} in journal`],
      ),
    },
    configChanges: check.configChanges,
    restarts: result.restarts,
    storms: result.storms,
    syncToggles: result.syncToggles,
    tabs: result.tabs,
    unexpectedExits,
    unhandled: deskOutput.split('\n').filter((l) => UNHANDLED.test(l)),
    chain: check.chain,
    journalTypes: check.journalTypes,
  };
}

/** Acknowledges up to `limit` unacknowledged alarms, counting each the desk confirmed; returns the alarm points it listed. */
async function acknowledge(
  admin: SoakClient,
  limit: number,
  acked: Map<string, number>,
  counts: { acknowledged: number; refused: number },
): Promise<AlarmView[]> {
  const page = await admin.request('alarms.list', {});
  const waiting = page.alarms.filter((a) => a.state.endsWith('-unacknowledged')).slice(0, limit);
  for (const alarm of waiting) {
    try {
      await admin.request('alarm.ack', { id: alarm.id });
      acked.set(alarm.id, (acked.get(alarm.id) ?? 0) + 1);
      counts.acknowledged++;
    } catch {
      // Cleared and gone between the list and the ack: refused, not acknowledged.
      counts.refused++;
    }
  }
  return page.alarms;
}
