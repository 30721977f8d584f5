import type { PointValue } from '../shared/api/model';
import type { RunningFleet } from './fleet';
import { AnomalyKind } from './models/common';
import { PvInverterModel } from './models/pv-inverter';
import { RECORD_HELP } from './recorder';
import { applyAction, checkAction, type FaultSpec, fleetStatus, type SimAction } from './scenario';

/**
 * The simulator's prompt: a trainer types `anomaly sx01-dc1 insulation-fault`
 * or `offline sx03` while a shift works the desk, and gets one line back.
 */

export type SimCommand =
  | SimAction
  | { do: 'help' }
  | { do: 'status' }
  | { do: 'derate'; device: string; percent: number };

export const COMMAND_HELP = `commands:
  anomaly <device> <kind>      start an anomaly; kinds: ${AnomalyKind.options.join(', ')}
  clear <device> [kind]        end one anomaly, or all, at a device (trips stay latched until reset)
  reset <device>               on-site reset: latched faults whose cause is gone clear
  fault <station> <fault> [unit]
                               comms fault for the whole gateway or one unit; <fault> is
                               silent | drop | slow <ms> | exception <code> | malformed [garbage|truncated]
  clear <station> [unit]       end comms faults at a station (all of them, or one unit's)
  offline <station>            the station drops off the network
  online <station>             it comes back
  set <device> <key> <value>   hold a point at a value (number, state name or null)
  release <device> <key>       let the physics drive it again
  derate <pv device> <percent> the inverter's array delivers only this share (100 heals it)
  status                       what is injected right now
${RECORD_HELP}
  help                         this list`;

const FAULT_USAGE =
  'usage: fault <station> silent|drop|slow <ms>|exception <code>|malformed [garbage|truncated] [unit]';

/** Parses one line; `stationIds` tells `clear sx02` (comms) from `clear sx02-dc1` (anomaly). Throws with usage on a bad line. */
export function parseCommand(line: string, stationIds: ReadonlySet<string>): SimCommand {
  const [verb = '', ...args] = line.trim().split(/\s+/);
  const arity = (min: number, max: number, usage: string) => {
    if (args.length < min || args.length > max) throw new Error(`usage: ${usage}`);
  };
  switch (verb.toLowerCase()) {
    case 'help':
    case '?':
      return { do: 'help' };
    case 'status':
      arity(0, 0, 'status');
      return { do: 'status' };
    case 'anomaly': {
      arity(2, 2, 'anomaly <device> <kind>');
      return { do: 'anomaly', device: arg(args, 0), kind: anomalyKind(arg(args, 1)) };
    }
    case 'clear': {
      arity(1, 2, 'clear <device> [kind] | clear <station> [unit]');
      const target = arg(args, 0);
      const extra = args[1];
      if (stationIds.has(target))
        return { do: 'clearFault', station: target, unit: extra === undefined ? undefined : unitId(extra) };
      return {
        do: 'clear',
        device: target,
        kind: extra === undefined ? undefined : anomalyKind(extra),
        reset: false,
      };
    }
    case 'reset':
      arity(1, 1, 'reset <device>');
      return { do: 'reset', device: arg(args, 0) };
    case 'fault':
      return parseFault(args);
    case 'offline':
      arity(1, 1, 'offline <station>');
      return { do: 'offline', station: arg(args, 0) };
    case 'online':
      arity(1, 1, 'online <station>');
      return { do: 'online', station: arg(args, 0) };
    case 'set':
      arity(3, 3, 'set <device> <key> <value>');
      return { do: 'set', device: arg(args, 0), key: arg(args, 1), value: pointValue(arg(args, 2)) };
    case 'release':
      arity(2, 2, 'release <device> <key>');
      return { do: 'release', device: arg(args, 0), key: arg(args, 1) };
    case 'derate':
      arity(2, 2, 'derate <pv device> <percent>');
      return { do: 'derate', device: arg(args, 0), percent: wholeNumber(args[1], 'percent', 1, 100) };
    case '':
      throw new Error('empty command; type help');
    default:
      throw new Error(`unknown command "${verb}"; type help`);
  }
}

function parseFault(args: string[]): SimCommand {
  const [station, kind, ...rest] = args;
  if (!station || !kind) throw new Error(FAULT_USAGE);
  let fault: FaultSpec;
  switch (kind) {
    case 'silent':
    case 'drop':
      fault = { kind };
      break;
    case 'slow':
      fault = { kind, delayMs: wholeNumber(rest.shift(), 'slow <ms>', 1, 600_000) };
      break;
    case 'exception':
      fault = { kind, code: wholeNumber(rest.shift(), 'exception <code>', 1, 127) };
      break;
    case 'malformed': {
      const variant = rest[0];
      if (variant === 'garbage' || variant === 'truncated') {
        rest.shift();
        fault = { kind, variant };
      } else fault = { kind };
      break;
    }
    default:
      throw new Error(`unknown fault "${kind}"; ${FAULT_USAGE}`);
  }
  if (rest.length > 1) throw new Error(FAULT_USAGE);
  const unit = rest[0] === undefined ? undefined : unitId(rest[0]);
  return { do: 'fault', station, fault, unit };
}

function arg(args: string[], i: number): string {
  return args[i] ?? '';
}

function anomalyKind(text: string): AnomalyKind {
  const parsed = AnomalyKind.safeParse(text);
  if (!parsed.success) throw new Error(`unknown anomaly "${text}"; kinds: ${AnomalyKind.options.join(', ')}`);
  return parsed.data;
}

function unitId(text: string): number {
  return wholeNumber(text, 'unit id', 0, 255);
}

function wholeNumber(text: string | undefined, what: string, lo: number, hi: number): number {
  const n = Number(text);
  if (text === undefined || !/^\d+$/.test(text) || n < lo || n > hi)
    throw new Error(`${what} must be a whole number ${lo}–${hi}, not "${text ?? ''}"`);
  return n;
}

/** "42.5" is a number, "null" is null, anything else a state name. */
function pointValue(text: string): PointValue {
  if (text === 'null') return null;
  const n = Number(text);
  return text !== '' && Number.isFinite(n) ? n : text;
}

/**
 * Runs one typed line against the fleet: "ok: …" or "error: …", or the help
 * text. `applied` hears every action carried out (a recording keeps them).
 */
export function runCommandLine(
  fleet: RunningFleet,
  line: string,
  applied: (action: SimAction) => void = () => {},
): string {
  let command: SimCommand;
  try {
    command = parseCommand(line, new Set(fleet.stations.map((s) => s.station.id)));
  } catch (err) {
    return `error: ${(err as Error).message}`;
  }
  if (command.do === 'help') return COMMAND_HELP;
  if (command.do === 'status') return fleetStatus(fleet).join('\n');
  // A scenario has no derate step: a recording leaves it out, and says so.
  if (command.do === 'derate') return derate(fleet, command.device, command.percent);
  const problem = checkAction(fleet, command);
  if (problem) return `error: ${problem.message}`;
  try {
    const done = applyAction(fleet, command);
    applied(command);
    return `ok: ${done}`;
  } catch (err) {
    return `error: ${(err as Error).message}`;
  }
}

function derate(fleet: RunningFleet, deviceId: string, percent: number): string {
  let model: unknown;
  try {
    model = fleet.device(deviceId).model;
  } catch (err) {
    return `error: ${(err as Error).message}`;
  }
  if (!(model instanceof PvInverterModel)) return `error: ${deviceId} is not a PV inverter`;
  model.derate(percent / 100);
  return `ok: derate ${deviceId} to ${percent} %`;
}
