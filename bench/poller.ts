import { type ChildProcess, fork, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { scheduleBlocks } from '../electron/acquisition/poller';
import { loadProfiles } from '../node/profiles';
import { resourcesDir } from '../node/resources';
import type { DeskConfigInput } from '../shared/config/schema';
import type { Profile } from '../shared/profile/schema';
import type { BenchBlock, FromChild, FromServer, Sample, ToChild } from './fleet-protocol';
import { ms, summarize } from './stats';

/**
 * Station link at fleet scale: 5,000 simulated devices (G gateway ports × U
 * unit ids) served by a simulator in its own process, polled by the real
 * engine in another, compared with a bare jsmodbus read loop run in the same
 * kind of process against the same servers in the same run.
 */

export type PollerOptions = {
  gateways: number;
  units: number;
  profile: string;
  timeoutMs: number;
  /** The smallest interval the config schema accepts; at 5,000 devices it keeps every link busy. */
  fullSpeedIntervalMs: number;
  warmupS: number;
  measureS: number;
  /** Alternating rounds of baseline and poller at full speed; the best of each is compared. */
  rounds: number;
  /** Longer, as the 1 Hz figures are small and steady. */
  slowMeasureS: number;
  /**
   * How long to wait for a silent gateway's devices to go comm-lost: one
   * device at a time, two timeouts each, is 2 × 20 × 1 s, plus slack.
   */
  silentDeadlineS: number;
  /** Write V8 CPU profiles of the engine children here (node --cpu-prof). */
  cpuProfileDir: string | null;
};

export const defaultPollerOptions: PollerOptions = {
  gateways: 250,
  units: 20,
  profile: 'ac-7kw',
  timeoutMs: 1000,
  fullSpeedIntervalMs: 100,
  warmupS: 3,
  measureS: 8,
  rounds: 2,
  slowMeasureS: 15,
  silentDeadlineS: 45,
  cpuProfileDir: null,
};

export type Throughput = {
  seconds: number;
  readsPerS: number;
  failedPerS: number;
  /** CPU of the measured process over the window, in cores (1 = one core busy). */
  cpuCores: number;
  /** The kernel's part of cpuCores: socket syscalls, and on loopback the peer's TCP receive path too. */
  systemCores: number;
  cpuUsPerRead: number;
  /** Event-loop utilization of the measured process, 0–1. */
  elu: number;
  simulatorCores: number;
  /** Everything else on the machine over the window, in cores: other work skews every figure above. */
  otherCores: number;
};

export type CommLoss = {
  fault: 'drop' | 'silent';
  gateway: number;
  devices: number;
  /** From the fault to comm-lost on the desk, per device that went comm-lost before the deadline. */
  lost: ReturnType<typeof summarize>;
  /** From clearing the fault to online again. */
  back: ReturnType<typeof summarize>;
  deadlineMs: number;
  /** Engine CPU over the first FAULT_CPU_WINDOW_MS of the fault, in cores. */
  cpuCores: number;
};

export type PollerResult = {
  options: PollerOptions;
  devices: number;
  blocks: BenchBlock[];
  /** What a 1 Hz poll of every device costs in reads per second, from the profile's schedule. */
  expectedReadsPerS: number;
  barePerUnit: Throughput;
  /** One per round; rounds alternate with the poller's so load from elsewhere hits both alike. */
  bareShared: Throughput[];
  full: Throughput[];
  slow: Throughput;
  drop: CommLoss;
  silent: CommLoss;
};

const sleep = (milliseconds: number) => new Promise((r) => setTimeout(r, milliseconds));
/**
 * `promise`, or nothing after `milliseconds`; the timer is cleared either way,
 * or a race lost by the sleep would hold the process open until it fires.
 */
async function within(promise: Promise<unknown>, milliseconds: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise, new Promise((r) => (timer = setTimeout(r, milliseconds)))]);
  clearTimeout(timer);
}
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

