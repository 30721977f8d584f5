import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { Id, PointValue } from '../shared/api/model';
import { fieldPath } from '../shared/config/schema';
import { encodePoint } from '../shared/profile/codec';
import { formatOffset, OffsetText, parseOffset } from '../shared/time/offset';
import { Bilingual, DrillExpectation } from '../shared/training/expectation';
import { INSTANT } from './clock';
import type { RunningFleet } from './fleet';
import type { ModbusFault } from './modbus-server';
import { AnomalyKind } from './models/common';

/**
 * Scripted drills: a JSON file of timed steps (anomalies, comms faults,
 * stations going offline) played against a running fleet, so a trainer can
 * replay the same incident for every shift.
 */

export { formatOffset, parseOffset };

const Offset = OffsetText;

const UnitId = z.number().int().min(0).max(255);

/** The faults a gateway can be switched into; see ModbusFault. */
export const FaultSpec = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('silent') }).strict(),
  z.object({ kind: z.literal('drop') }).strict(),
  z.object({ kind: z.literal('slow'), delayMs: z.number().int().min(1).max(600_000) }).strict(),
  z.object({ kind: z.literal('exception'), code: z.number().int().min(1).max(127) }).strict(),
  z.object({ kind: z.literal('malformed'), variant: z.enum(['garbage', 'truncated']).optional() }).strict(),
]);
export type FaultSpec = z.infer<typeof FaultSpec>;

const stepShape = {
  at: Offset,
  /** Shown when the step runs, e.g. what the trainee should see on the desk now. */
  note: z.string().optional(),
};

export const ScenarioStep = z.discriminatedUnion('do', [
  z.object({ ...stepShape, do: z.literal('anomaly'), device: Id, kind: AnomalyKind }).strict(),
  z
    .object({
      ...stepShape,
      do: z.literal('clear'),
      device: Id,
      kind: AnomalyKind.optional(),
      /** Also reset the device on site, so latched faults go too. */
      reset: z.boolean().default(false),
    })
    .strict(),
  z.object({ ...stepShape, do: z.literal('reset'), device: Id }).strict(),
  z
    .object({ ...stepShape, do: z.literal('fault'), station: Id, unit: UnitId.optional(), fault: FaultSpec })
    .strict(),
  z.object({ ...stepShape, do: z.literal('clearFault'), station: Id, unit: UnitId.optional() }).strict(),
  z.object({ ...stepShape, do: z.literal('offline'), station: Id }).strict(),
  z.object({ ...stepShape, do: z.literal('online'), station: Id }).strict(),
  z
    .object({ ...stepShape, do: z.literal('set'), device: Id, key: z.string().min(1), value: PointValue })
    .strict(),
  z.object({ ...stepShape, do: z.literal('release'), device: Id, key: z.string().min(1) }).strict(),
]);
export type ScenarioStep = z.infer<typeof ScenarioStep>;

/** What a step does, without its timing: also what a trainer types at the simulator's prompt. */
export type SimAction = DistributiveOmit<ScenarioStep, 'at' | 'note'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export const Scenario = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    /** A drill's title and briefing, read by the trainee before it starts. */
    title: Bilingual.optional(),
    briefing: Bilingual.optional(),
    /** When the drill's fleet clock starts, with its UTC offset (a smoke alarm at night starts at night). */
    startAt: z
      .string()
      .refine((text) => INSTANT.test(text) && !Number.isNaN(Date.parse(text)), {
        message: 'a date and time with its UTC offset, e.g. 2026-06-15T22:30:00+08:00',
      })
      .optional(),
    /** What a good response is; a scenario with one is a training drill. */
    expected: DrillExpectation.optional(),
    steps: z.array(ScenarioStep).min(1),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.expected) {
      for (const field of ['title', 'briefing'] as const) {
        if (!s[field])
          ctx.addIssue({
            code: 'custom',
            path: [field],
            message: `a drill (one with \`expected\`) needs a ${field} in zh-CN and en`,
          });
      }
    }
    s.steps.forEach((step, i) => {
      const before = s.steps[i - 1];
      if (before && step.at < before.at) {
        ctx.addIssue({
          code: 'custom',
          path: ['steps', i, 'at'],
          message: `${formatOffset(step.at)} comes before the step above it (${formatOffset(before.at)}); list steps in time order`,
        });
      }
    });
  });
export type Scenario = z.infer<typeof Scenario>;

/** Where `data` still holds a "TODO…" text (a recorded scenario's unfilled fields), as field paths. */
export function todoFields(data: unknown, path: readonly (string | number)[] = []): string[] {
  if (typeof data === 'string') return data.startsWith('TODO') ? [fieldPath(path)] : [];
  if (Array.isArray(data)) return data.flatMap((item, i) => todoFields(item, [...path, i]));
  if (data && typeof data === 'object')
    return Object.entries(data).flatMap(([key, value]) => todoFields(value, [...path, key]));
  return [];
}

