import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { DAY_MS } from '../shared/warning/model';
import { simulateFleetYear } from '../sim/degradation/fleet-year';
import { type Evaluation, evaluateFleet, TUNING_SEED } from './warnings-eval';
import { EVALUATION_HEADER, evaluationRows, kindRows } from './warnings-table';

/**
 * Early warnings (issue 19): how well the detectors see injected
 * degradations coming on a simulated fleet-year, and what the daily full
 * pass costs in its worker against a bare scan of the same history.
 */
export type WarningsOptions = {
  /** The seed the figures are reported on; thresholds were tuned on TUNING_SEED, never on this one. */
  evalSeed: number;
  evalSites: number;
  evalDays: number;
  /** Sites of the daily pass; about ten devices each, so 500 make the 5,000-device fleet. */
  passSites: number;
};

export const defaultWarningsOptions: WarningsOptions = {
  evalSeed: 7,
  evalSites: 150,
  evalDays: 365,
  passSites: 500,
};

type PassResult = { devices: number; days: number; scanMs: number; passMs: number; findings: number };

export type WarningsMeasure = {
  options: WarningsOptions;
  evaluation: Evaluation;
  devices: number;
  degradations: number;
  pass: PassResult;
  /** Event-loop delay of the main thread (the engine's, in the desk) in ms, idle and during the pass. */
  lagIdleP99: number;
  lagPassP99: number;
};

export async function measureWarnings(
  o: WarningsOptions,
  say: (line: string) => void,
): Promise<WarningsMeasure> {
  if (o.evalSeed === TUNING_SEED)
    throw new Error(`the evaluation seed must not be the tuning seed ${TUNING_SEED}`);
  const fleet = simulateFleetYear({
    seed: o.evalSeed,
    sites: o.evalSites,
    days: o.evalDays,
    degradedShare: 0.1,
    startMs: Date.UTC(2026, 0, 1),
  });
  say(
    `  evaluation: ${fleet.deviceCount} devices, ${fleet.degradations.length} degradations, ${o.evalDays} days…`,
  );
  const evaluation = evaluateFleet(fleet);
  const lagIdleP99 = await lagWhile(() => new Promise((r) => setTimeout(r, 1000)));
  let pass: PassResult | null = null;
  const lagPassP99 = await lagWhile(async () => {
    pass = await runPass(o.passSites);
  });
  if (!pass) throw new Error('the worker returned no pass');
  return {
    options: o,
    evaluation,
    devices: fleet.deviceCount,
    degradations: fleet.degradations.length,
    pass,
    lagIdleP99,
    lagPassP99,
  };
}

function runPass(sites: number): Promise<PassResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./warnings-worker.js', import.meta.url), {
      workerData: { sites, seed: 11 },
    });
    worker.once('message', (m: PassResult) => {
      resolve(m);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

async function lagWhile(work: () => Promise<void>): Promise<number> {
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  await work();
  h.disable();
  return h.percentile(99) / 1e6;
}

export function warningsReport(m: WarningsMeasure): string {
  const { evaluation: ev } = m;
  const { rows, injected, detected, worstFalse } = evaluationRows(ev);
  const { pass } = m;
  return [
    `Evaluation seed ${m.options.evalSeed} (thresholds tuned on seed ${TUNING_SEED} only): ${m.devices} devices over ${m.options.evalDays} days, ${m.degradations} degradations injected with known onset, clouds in spells, wet days, idle days, holidays, comms outages and sensor dropouts; the detectors run at the end of every day on the days so far (${ev.passes.toLocaleString('en')} site passes, ${ev.deviceDays.toLocaleString('en')} device-days judged). Detected = warned between onset and 24 h before the fault; degradations whose onset falls before the first judged day or whose fault falls after the year are not counted.`,
    '',
    ...EVALUATION_HEADER,
    ...rows,
    '',
    'By kind of degradation (each counted under its first detector above):',
    '',
    ...kindRows(ev),
    '',
    `Daily full pass in a worker thread: ${pass.devices.toLocaleString('en')} devices × ${pass.days} days of history (the longest detector window), ${pass.findings} findings.`,
    '',
    '| phase | time | ÷ baseline |',
    '|---|---|---|',
    `| baseline: bare scan reading every value of the same windows | ${pass.scanMs.toFixed(0)} ms | 1.00× |`,
    `| all detectors over every site | ${pass.passMs.toFixed(0)} ms | ${(pass.passMs / Math.max(pass.scanMs, 0.001)).toFixed(1)}× |`,
    '',
    `- target ≥ 90 % detected ≥ 24 h ahead: ${injected && detected / injected >= 0.9 ? '**met**' : '**NOT met**'} (${injected ? ((100 * detected) / injected).toFixed(0) : '—'} % overall; per detector in the table)`,
    `- target ≤ 1 false warning per 1,000 device-days: ${worstFalse <= 1 ? '**met**' : '**NOT met**'} (worst detector ${worstFalse.toFixed(2)})`,
    `- target full pass ≤ 30 s: ${pass.passMs <= 30_000 ? '**met**' : '**NOT met**'} (${(pass.passMs / 1000).toFixed(2)} s)`,
    `- main-thread event-loop delay p99 while the worker ran: ${m.lagPassP99.toFixed(1)} ms against ${m.lagIdleP99.toFixed(1)} ms idle in the same run (ratio ${(m.lagPassP99 / Math.max(m.lagIdleP99, 0.001)).toFixed(2)}×; unchanged means ≤ 1.1×: ${m.lagPassP99 <= 1.1 * m.lagIdleP99 ? '**met**' : '**NOT met**'}); absolute target ≤ 20 ms: ${m.lagPassP99 <= 20 ? '**met**' : '**NOT met** (the idle figure shows how loaded the machine was)'}`,
    `- one day is ${DAY_MS / 3_600_000} h of simulated time; the simulator is day-resolution here (sim/degradation/fleet-year.ts).`,
  ].join('\n');
}
