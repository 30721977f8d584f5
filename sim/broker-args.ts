import { readFileSync } from 'node:fs';
import type { IClientOptions } from 'mqtt';
import type { DeskConfigInput } from '../shared/config/schema';
import type { RunningFleet, SimDevice } from './fleet';

/** A broker named on the simulator's command line (`--sparkplug URL`, `--json URL`) and the client the desk uses for it. */

export type BrokerArgs = {
  url: string;
  host: string;
  port: number;
  tls: boolean;
  username: string | undefined;
  password: string | undefined;
  ca: string | undefined;
};

export function brokerArgs(
  flag: string,
  text: string,
  credentials: { username: string | undefined; password: string | undefined; ca: string | undefined },
): BrokerArgs {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`${flag} must be a broker URL such as mqtt://127.0.0.1:1883, not "${text}"`);
  }
  if (url.protocol !== 'mqtt:' && url.protocol !== 'mqtts:')
    throw new Error(`${flag} must be mqtt:// or mqtts://, not "${url.protocol}"`);
  const tls = url.protocol === 'mqtts:';
  return {
    url: text,
    host: url.hostname,
    port: url.port ? Number(url.port) : tls ? 8883 : 1883,
    tls,
    ...credentials,
  };
}

/** How a simulated publisher (edge node, JSON gateway) reaches its broker, and what it serves. */
export type PublisherOptions = {
  /** mqtt://host:port or mqtts://host:port */
  url: string;
  username?: string | undefined;
  password?: string | undefined;
  /** PEM file of the CA that signed the broker's certificate. */
  ca?: string | undefined;
  /** Stations it serves; all of the fleet's when absent. */
  stations?: readonly string[] | undefined;
  /** How often it publishes (ms). */
  publishMs?: number;
  now?: () => number;
  log?: (line: string) => void;
};

/**
 * The stations a publisher serves, each with its devices: those named, or
 * all of the fleet's. A station the fleet does not have is refused, saying
 * what it was to be served as.
 */
export function servedStations(
  fleet: RunningFleet,
  stations: readonly string[] | undefined,
  servedAs: string,
): { stationId: string; devices: SimDevice[] }[] {
  return (stations ?? fleet.stations.map((s) => s.station.id)).map((stationId) => {
    const station = fleet.stations.find((s) => s.station.id === stationId);
    if (!station) throw new Error(`no station ${stationId} to serve ${servedAs}`);
    return { stationId, devices: station.devices.map((spec) => fleet.device(spec.id)) };
  });
}

/** A publisher's client options: its id, its credentials and CA, reconnecting every second also after a refusal. */
export function publisherClient(options: PublisherOptions, clientId: string): IClientOptions {
  const { username, password, ca } = options;
  return {
    clientId,
    clean: true,
    reconnectPeriod: 1000,
    reconnectOnConnackError: true,
    ...(username ? { username } : {}),
    ...(password ? { password } : {}),
    ...(ca ? { ca: readFileSync(ca) } : {}),
  };
}

/** The desk config's `mqtt` section for a broker the simulator publishes on. */
export function mqttSection(args: BrokerArgs): NonNullable<DeskConfigInput['mqtt']> {
  return {
    clientId: 'dutydesk-demo-desk',
    ...(args.username ? { username: args.username } : {}),
    ...(args.password ? { password: args.password } : {}),
    ...(args.tls ? { tls: args.ca ? { ca: args.ca } : {} } : {}),
  };
}

type FedBy = Pick<DeskConfigInput['devices'][number], 'json' | 'sparkplug'>;

/**
 * The fleet's desk config with the devices `fed` names (device id, feed)
 * fed from the broker at `args` instead of polled: the broker's host and
 * port, no Modbus framing.
 */
export function brokerFedConfig(
  config: DeskConfigInput,
  args: BrokerArgs,
  fed: Iterable<readonly [deviceId: string, FedBy]>,
): DeskConfigInput {
  const feeds = new Map(fed);
  return {
    ...config,
    mqtt: mqttSection(args),
    devices: config.devices.map((d) => {
      const fed = feeds.get(d.id);
      if (!fed) return d;
      const { framing: _framing, ...rest } = d;
      return { ...rest, host: args.host, port: args.port, ...fed };
    }),
  };
}

/** "sx01, sx03" → ["sx01", "sx03"] */
export const stationList = (text: string | undefined): string[] | undefined =>
  text?.split(',').map((id) => id.trim());