/**
 * Validates scenario data; the error names `source`, the step and the
 * field. A field still marked TODO is named as such, with the TODO's own
 * words, instead of whatever the schema would say about the placeholder.
 */
export function parseScenario(data: unknown, source = 'scenario'): Scenario {
  const parsed = Scenario.safeParse(data);
  if (parsed.success) return parsed.data;
  const todo = todoFields(data);
  const todoText = (field: string) =>
    field.split(/\.|(?=\[)/).reduce<unknown>((node, part) => {
      const key = /^\[(\d+)\]$/.exec(part)?.[1] ?? part;
      return node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
    }, data);
  const problems = [
    ...todo.map((field) => `${field}: still to fill in — ${String(todoText(field))}`),
    ...parsed.error.issues
      .map((i) => ({ field: fieldPath(i.path), message: i.message }))
      .filter(({ field }) => !todo.some((t) => field === t || field.startsWith(`${t}.`)))
      .map(({ field, message }) => (field ? `${field}: ${message}` : message)),
  ];
  throw new Error(`${source}: ${problems.join('; ')}`);
}

export function loadScenario(file: string): Scenario {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new Error(e.code === 'ENOENT' ? `${file}: no such file` : `${file}: not valid JSON: ${e.message}`);
  }
  return parseScenario(data, file);
}

/**
 * Why an action cannot run against this fleet (unknown device, an anomaly its
 * model cannot show, a key or value its profile does not have), as a field
 * and a message; undefined when it can.
 */
export function checkAction(
  fleet: RunningFleet,
  action: SimAction,
): { field: string; message: string } | undefined {
  const stationIds = new Set(fleet.stations.map((s) => s.station.id));
  if ('station' in action) {
    if (!stationIds.has(action.station))
      return { field: 'station', message: `no simulated station "${action.station}"` };
    if (
      'unit' in action &&
      action.unit !== undefined &&
      !fleet.gateway(action.station).unitIds().includes(action.unit)
    )
      return { field: 'unit', message: `station ${action.station} has no unit ${action.unit}` };
    return undefined;
  }
  const known = fleet.config.devices.some((d) => d.id === action.device);
  if (!known) return { field: 'device', message: `no simulated device "${action.device}"` };
  const { model, profile } = fleet.device(action.device);
  if (
    (action.do === 'anomaly' || action.do === 'clear') &&
    action.kind &&
    !model.anomalyKinds.includes(action.kind)
  ) {
    const can = model.anomalyKinds.length ? model.anomalyKinds.join(', ') : 'none';
    return { field: 'kind', message: `${action.device} cannot show ${action.kind} (it can show: ${can})` };
  }
  if (action.do === 'set' || action.do === 'release') {
    const point = profile.points.find((p) => p.key === action.key);
    if (!point) return { field: 'key', message: `${profile.id} has no point "${action.key}"` };
    if (action.do === 'set') {
      try {
        encodePoint(point, action.value);
      } catch (err) {
        return { field: 'value', message: (err as Error).message };
      }
    }
  }
  return undefined;
}

/** Checks every step against the fleet before any runs, so a drill never stops half-way on a typo. */
export function checkScenario(fleet: RunningFleet, scenario: Scenario, source = scenario.name): void {
  const problems = scenario.steps.flatMap((step, i) => {
    const problem = checkAction(fleet, step);
    return problem ? [`steps[${i}].${problem.field}: ${problem.message}`] : [];
  });
  if (problems.length) throw new Error(`${source}: ${problems.join('; ')}`);
}

function describeFault(f: FaultSpec | ModbusFault): string {
  switch (f.kind) {
    case 'slow':
      return `slow ${f.delayMs} ms`;
    case 'exception':
      return `exception ${f.code}`;
    case 'malformed':
      return `malformed ${f.variant ?? 'garbage'}`;
    default:
      return f.kind;
  }
}

/** Carries out one action; returns what it did, in a few words, for the log. */
export function applyAction(fleet: RunningFleet, action: SimAction): string {
  switch (action.do) {
    case 'anomaly':
      fleet.anomaly(action.device, action.kind);
      return `anomaly ${action.device} ${action.kind}`;
    case 'clear':
      fleet.clearAnomaly(action.device, action.kind);
      if (action.reset) fleet.reset(action.device);
      return `cleared ${action.kind ?? 'all anomalies'} at ${action.device}${action.reset ? ', reset on site' : ''}`;
    case 'reset':
      fleet.reset(action.device);
      return `reset ${action.device} on site`;
    case 'fault':
      fleet.gateway(action.station).setFault(action.fault, action.unit);
      return `fault ${action.station}${unitText(action.unit)} ${describeFault(action.fault)}`;
    case 'clearFault':
      fleet.gateway(action.station).clearFault(action.unit);
      return `cleared faults at ${action.station}${unitText(action.unit)}`;
    case 'offline':
      fleet.offline(action.station);
      return `${action.station} offline`;
    case 'online':
      fleet.online(action.station);
      return `${action.station} online`;
    case 'set':
      fleet.setPoint(action.device, action.key, action.value);
      return `${action.device} ${action.key} held at ${JSON.stringify(action.value)}`;
    case 'release':
      fleet.unpin(action.device, action.key);
      return `${action.device} ${action.key} released`;
  }
}

