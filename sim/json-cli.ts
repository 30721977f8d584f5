import type { DeskConfigInput } from '../shared/config/schema';
import { type BrokerArgs, brokerArgs, brokerFedConfig, stationList } from './broker-args';
import { integer } from './flags';
import type { RunningFleet } from './fleet';
import { JsonGateways } from './json-gateway';

/** `npm run sim -- --json URL …`: the flags, and the desk config that feeds the served stations' devices from the broker's JSON. */

export type JsonArgs = BrokerArgs & {
  stations: string[] | undefined;
  /** How often each device publishes its snapshot. */
  periodMs: number;
};

export const JSON_FLAGS = {
  json: { type: 'string' },
  'json-stations': { type: 'string' },
  'json-period-ms': { type: 'string', default: '1000' },
} as const;

type Flags = {
  json?: string | undefined;
  'json-stations'?: string | undefined;
  'json-period-ms'?: string | undefined;
  'mqtt-user'?: string | undefined;
  'mqtt-ca'?: string | undefined;
};

/** Ten publish periods of silence, and never under the desk's least staleness timeout, make a device comm-lost. */
export const staleAfterMs = (periodMs: number): number => Math.max(1000, 10 * periodMs);

export function jsonArgs(flags: Flags, password: string | undefined): JsonArgs | undefined {
  if (flags.json === undefined) {
    if (flags['json-stations'] !== undefined) throw new Error('--json-stations needs --json URL');
    return undefined;
  }
  return {
    ...brokerArgs('--json', flags.json, { username: flags['mqtt-user'], password, ca: flags['mqtt-ca'] }),
    stations: stationList(flags['json-stations']),
    periodMs: integer('--json-period-ms', flags['json-period-ms'] ?? '1000', 100, 60_000),
  };
}

export function startGateways(
  fleet: RunningFleet,
  args: JsonArgs,
  print: (line: string) => void,
): JsonGateways {
  const gateways = new JsonGateways(fleet, { ...args, publishMs: args.periodMs, log: print });
  gateways.start();
  const stations = [...new Set(gateways.feeds().map((f) => f.topic.split('/')[1]))];
  print(`  JSON gateways on ${args.url} (dutydesk/{station}/{device}/up): ${stations.join(', ')}`);
  return gateways;
}

/** The fleet's desk config with the gateways' devices fed from the broker's JSON instead of polled. */
export function jsonFedConfig(
  config: DeskConfigInput,
  gateways: JsonGateways,
  args: JsonArgs,
): DeskConfigInput {
  const staleAfter = staleAfterMs(args.periodMs);
  return brokerFedConfig(
    config,
    args,
    gateways
      .feeds()
      .map((f) => [f.deviceId, { json: { topic: f.topic, values: f.values, staleAfterMs: staleAfter } }]),
  );
}

export const JSON_HELP = `  json stale <station|device>     that gateway stops publishing (the desk notices only by its silence)
  json resume <station|device>    it publishes again
  json garbage <station|device> [n]  n malformed payloads at once (default 20)`;

const USAGE = 'usage: json stale|resume|garbage <station|device> [n]';

/** A `json …` line at the simulator's prompt; null when the line is not one. */
export function runJsonCommand(gateways: JsonGateways | undefined, line: string): string | null {
  const [verb, action, target, count] = line.trim().split(/\s+/);
  if (verb?.toLowerCase() !== 'json') return null;
  if (!gateways) return 'no JSON gateways here: start the simulator with --json URL';
  try {
    if (!target) throw new Error(USAGE);
    switch (action) {
      case 'stale':
        return `${gateways.stale(target).join(', ')}: publishing stopped until "json resume ${target}"`;
      case 'resume':
        return `${gateways.resume(target).join(', ')}: publishing again`;
      case 'garbage': {
        const times = count === undefined ? 20 : Number(count);
        if (!Number.isInteger(times) || times < 1 || times > 1000) throw new Error('n must be 1–1000');
        return `${target}: ${gateways.malformed(target, times)} malformed payload(s) sent`;
      }
      default:
        throw new Error(USAGE);
    }
  } catch (error) {
    return (error as Error).message;
  }
}
