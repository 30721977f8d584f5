import { existsSync, writeFileSync } from 'node:fs';
import { formatOffset } from '../shared/time/offset';
import { SERVICE_COMMITMENT_PRESET, SHAOXING_PRESET, type SlaPreset } from '../shared/triage/sla';
import { DEFAULT_TRIAGE_TABLE, DEFECT_CLASSES, type Tier, triage } from '../shared/triage/tiers';
import type { RunningFleet } from './fleet';
import type { AnomalyKind } from './models/common';
import { type SimAction, todoFields } from './scenario';

/**
 * Recording a drill at the simulator's prompt (issue 18): a shift lead types
 * `record start`, injects faults as in any session, and `record save FILE`
 * writes them as a scenario — each step at its time from the start — with
 * the expected response filled in from the triage table and the SLA preset
 * where they decide it. What they do not decide (the title, the briefing,
 * an acknowledgement deadline) is written as a TODO that the scenario's
 * validation names field by field until the lead has written it.
 */

export const RECORD_HELP = `  record start <name> [preset] start recording what is injected from now on, as scenario <name>;
                               preset: service-commitment (default) or shaoxing
  record status                what has been recorded so far
  record save <file>           write the recording as a scenario JSON file (never over an existing one)
  record discard               stop recording and forget it`;

/** Marks a field the recording cannot fill: validation names it until someone has. */
const TODO = 'TODO';

/** The fault bit each anomaly raises, where one does; over-temperature reaches several causes by limits and trips. */
const ANOMALY_CAUSE: Readonly<Record<AnomalyKind, string | null>> = {
  smoke: 'smokeDetected',
  'insulation-fault': 'insulationFault',
  'ground-fault': 'groundFault',
  'gun-stuck': 'gunStuck',
  'door-open': 'doorOpen',
  'over-temperature': null,
};

const PRESETS: readonly SlaPreset[] = [SERVICE_COMMITMENT_PRESET, SHAOXING_PRESET];

/** The demo fleet is in Shaoxing: a recorded start reads as the shift lead saw it on the desk. */
const FLEET_OFFSET_MS = 8 * 3_600_000;

type Recorded = { atMs: number; action: SimAction };
type Recording = { name: string; preset: SlaPreset; startMs: number; steps: Recorded[] };

/** What a step records: the alarm the desk will raise for it, as the drill's `expected.alarm` names it. */
type Alarm = { id: string; cause: string; station: string; kind: Parameters<typeof triage>[1]['kind'] };

export type ScenarioDraft = Record<string, unknown> & { steps: unknown[] };

export class ScenarioRecorder {
  private recording: Recording | null = null;

  constructor(private readonly now: () => number) {}

  get active(): boolean {
    return this.recording !== null;
  }

  start(name: string, presetId = SERVICE_COMMITMENT_PRESET.id): string {
    if (this.recording)
      throw new Error(`already recording ${this.recording.name}: record save <file> or record discard first`);
    if (!/^[a-z0-9][a-z0-9-]*$/.test(name))
      throw new Error(
        `a scenario name is lower case letters, digits and dashes (e.g. drill-night-smoke), not "${name}"`,
      );
    const preset = PRESETS.find((p) => p.id === presetId);
    if (!preset)
      throw new Error(`no SLA preset "${presetId}"; presets: ${PRESETS.map((p) => p.id).join(', ')}`);
    this.recording = { name, preset, startMs: this.now(), steps: [] };
    return `recording ${name} (${preset.id}); each fault you inject is kept with its time from now`;
  }

  /** Keeps an action that was carried out; nothing while not recording. */
  add(action: SimAction): void {
    this.recording?.steps.push({ atMs: this.now() - this.recording.startMs, action });
  }

  status(): string {
    const r = this.recording;
    if (!r) return 'not recording; record start <name> begins';
    const lines = r.steps.map((s) => `  +${formatOffset(roundSeconds(s.atMs))}  ${describe(s.action)}`);
    return [`recording ${r.name}: ${r.steps.length} steps`, ...lines].join('\n');
  }

  discard(): string {
    if (!this.recording) return 'not recording';
    const { name, steps } = this.recording;
    this.recording = null;
    return `discarded ${name} (${steps.length} steps)`;
  }

