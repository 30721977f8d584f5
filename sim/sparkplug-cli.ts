import type { DeskConfigInput } from '../shared/config/schema';
import { type BrokerArgs, brokerArgs, brokerFedConfig, stationList } from './broker-args';
import type { RunningFleet } from './fleet';
import { SparkplugEdges } from './sparkplug-edge';

/** `npm run sim -- --sparkplug URL …`: the flags, and the desk config that feeds the served stations from the broker. */

export type SparkplugArgs = BrokerArgs & {
  group: string;
  stations: string[] | undefined;
};

export const SPARKPLUG_FLAGS = {
  sparkplug: { type: 'string' },
  'sparkplug-stations': { type: 'string' },
  'sparkplug-group': { type: 'string', default: 'DutyDesk' },
  'mqtt-user': { type: 'string' },
  'mqtt-ca': { type: 'string' },
} as const;

type Flags = {
  sparkplug?: string | undefined;
  'sparkplug-stations'?: string | undefined;
  'sparkplug-group'?: string | undefined;
  'mqtt-user'?: string | undefined;
  'mqtt-ca'?: string | undefined;
};

export function sparkplugArgs(flags: Flags, password: string | undefined): SparkplugArgs | undefined {
  if (flags.sparkplug === undefined) {
    if (flags['sparkplug-stations'] !== undefined)
      throw new Error('--sparkplug-stations needs --sparkplug URL');
    return undefined;
  }
  const group = flags['sparkplug-group'] ?? 'DutyDesk';
  if (!/^[^/+#]+$/.test(group)) throw new Error(`--sparkplug-group: a Sparkplug name has no "/", "+" or "#"`);
  return {
    ...brokerArgs('--sparkplug', flags.sparkplug, {
      username: flags['mqtt-user'],
      password,
      ca: flags['mqtt-ca'],
    }),
    group,
    stations: stationList(flags['sparkplug-stations']),
  };
}

export function startEdges(
  fleet: RunningFleet,
  args: SparkplugArgs,
  print: (line: string) => void,
): SparkplugEdges {
  const edges = new SparkplugEdges(fleet, { ...args, log: print });
  edges.start();
  const nodes = [...new Set(edges.addresses().map((a) => a.node))];
  print(`  Sparkplug B edge nodes on ${args.url}, group ${args.group}: ${nodes.join(', ')}`);
  return edges;
}

/** The fleet's desk config with the edge nodes' devices fed from the broker instead of polled. */
export function fedConfig(
  config: DeskConfigInput,
  edges: SparkplugEdges,
  args: SparkplugArgs,
): DeskConfigInput {
  return brokerFedConfig(
    config,
    args,
    edges
      .addresses()
      .map((a) => [a.deviceId, { sparkplug: { group: a.group, node: a.node, device: a.device } }]),
  );
}

export const SPARKPLUG_HELP = `  sparkplug die <station>      the edge node's connection is cut: the broker publishes its will (NDEATH)
  sparkplug gap <station>      its next message skips a seq number (a host asks for a rebirth)
  sparkplug rebirth <station> [n]  births the node again, n times in a row (a rebirth storm)`;

/** A `sparkplug …` line at the simulator's prompt; null when the line is not one. */
export function runSparkplugCommand(edges: SparkplugEdges | undefined, line: string): string | null {
  const [verb, action, station, count] = line.trim().split(/\s+/);
  if (verb?.toLowerCase() !== 'sparkplug') return null;
  if (!edges) return 'no Sparkplug edge nodes here: start the simulator with --sparkplug URL';
  try {
    if (!station) throw new Error('usage: sparkplug die|gap|rebirth <station> [n]');
    switch (action) {
      case 'die':
        edges.die(station);
        return `${station}: connection cut, its will goes out`;
      case 'gap':
        edges.gap(station);
        return `${station}: the next message skips a seq number`;
      case 'rebirth': {
        const times = count === undefined ? 1 : Number(count);
        if (!Number.isInteger(times) || times < 1 || times > 100) throw new Error('n must be 1–100');
        edges.rebirth(station, times);
        return `${station}: born again ${times} time(s)`;
      }
      default:
        throw new Error('usage: sparkplug die|gap|rebirth <station> [n]');
    }
  } catch (error) {
    return (error as Error).message;
  }
}