function unitText(unit: number | undefined): string {
  return unit === undefined ? '' : ` unit ${unit}`;
}

/** Anomalies, comms faults and held points in force, one line per station that has any. */
export function fleetStatus(fleet: RunningFleet): string[] {
  const lines: string[] = [];
  for (const { station, devices } of fleet.stations) {
    const parts: string[] = [];
    const { gateway, units } = fleet.gateway(station.id).faults();
    if (gateway) parts.push(gateway.kind === 'drop' ? 'offline' : `gateway ${describeFault(gateway)}`);
    for (const [unit, fault] of units) parts.push(`unit ${unit} ${describeFault(fault)}`);
    for (const d of devices) {
      const { model, image } = fleet.device(d.id);
      const kinds = model.activeAnomalies();
      if (kinds.length) parts.push(`${d.id} ${kinds.join('+')}`);
      for (const key of image.pinnedKeys())
        parts.push(`${d.id} ${key} held at ${JSON.stringify(image.readPoint(key))}`);
    }
    if (parts.length) lines.push(`${station.id}: ${parts.join('; ')}`);
  }
  return lines.length ? lines : ['no anomalies, comms faults or held points'];
}

/** Timers a playback runs on; tests pass a fake one. */
export type ScenarioClock = {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
};

const realClock: ScenarioClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * One playing of a scenario, driven by whoever owns the clock: runDue(t)
 * carries out every step due by `t`. A step that fails is reported and the
 * drill goes on.
 */
export class ScenarioRun {
  private next = 0;

  constructor(
    private readonly fleet: RunningFleet,
    readonly scenario: Scenario,
    readonly startMs: number,
    private readonly report: (line: string) => void,
  ) {
    checkScenario(fleet, scenario);
  }

  get finished(): boolean {
    return this.next >= this.scenario.steps.length;
  }

  /** Epoch ms the next step is due, undefined when all have run. */
  nextAt(): number | undefined {
    const step = this.scenario.steps[this.next];
    return step ? this.startMs + step.at : undefined;
  }

  /** Runs the steps due by `nowMs`, in order; returns how many ran. */
  runDue(nowMs: number): number {
    let ran = 0;
    for (let step = this.scenario.steps[this.next]; step && this.startMs + step.at <= nowMs; ) {
      const prefix = `[${this.scenario.name} +${formatOffset(step.at)}]`;
      try {
        const done = applyAction(this.fleet, step);
        this.report(`${prefix} ${done}${step.note ? ` — ${step.note}` : ''}`);
      } catch (err) {
        this.report(`${prefix} step ${this.next} failed: ${(err as Error).message}`);
      }
      this.next++;
      ran++;
      step = this.scenario.steps[this.next];
    }
    return ran;
  }
}

export type ScenarioPlayback = {
  readonly run: ScenarioRun;
  /** Resolves after the last step ran, or when stopped. */
  readonly finished: Promise<void>;
  stop(): void;
};

/** Plays a scenario against a fleet in (clock) time, from now. Throws at once if a step cannot run on this fleet. */
export function playScenario(
  fleet: RunningFleet,
  scenario: Scenario,
  options: { clock?: ScenarioClock; report?: (line: string) => void } = {},
): ScenarioPlayback {
  const clock = options.clock ?? realClock;
  const report = options.report ?? (() => {});
  const run = new ScenarioRun(fleet, scenario, clock.now(), report);
  let timer: unknown;
  let stopped = false;
  let resolve: () => void = () => {};
  const finished = new Promise<void>((r) => {
    resolve = r;
  });
  const pump = () => {
    timer = undefined;
    if (stopped) return;
    run.runDue(clock.now());
    const at = run.nextAt();
    if (at === undefined) {
      report(`[${scenario.name}] finished`);
      resolve();
      return;
    }
    timer = clock.setTimeout(pump, Math.max(0, at - clock.now()));
  };
  report(
    `[${scenario.name}] started: ${scenario.steps.length} steps over ${formatOffset(scenario.steps.at(-1)?.at ?? 0)}`,
  );
  pump();
  return {
    run,
    finished,
    stop() {
      stopped = true;
      if (timer !== undefined) clock.clearTimeout(timer);
      resolve();
    },
  };
}