  /** The recording as scenario data, with the expected response drafted; the recording goes on. */
  draft(fleet: RunningFleet): ScenarioDraft {
    const r = this.recording;
    if (!r) throw new Error('not recording; record start <name> begins');
    if (!r.steps.length) throw new Error(`${r.name} has no steps yet: inject a fault first`);
    return {
      name: r.name,
      description: `Recorded at the simulator's prompt: ${r.steps.length} steps over ${formatOffset(roundSeconds(r.steps.at(-1)?.atMs ?? 0))}.`,
      title: `${TODO}: the drill's title, as {"zh-CN": "…", "en": "…"}`,
      briefing: `${TODO}: what the trainee reads before the drill starts, as {"zh-CN": "…", "en": "…"}`,
      startAt: fleetInstant(r.startMs),
      expected: expectedOf(fleet, r),
      steps: r.steps.map((s) => ({ at: formatOffset(roundSeconds(s.atMs)), ...s.action })),
    };
  }

  /** Writes the draft to `file` (never over an existing file) and ends the recording; says what is left to fill in. */
  save(fleet: RunningFleet, file: string): string {
    const draft = this.draft(fleet);
    if (existsSync(file)) throw new Error(`${file} exists: save under another name (the recording is kept)`);
    writeFileSync(file, `${JSON.stringify(draft, null, 2)}\n`);
    this.recording = null;
    const todo = todoFields(draft);
    return todo.length
      ? `saved ${file}: ${draft.steps.length} steps; fill in ${todo.join(', ')} (marked TODO) before it runs as a drill`
      : `saved ${file}: ${draft.steps.length} steps`;
  }
}

/** `record …` at the prompt; undefined for any other line, which the other command sets handle. */
export function runRecordCommand(
  recorder: ScenarioRecorder,
  fleet: RunningFleet,
  line: string,
): string | undefined {
  const [verb, sub, ...args] = line.trim().split(/\s+/);
  if (verb?.toLowerCase() !== 'record') return undefined;
  try {
    switch (sub) {
      case 'start':
        if (!args[0] || args.length > 2) return 'error: usage: record start <name> [preset]';
        return `ok: ${recorder.start(args[0], args[1])}`;
      case 'status':
        return recorder.status();
      case 'save':
        if (args.length !== 1 || !args[0]) return 'error: usage: record save <file>';
        return `ok: ${recorder.save(fleet, args[0])}`;
      case 'discard':
        return `ok: ${recorder.discard()}`;
      default:
        return `error: usage:\n${RECORD_HELP}`;
    }
  } catch (err) {
    return `error: ${(err as Error).message}`;
  }
}

function roundSeconds(ms: number): number {
  return Math.round(ms / 1000) * 1000;
}

/** "2026-06-15T22:30:00+08:00": a start the scenario schema takes, in the fleet's own zone. */
function fleetInstant(ms: number): string {
  const seconds = Math.floor(ms / 1000) * 1000;
  return new Date(seconds + FLEET_OFFSET_MS).toISOString().replace(/\.\d{3}Z$/, '+08:00');
}

function describe({ do: verb, ...rest }: SimAction): string {
  const args = Object.values(rest).filter((v) => v !== undefined && v !== false);
  return [verb, ...args.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v)))].join(' ');
}

/** The alarm the desk raises for an injected step, where the step names one for certain. */
function alarmOf(fleet: RunningFleet, action: SimAction): Alarm | null | 'unknown' {
  switch (action.do) {
    case 'anomaly': {
      const device = fleet.device(action.device);
      const cause = ANOMALY_CAUSE[action.kind];
      if (!cause) return 'unknown';
      return { id: `${action.device}:${cause}`, cause, station: device.stationId, kind: device.profile.kind };
    }
    case 'offline':
      return {
        id: `${action.station}:comms.station`,
        cause: 'comms.station',
        station: action.station,
        kind: undefined,
      };
    case 'fault': {
      // Only a gateway or unit that stops answering loses comms; slow, malformed or refused answers raise no alarm of their own.
      if (action.fault.kind !== 'silent' && action.fault.kind !== 'drop') return null;
      if (action.unit === undefined)
        return {
          id: `${action.station}:comms.station`,
          cause: 'comms.station',
          station: action.station,
          kind: undefined,
        };
      const device = fleet.config.devices.find(
        (d) => d.stationId === action.station && d.unitId === action.unit,
      );
      if (!device) return 'unknown';
      return {
        id: `${device.id}:comms.device`,
        cause: 'comms.device',
        station: action.station,
        kind: fleet.device(device.id).profile.kind,
      };
    }
    default:
      return null;
  }
}

