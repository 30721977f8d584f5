import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeskConfigInput } from '../shared/config/schema';
import { FLEET_AT } from '../test/helpers/fleet-time';
import { type NodeProcess, simCommand, startNode, stopProcess } from '../test/helpers/processes';
import { freeRange, INTERPRETED, startProbedDesk } from './soak';
import { SoakClient } from './soak-client';
import { leastSquares, type ProbeLine, readProbeLines } from './soak-figures';

/**
 * What one alarm incident leaves in the desk's heap. One alarm point of a
 * real desk polling the simulator is raised, acknowledged and cleared again
 * and again (with it the two guns the fault takes down); the soak's probe
 * reads the heap after a forced collection every second. Twice: as the desk
 * runs, and on V8's interpreter alone, the baseline, where no compiled code
 * is made and what grows is data. A leak per incident (a list that keeps
 * each one) grows both; V8 optimising one more function after so many calls
 * grows the first only.
 */
export type IncidentHeapOptions = {
  /** Incidents measured, after the warm-up ones. */
  incidents: number;
  warmup: number;
  /** A heap reading is taken every this many incidents. */
  every: number;
};

export const defaultIncidentHeapOptions: IncidentHeapOptions = { incidents: 600, warmup: 100, every: 50 };

const ALARM = 'sx01-dc1:insulationFault';
const ADMIN = { user: 'heap-admin', password: 'heap-admin-password-1' };
const POLL_MS = 200;

type Reading = { incidents: number; heap: number; code: number };

export type IncidentHeapRun = {
  interpreted: boolean;
  readings: Reading[];
  /** Fitted growth per 100 incidents, in kB, ± one standard error. */
  heapKb: { per100: number; se: number };
  codeKb: { per100: number; se: number };
  dataKb: { per100: number; se: number };
};

async function oneRun(
  options: IncidentHeapOptions,
  interpreted: boolean,
  say: (line: string) => void,
): Promise<IncidentHeapRun> {
  const dir = mkdtempSync(join(tmpdir(), 'dutydesk-incident-heap-'));
  const configPath = join(dir, 'stations.json');
  const probeFile = join(dir, 'probe.ndjson');
  const base = await freeRange(2);
  const sim = await startNode(
    'out/main/sim.js',
    [
      ...['--write-config', configPath, '--stations', '2', '--seed', '7'],
      ...['--at', FLEET_AT, '--base-port', String(base)],
    ],
    { ready: /Type help/ },
  );
  let desk: NodeProcess | null = null;
  let admin: SoakClient | null = null;
  try {
    const written = JSON.parse(readFileSync(configPath, 'utf8')) as DeskConfigInput;
    writeFileSync(configPath, JSON.stringify({ ...written, pollIntervalMs: POLL_MS }));
    const started = await startProbedDesk({
      configPath,
      dataDir: join(dir, 'data'),
      probeFile,
      probeMs: 1000,
      admin: ADMIN,
      interpreted,
    });
    desk = started.proc;
    const { url } = started;
    admin = await SoakClient.open(url);
    await admin.request('auth.login', ADMIN);
    const client = admin;
    const until = async (wanted: (state: string) => boolean) => {
      for (let tries = 0; tries < 300; tries++) {
        const alarm = (await client.request('alarms.list', {})).alarms.find((a) => a.id === ALARM);
        if (wanted(alarm?.state ?? 'none')) return;
        await new Promise((r) => setTimeout(r, POLL_MS / 2));
      }
      throw new Error(`${ALARM} did not change state within 300 looks`);
    };
    const marks: { incidents: number; t: number }[] = [];
    const total = options.warmup + options.incidents;
    for (let i = 1; i <= total; i++) {
      await simCommand(sim, 'anomaly sx01-dc1 insulation-fault');
      await until((state) => state.startsWith('active'));
      await client.request('alarm.ack', { id: ALARM });
      await simCommand(sim, 'clear sx01-dc1');
      await simCommand(sim, 'reset sx01-dc1');
      await until((state) => state === 'normal');
      const measured = i - options.warmup;
      if (measured >= 0 && measured % options.every === 0) {
        // Two probe readings after it, each after a full collection.
        await new Promise((r) => setTimeout(r, 2_200));
        marks.push({ incidents: measured, t: Date.now() });
      }
      if (i % 100 === 0) say(`incident heap${interpreted ? ' (interpreter)' : ''}: ${i} of ${total}`);
    }
    const lines = readProbeLines(probeFile);
    const readings = marks.flatMap(({ incidents, t }) => {
      const before = lines.filter((l) => l.t <= t && l.t > t - 2_200);
      const lowest = before.reduce<ProbeLine | null>((a, b) => (a && a.heapUsed <= b.heapUsed ? a : b), null);
      return lowest ? [{ incidents, heap: lowest.heapUsed, code: lowest.heapCode }] : [];
    });
    const perHundred = (pick: (r: Reading) => number) => {
      const { slope, stdErr } = leastSquares(readings.map((r) => ({ x: r.incidents, y: pick(r) })));
      return { per100: (slope * 100) / 1024, se: (stdErr * 100) / 1024 };
    };
    return {
      interpreted,
      readings,
      heapKb: perHundred((r) => r.heap),
      codeKb: perHundred((r) => r.code),
      dataKb: perHundred((r) => r.heap - r.code),
    };
  } finally {
    await admin?.close();
    await stopProcess(desk);
    await stopProcess(sim);
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function measureIncidentHeap(
  options: IncidentHeapOptions,
  say: (line: string) => void,
): Promise<IncidentHeapRun[]> {
  return [await oneRun(options, false, say), await oneRun(options, true, say)];
}

const kb = ({ per100, se }: { per100: number; se: number }) =>
  `${per100 >= 0 ? '+' : ''}${per100.toFixed(1)} ± ${se.toFixed(1)}`;
const mb = (bytes: number | undefined) => `${((bytes ?? 0) / 2 ** 20).toFixed(2)} MB`;

export function incidentHeapReport(runs: readonly IncidentHeapRun[], options: IncidentHeapOptions): string {
  const rows = runs.map((r) => {
    const first = r.readings[0];
    const last = r.readings.at(-1);
    return `| ${r.interpreted ? 'interpreter alone (baseline)' : 'as the desk runs'} | ${r.readings.length} | ${mb(first?.heap)} → ${mb(last?.heap)} | ${kb(r.heapKb)} | ${kb(r.codeKb)} | ${kb(r.dataKb)} |`;
  });
  const [jit, interpreted] = runs;
  const ratio =
    jit && interpreted && Math.abs(interpreted.heapKb.per100) > 0.05
      ? `${(jit.heapKb.per100 / interpreted.heapKb.per100).toFixed(1)}×`
      : 'n/a (the baseline did not grow)';
  return [
    `A real headless desk polling the simulator (2 stations, every ${POLL_MS} ms); one alarm point (\`${ALARM}\`, with the two guns it takes down) raised, acknowledged and cleared ${options.incidents} times after ${options.warmup} for warm-up, the heap read after a forced collection every ${options.every} incidents (bench/soak-probe.mjs). Run as the desk runs and, as the baseline, on V8's interpreter alone (\`${INTERPRETED.join(' ')}\`). Slopes are least-squares fits per 100 incidents ± one standard error; "code" is V8's code and bytecode statistics, "data" the heap less that.`,
    '',
    '| desk | readings | heap after GC | heap, kB per 100 incidents | of it code | of it data |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows,
    '',
    `Heap growth per incident, as run against the interpreter alone: ${ratio}.`,
  ].join('\n');
}