/** The blocks our poller reads for this profile, so the baseline reads exactly the same. */
function scheduleOf(profile: Profile): BenchBlock[] {
  return scheduleBlocks(profile).map((b) => {
    // The bare jsmodbus baseline reads registers only; no benched profile has coils.
    if (b.table === 'coil' || b.table === 'discrete')
      throw new Error(`${profile.id}: no ${b.table} reads in the baseline`);
    return { table: b.table, start: b.start, count: b.count, every: b.every };
  });
}

/** The simulator process: JSON lines out, commands in. */
class FleetServer {
  private readonly waiting = new Map<FromServer['kind'], ((message: FromServer) => void)[]>();

  private constructor(private readonly child: ChildProcess) {
    if (!child.stdout) throw new Error('simulator has no stdout');
    createInterface({ input: child.stdout }).on('line', (line) => {
      const message = JSON.parse(line) as FromServer;
      this.waiting.get(message.kind)?.shift()?.(message);
    });
  }

  static async start(gateways: number, units: number, profile: string) {
    const child = spawn(
      process.execPath,
      [
        here('./fleet-server.js'),
        '--gateways',
        String(gateways),
        '--units',
        String(units),
        '--profile',
        profile,
      ],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    const server = new FleetServer(child);
    const exited = new Promise<never>((_, reject) =>
      child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`))),
    );
    const ports = await Promise.race([server.next('ports'), exited]);
    return { server, ports };
  }

  next<K extends FromServer['kind']>(kind: K, timeoutMs = 60_000): Promise<Extract<FromServer, { kind: K }>> {
    return new Promise((resolve, reject) => {
      const queue = this.waiting.get(kind) ?? [];
      const timer = setTimeout(
        () => reject(new Error(`simulator: no ${kind} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      queue.push((m) => {
        clearTimeout(timer);
        resolve(m as Extract<FromServer, { kind: K }>);
      });
      this.waiting.set(kind, queue);
    });
  }

  async command<K extends FromServer['kind']>(line: string, kind: K) {
    const reply = this.next(kind);
    this.child.stdin?.write(`${line}\n`);
    return reply;
  }

  async stop(): Promise<void> {
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.stdin?.end('quit\n');
    await within(exited, 3000);
    this.child.kill('SIGKILL');
  }
}

/** One measured process (bench/engine-child.ts). */
class MeasuredChild {
  private readonly waiting = new Map<FromChild['kind'], ((message: FromChild) => void)[]>();
  private readonly commsListeners = new Set<(message: Extract<FromChild, { kind: 'comms' }>) => void>();
  private failure: Error | null = null;

  constructor(
    private readonly child: ChildProcess,
    readonly name: string,
  ) {
    child.on('message', (message: FromChild) => {
      if (message.kind === 'comms') for (const listener of this.commsListeners) listener(message);
      else if (message.kind === 'error') this.failure = new Error(`${name}: ${message.message}`);
      else this.waiting.get(message.kind)?.shift()?.(message);
    });
  }

  static fork(name: string, cpuProfileDir: string | null): MeasuredChild {
    const execArgv = cpuProfileDir
      ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`, `--cpu-prof-name=${name}.cpuprofile`]
      : [];
    const child = fork(here('./engine-child.js'), [], {
      execArgv,
      env: { ...process.env, DUTYDESK_LOG_LEVEL: 'error' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new MeasuredChild(child, name);
  }

  private next<K extends FromChild['kind']>(kind: K, timeoutMs = 60_000) {
    return new Promise<Extract<FromChild, { kind: K }>>((resolve, reject) => {
      const queue = this.waiting.get(kind) ?? [];
      const timer = setTimeout(
        () => reject(this.failure ?? new Error(`${this.name}: no ${kind} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      queue.push((m) => {
        clearTimeout(timer);
        resolve(m as Extract<FromChild, { kind: K }>);
      });
      this.waiting.set(kind, queue);
    });
  }

  async start(message: ToChild): Promise<void> {
    const ready = this.next('ready');
    this.child.send(message);
    await ready;
  }

  sample(): Promise<Sample> {
    const reply = this.next('sample', 10_000);
    this.child.send({ kind: 'sample' } satisfies ToChild);
    return reply;
  }

  onComms(listener: (message: Extract<FromChild, { kind: 'comms' }>) => void): () => void {
    this.commsListeners.add(listener);
    return () => this.commsListeners.delete(listener);
  }

  async stop(): Promise<void> {
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.send({ kind: 'stop' } satisfies ToChild);
    await within(exited, 10_000);
    this.child.kill('SIGKILL');
    if (this.failure) throw this.failure;
  }
}