/** Where a step injects trouble: the station or device a handover note must name. */
function placeOf(action: SimAction): string | null {
  if (action.do === 'anomaly') return action.device;
  if (action.do === 'offline' || action.do === 'fault') return action.station;
  return null;
}

/**
 * The expected response, from the first fault the recording injected: the
 * alarm it raises, the tier and reason the triage table gives it, the
 * dispatch deadline and outage prompt of the preset at that tier, and a
 * handover note naming every place trouble was injected.
 */
function expectedOf(fleet: RunningFleet, r: Recording): Record<string, unknown> {
  const first = r.steps.map((s) => alarmOf(fleet, s.action)).find((a) => a !== null) ?? 'unknown';
  const places = [...new Set(r.steps.map((s) => placeOf(s.action)).filter((p): p is string => p !== null))];
  const ackWithin = `${TODO}: how soon the trainee must acknowledge (the seeds set no deadline), e.g. "5m"`;
  if (first === 'unknown') {
    return {
      preset: r.preset.id,
      alarm: `${TODO}: the alarm the drill is judged on, as device:cause (e.g. sx01-dc1:insulationFault); the recording injected none it can name`,
      tier: `${TODO}: remote, on-site or emergency`,
      tierWhy: `${TODO}: why that tier, as {"zh-CN": "…", "en": "…"}`,
      ackWithin,
      dispatch: `${TODO}: null, or {"within": "2h", "crewMin": 2}`,
      outage: null,
      handover: { station: places[0]?.split('-')[0] ?? `${TODO}: the station`, mention: places },
    };
  }
  const triaged = triage(first.cause, { kind: first.kind });
  const rule = DEFAULT_TRIAGE_TABLE.find((row) => row.id === triaged.ruleId);
  const defect = DEFECT_CLASSES[triaged.defectClass];
  return {
    preset: r.preset.id,
    alarm: first.id,
    tier: triaged.tier,
    tierWhy: {
      'zh-CN': `${defect.name['zh-CN']}缺陷，${defect.handling['zh-CN']}（分诊表 ${triaged.ruleId}：${rule?.why ?? ''}）`,
      en: `a ${defect.name.en} defect: ${defect.handling.en} (triage table ${triaged.ruleId}: ${rule?.why ?? ''})`,
    },
    ackWithin,
    dispatch: dispatchOf(r.preset, triaged.tier),
    outage: outageOf(r.preset, triaged.tier),
    handover: { station: first.station, mention: places },
  };
}

function clockMs(preset: SlaPreset, tier: Tier, id: string): number | null {
  const duration = preset.tiers[tier]?.clocks.find((c) => c.id === id)?.durationMs;
  if (duration === undefined) return null;
  // Shaoxing's arrival limit depends on the station; its dispatch-bound clocks do not.
  return typeof duration === 'number' ? duration : duration.urban;
}

function dispatchOf(preset: SlaPreset, tier: Tier): unknown {
  if (tier === 'remote') return null;
  const within = clockMs(preset, tier, 'dispatch');
  return within === null
    ? {
        within: `${TODO}: the ${preset.id} preset sets no dispatch deadline for ${tier}: how soon, e.g. "1h"`,
        crewMin: 2,
      }
    : { within: formatOffset(within), crewMin: 2 };
}

function outageOf(preset: SlaPreset, tier: Tier): unknown {
  const after = tier === 'remote' ? null : clockMs(preset, tier, 'outage-prompt');
  if (after === null) return null;
  return {
    afterDispatch: formatOffset(after),
    within: `${TODO}: how soon after the prompt it must be filed, e.g. "30m"`,
  };
}