/** Busy and total jiffies of the whole machine, from /proc/stat; null where there is none. */
function machineTicks(): { busy: number; total: number } | null {
  try {
    const fields = readFileSync('/proc/stat', 'utf8')
      .split('\n')[0]
      ?.trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    if (!fields || fields.length < 5) return null;
    const total = fields.reduce((a, b) => a + b, 0);
    // idle and iowait
    return { busy: total - (fields[3] ?? 0) - (fields[4] ?? 0), total };
  } catch {
    return null;
  }
}

const cpuSeconds = (s: { cpuUserUs: number; cpuSystemUs: number }) => (s.cpuUserUs + s.cpuSystemUs) / 1e6;

async function measureWindow(
  child: MeasuredChild,
  server: FleetServer,
  seconds: number,
): Promise<Throughput> {
  const m0 = machineTicks();
  const [c0, s0] = await Promise.all([child.sample(), server.command('cpu', 'cpu')]);
  await sleep(seconds * 1000);
  const [c1, s1] = await Promise.all([child.sample(), server.command('cpu', 'cpu')]);
  const m1 = machineTicks();
  const wall = (c1.at - c0.at) / 1000;
  const reads = c1.reads - c0.reads;
  const cpu = cpuSeconds(c1) - cpuSeconds(c0);
  const serverCpu = (s1.userUs + s1.systemUs - s0.userUs - s0.systemUs) / 1e6;
  const simulatorCores = serverCpu / ((s1.at - s0.at) / 1000);
  const machineCores =
    m0 && m1 ? ((m1.busy - m0.busy) / Math.max(1, m1.total - m0.total)) * cpus().length : Number.NaN;
  return {
    seconds: wall,
    readsPerS: reads / wall,
    failedPerS: (c1.failedReads - c0.failedReads) / wall,
    cpuCores: cpu / wall,
    systemCores: (c1.cpuSystemUs - c0.cpuSystemUs) / 1e6 / wall,
    cpuUsPerRead: reads > 0 ? (cpu * 1e6) / reads : Number.NaN,
    elu: c1.elu,
    simulatorCores,
    otherCores: Math.max(0, machineCores - cpu / wall - simulatorCores),
  };
}

function writeConfig(
  dir: string,
  ports: number[],
  unitIds: number[],
  profile: string,
  pollIntervalMs: number,
  timeoutMs: number,
) {
  const stationId = (g: number) => `b${String(g + 1).padStart(3, '0')}`;
  const config: DeskConfigInput = {
    pollIntervalMs,
    timeoutMs,
    stations: ports.map((_, g) => ({
      id: stationId(g),
      name: `Bench ${g + 1}`,
      lat: 30 + g / 1000,
      lng: 120 + g / 1000,
      group: 'bench',
      urban: true,
    })),
    devices: ports.flatMap((port, g) =>
      unitIds.map((unitId) => ({
        id: `${stationId(g)}-u${unitId}`,
        stationId: stationId(g),
        name: `Bench ${g + 1} charger ${unitId}`,
        profile,
        host: '127.0.0.1',
        port,
        unitId,
      })),
    ),
  };
  const path = join(dir, `fleet-${pollIntervalMs}ms.json`);
  writeFileSync(path, JSON.stringify(config));
  return { path, deviceIds: (g: number) => unitIds.map((u) => `${stationId(g)}-u${u}`) };
}

/** How long after a fault the engine's CPU is measured, to compare with the healthy 1 Hz figure. */
const FAULT_CPU_WINDOW_MS = 5000;

/**
 * Switches a fault on at one gateway and times each of its devices to
 * comm-lost on the desk, then clears it and times them back to online.
 */
async function commLoss(
  child: MeasuredChild,
  server: FleetServer,
  fault: 'drop' | 'silent',
  gateway: number,
  deviceIds: string[],
  deadlineMs: number,
): Promise<CommLoss> {
  const watch = async (command: string, want: 'comm-lost' | 'online', waitMs: number, cpuWindowMs = 0) => {
    const seen = new Map<string, number>();
    let done: () => void = () => {};
    const all = new Promise<void>((r) => {
      done = r;
    });
    const wanted = new Set(deviceIds);
    const off = child.onComms((message) => {
      for (const change of message.changes) {
        if (change.comms === want && wanted.has(change.deviceId) && !seen.has(change.deviceId))
          seen.set(change.deviceId, message.at);
      }
      if (seen.size === wanted.size) done();
    });
    const before = await child.sample();
    const reply = await server.command(command, 'fault');
    const after = sleep(cpuWindowMs).then(() => child.sample());
    await within(all, waitMs);
    off();
    const end = await after;
    const latencies = [...seen.values()].map((at) => at - reply.at);
    return {
      latencies,
      cpuCores: (cpuSeconds(end) - cpuSeconds(before)) / ((end.at - before.at) / 1000),
    };
  };
  const lost = await watch(`${fault} ${gateway}`, 'comm-lost', deadlineMs, FAULT_CPU_WINDOW_MS);
  const back = await watch(`clear ${gateway}`, 'online', 40_000);
  return {
    fault,
    gateway,
    devices: deviceIds.length,
    lost: summarize(lost.latencies),
    back: summarize(back.latencies),
    deadlineMs,
    cpuCores: lost.cpuCores,
  };
}

export async function measurePoller(
  options: PollerOptions,
  progress: (line: string) => void = () => {},
): Promise<PollerResult> {
  const profile = loadProfiles(join(resourcesDir(), 'profiles')).get(options.profile);
  if (!profile) throw new Error(`no profile ${options.profile}`);
  const blocks = scheduleOf(profile);
  const dir = mkdtempSync(join(tmpdir(), 'dutydesk-bench-poller-'));
  if (options.cpuProfileDir) mkdirSync(options.cpuProfileDir, { recursive: true });
  const { server, ports } = await FleetServer.start(options.gateways, options.units, options.profile);
  const gateways = ports.ports.map((port) => ({ host: '127.0.0.1', port }));
  const devices = ports.ports.length * ports.units.length;
  const phase = async <T>(name: string, body: (child: MeasuredChild) => Promise<T>): Promise<T> => {
    progress(`  ${name}…`);
    const child = MeasuredChild.fork(name, options.cpuProfileDir);
    try {
      return await body(child);
    } finally {
      await child.stop();
    }
  };
  try {
    const bare = (clients: 'per-unit' | 'shared', round = 1) =>
      phase(`bare-${clients}-${round}`, async (child) => {
        await child.start({
          kind: 'bare',
          gateways,
          unitIds: ports.units,
          blocks,
          timeoutMs: options.timeoutMs,
          clients,
        });
        await sleep(options.warmupS * 1000);
        return measureWindow(child, server, options.measureS);
      });
    const barePerUnit = await bare('per-unit');
    const fast = writeConfig(
      dir,
      ports.ports,
      ports.units,
      options.profile,
      options.fullSpeedIntervalMs,
      options.timeoutMs,
    );
    const bareShared: Throughput[] = [];
    const full: Throughput[] = [];
    for (let round = 1; round <= options.rounds; round++) {
      bareShared.push(await bare('shared', round));
      full.push(
        await phase(`poller-full-${round}`, async (child) => {
          await child.start({
            kind: 'engine',
            configPath: fast.path,
            dataDir: join(dir, `data-full-${round}`),
          });
          await sleep(options.warmupS * 1000);
          return measureWindow(child, server, options.measureS);
        }),
      );
    }

    const oneHz = writeConfig(dir, ports.ports, ports.units, options.profile, 1000, options.timeoutMs);
    return await phase('poller-1hz', async (child) => {
      let online = 0;
      const off = child.onComms((m) => {
        for (const c of m.changes) if (c.comms === 'online') online += 1;
      });
      await child.start({ kind: 'engine', configPath: oneHz.path, dataDir: join(dir, 'data-1hz') });
      // Every device answered once, then a little longer so the every-5 blocks are in step.
      const until = Date.now() + 30_000;
      while (online < devices && Date.now() < until) await sleep(100);
      off();
      await sleep(Math.max(options.warmupS, 5) * 1000);
      // A window of whole periods of the slowest block, or its reads come in one or two bursts and skew reads/s.
      const slowest = Math.max(...blocks.map((b) => b.every));
      const window =
        slowest <= 30 ? Math.ceil(options.slowMeasureS / slowest) * slowest : options.slowMeasureS;
      const slow = await measureWindow(child, server, window);
      progress('  comm-loss: drop…');
      // Gateways away from the ends, so neither is the first or last to be polled after start.
      const dropped = Math.floor(ports.ports.length / 3);
      const hung = Math.floor((2 * ports.ports.length) / 3);
      const drop = await commLoss(child, server, 'drop', dropped, oneHz.deviceIds(dropped), 10_000);
      progress('  comm-loss: silent…');
      const silent = await commLoss(
        child,
        server,
        'silent',
        hung,
        oneHz.deviceIds(hung),
        options.silentDeadlineS * 1000,
      );
      const expectedReadsPerS = devices * blocks.reduce((sum, b) => sum + 1 / b.every, 0);
      return {
        options,
        devices,
        blocks,
        expectedReadsPerS,
        barePerUnit,
        bareShared,
        full,
        slow,
        drop,
        silent,
      };
    });
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Other work above this, in cores, marks a window's figures as disturbed. */
const OTHER_LOAD_LIMIT = 0.25;
const int = (v: number) => Math.round(v).toLocaleString('en-US');
const fixed = (v: number, digits = 2) => v.toFixed(digits);
const verdict = (ok: boolean) => (ok ? '**met**' : '**NOT met**');

export function pollerReport(r: PollerResult): string {
  const o = r.options;
  const row = (name: string, t: Throughput) =>
    `| ${name} | ${int(t.readsPerS)} | ${int(t.failedPerS)} | ${fixed(t.cpuCores)} | ${fixed(t.cpuUsPerRead, 1)} | ${fixed(t.elu)} | ${fixed(t.simulatorCores)} | ${fixed(t.otherCores)} |`;
  const best = (runs: Throughput[]) => runs.reduce((a, b) => (b.readsPerS > a.readsPerS ? b : a));
  const reference = best([...r.bareShared, r.barePerUnit]);
  const ours = best(r.full);
  const throughputRatio = ours.readsPerS / reference.readsPerS;
  const cpuRatio = reference.cpuUsPerRead / ours.cpuUsPerRead;
  const blockList = r.blocks
    .map((b) => `${b.start}+${b.count}${b.every > 1 ? ` every ${b.every}` : ''}`)
    .join(', ');
  const twoTimeouts = 2 * o.timeoutMs;
  const disturbed = [r.barePerUnit, ...r.bareShared, ...r.full, r.slow].filter(
    (t) => t.otherCores > OTHER_LOAD_LIMIT,
  );
  const lossRow = (c: CommLoss) =>
    `| ${c.fault} (gateway ${c.gateway}) | ${c.lost.n} / ${c.devices} | ${ms(c.lost.p50)} | ${ms(c.lost.max)} | ${fixed(c.lost.max / twoTimeouts)} | ${verdict(c.lost.n === c.devices && c.lost.max <= twoTimeouts)} | ${c.back.n} / ${c.devices}, max ${ms(c.back.max)} | ${fixed(c.cpuCores)} |`;
  return [
    `${o.gateways} gateway ports × ${o.units} unit ids = ${int(r.devices)} \`${o.profile}\` devices on loopback; the simulator runs in its own process, the engine (or the baseline) in another, one fresh process per phase.`,
    `Blocks per device (start+count): ${blockList}; timeoutMs ${o.timeoutMs}; windows of ${o.measureS} s (full speed) and ${fixed(r.slow.seconds, 0)} s (1 Hz) after ${o.warmupS} s warm-up.`,
    '',
    '| phase | block reads/s | failed/s | process CPU (cores) | CPU µs / read | event loop busy | simulator CPU (cores) | other processes (cores) |',
    '|---|---|---|---|---|---|---|---|',
    row(
      'baseline: bare jsmodbus loop, one client per unit id on the gateway socket (each parses every answer)',
      r.barePerUnit,
    ),
    ...r.bareShared.flatMap((t, i) => [
      row(`baseline: bare jsmodbus loop, one client per gateway socket (round ${i + 1})`, t),
      ...(r.full[i]
        ? [
            row(
              `DutyDesk engine, full speed, pollIntervalMs ${o.fullSpeedIntervalMs} (round ${i + 1})`,
              r.full[i],
            ),
          ]
        : []),
    ]),
    row('DutyDesk engine, 1 Hz (pollIntervalMs 1000)', r.slow),
    '',
    `- poller ÷ bare loop at full speed, best round of each (${int(ours.readsPerS)} ÷ ${int(reference.readsPerS)} reads/s): throughput ${fixed(throughputRatio)}× — target ≥ 0.7×: ${verdict(throughputRatio >= 0.7)}; CPU per read, bare ÷ ours: ${fixed(cpuRatio)}×`,
    `- 1 Hz: ${int(r.slow.readsPerS)} reads/s of the ${int(r.expectedReadsPerS)} the schedule asks for (${fixed(r.slow.readsPerS / r.expectedReadsPerS)}×), ${int(r.slow.failedPerS)} failed/s; engine CPU ${fixed(r.slow.cpuCores)} cores (${fixed(r.slow.systemCores)} of it in the kernel) — target ≤ 0.5: ${verdict(r.slow.cpuCores <= 0.5)}`,
    ...(disturbed.length
      ? [
          `- **Disturbed:** other processes used more than ${OTHER_LOAD_LIMIT} cores during ${disturbed.length} window(s); on this 2-core machine that skews throughput most. Rerun on a quiet machine.`,
        ]
      : []),
    '',
    `Comm-loss, 1 Hz fleet running: one gateway's ${o.units} devices; time from the fault to comm-lost on the desk (engine event), target ≤ 2 × timeoutMs = ${twoTimeouts} ms.`,
    '',
    `| fault | devices lost | p50 | max | max ÷ target | target | back online after clear | engine CPU, first ${FAULT_CPU_WINDOW_MS / 1000} s of the fault (cores) |`,
    '|---|---|---|---|---|---|---|---|',
    lossRow(r.drop),
    lossRow(r.silent),
    '',
    `\`drop\`: the gateway closes every connection and closes each new one as soon as it is accepted (a router port-forward to a dead gateway looks like this); \`silent\`: it keeps the connection and never answers (a hung gateway). Healthy 1 Hz engine CPU for comparison: ${fixed(r.slow.cpuCores)} cores.`,
    `Only a request can notice a fault, and a gateway's devices are polled back to back once per interval, so from the fault the desk may first have to wait up to one poll interval (1 s) for that gateway's next request.`,
  ].join('\n');
}
