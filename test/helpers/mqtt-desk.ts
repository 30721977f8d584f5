import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { z } from 'zod';
import type { Logger } from '../../electron/log/logger';
import { JsonFeedHost } from '../../electron/mqtt/json-feed';
import { SparkplugHost } from '../../electron/mqtt/sparkplug-host';
import { TelemetryStore } from '../../electron/telemetry/store';
import { loadProfiles } from '../../node/profiles';
import { resourcesDir } from '../../node/resources';
import type { FleetDelta } from '../../shared/api/contract';
import type { PointSample } from '../../shared/api/model';
import type { DeskConfigInput } from '../../shared/config/schema';
import { MqttConfig, type SparkplugAddress } from '../../shared/profile/binding';
import { JsonFeed } from '../../shared/profile/json-binding';
import type { Profile } from '../../shared/profile/schema';
import { type Broker, startMosquitto } from './mosquitto';
import { fedCharger, startEdgeNode } from './sparkplug-edge';

type MqttConfigInput = z.input<typeof MqttConfig>;

/**
 * The pieces of a desk fed through a real Mosquitto, for the MQTT tests:
 * the broker of a test file, one 7 kW charger's telemetry, the desk's JSON
 * feed and Sparkplug host on it, and the config that feeds devices of a
 * whole desk from an edge node.
 */

export const PROFILES = loadProfiles(join(resourcesDir(), 'profiles'));
export const AC_PROFILE = PROFILES.get('ac-7kw') as Profile;
/** The charger these desks watch; its endpoint is the broker's. */
export const FED_DEVICE = 'sx01-ac1';

/**
 * A Mosquitto started before the file's tests and stopped after them (after
 * the file's own `afterAll`s, which may still need it). Read its fields in
 * tests and hooks, not at the top of the file: it starts in `beforeAll`.
 */
export function brokerForFile(options: { tls?: boolean } = {}): Broker {
  let started: Broker | undefined;
  beforeAll(async () => {
    started = await startMosquitto(options);
  });
  afterAll(async () => {
    await started?.stop();
  });
  const broker = (): Broker => {
    if (!started) throw new Error('the broker starts in beforeAll');
    return started;
  };
  return {
    get port() {
      return broker().port;
    },
    get url() {
      return broker().url;
    },
    get ca() {
      return broker().ca;
    },
    get user() {
      return broker().user;
    },
    get password() {
      return broker().password;
    },
    kill: () => broker().kill(),
    restart: () => broker().restart(),
    stop: () => broker().stop(),
  };
}

/** What a test started and must stop, stopped after each test, last first. */
export function cleanupsAfterEach(): (() => unknown)[] {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  return cleanups;
}

/** A plain MQTT client on `broker` with its credentials: a gateway, a watcher or an intruder. */
export function connectPeer(broker: Broker): Promise<MqttClient> {
  return mqtt.connectAsync(broker.url, { username: broker.user, password: broker.password });
}

/** A gateway's one message: a plain MQTT client publishing `payload` at QoS 1, then leaving. */
export async function publishOnce(broker: Broker, topic: string, payload: string): Promise<void> {
  const client = await connectPeer(broker);
  try {
    await client.publishAsync(topic, payload, { qos: 1 });
  } finally {
    await client.endAsync();
  }
}

/** The telemetry of FED_DEVICE, fed through `broker`. */
export function fedTelemetry(
  broker: Broker,
  options: { onDelta?: (delta: FleetDelta) => void; now?: () => number } = {},
): TelemetryStore {
  return new TelemetryStore(
    [fedCharger(FED_DEVICE, 'sx01', broker)],
    new Map([[AC_PROFILE.id, AC_PROFILE]]),
    options.onDelta ?? (() => {}),
    0,
    options.now ?? Date.now,
  );
}

/** The broker connection of a test desk: its credentials, a fresh client id unless given, and `extra`. */
function deskMqtt(broker: Broker, extra: Partial<MqttConfigInput>): MqttConfig {
  return MqttConfig.parse({
    clientId: `desk-${Math.random().toString(36).slice(2)}`,
    username: broker.user,
    password: broker.password,
    ...extra,
  });
}

type HostOptions = {
  telemetry: TelemetryStore;
  log: Logger;
  /** Where the desk connects: the broker's port, or a peer's in front of it. */
  port?: number;
  mqtt?: Partial<MqttConfigInput>;
  now?: () => number;
  /** The desk's clock, which a JSON feed stamps samples with. */
  stamp?: () => number;
  reconnectMs?: number;
};

/** The desk's JSON feed of FED_DEVICE from `feed`; not started. */
export function jsonFeedHost(
  broker: Broker,
  feed: z.input<typeof JsonFeed>,
  options: HostOptions,
): JsonFeedHost {
  return new JsonFeedHost({
    host: '127.0.0.1',
    port: options.port ?? broker.port,
    mqtt: deskMqtt(broker, options.mqtt ?? {}),
    devices: [{ deviceId: FED_DEVICE, profile: AC_PROFILE, feed: JsonFeed.parse(feed) }],
    telemetry: options.telemetry,
    log: options.log,
    ...(options.now ? { now: options.now } : {}),
    ...(options.stamp ? { stamp: options.stamp } : {}),
    reconnectMs: options.reconnectMs ?? 200,
  });
}

/** The desk's Sparkplug host with FED_DEVICE at `address`; not started. */
export function sparkplugHost(
  broker: Broker,
  address: SparkplugAddress,
  options: HostOptions & { history?: (samples: PointSample[]) => void },
): SparkplugHost {
  return new SparkplugHost({
    host: '127.0.0.1',
    port: options.port ?? broker.port,
    mqtt: deskMqtt(broker, options.mqtt ?? {}),
    devices: [{ deviceId: FED_DEVICE, profile: AC_PROFILE, address }],
    telemetry: options.telemetry,
    history: options.history ?? (() => {}),
    log: options.log,
    ...(options.now ? { now: options.now } : {}),
    reconnectMs: options.reconnectMs ?? 200,
  });
}

/**
 * A startDesk `extend`: the devices named in `nodeDevices` (unit under edge
 * node gw01 of group Shaoxing → desk device) fed through `broker` instead of
 * polled, and the desk's broker connection (`mqtt`, with the broker's credentials).
 */
export function sparkplugFed(
  broker: Broker,
  nodeDevices: Readonly<Record<string, string>>,
  mqtt: MqttConfigInput,
): (config: DeskConfigInput) => DeskConfigInput {
  return (config) => ({
    ...config,
    mqtt: { ...mqtt, username: broker.user, password: broker.password },
    devices: config.devices.map((d) => {
      const device = Object.entries(nodeDevices).find(([, id]) => id === d.id)?.[0];
      if (!device) return d;
      return {
        ...d,
        host: '127.0.0.1',
        port: broker.port,
        sparkplug: { group: 'Shaoxing', node: 'gw01', device },
      };
    }),
  });
}

/**
 * The Tahu edge node gw01 (group Shaoxing) feeding `nodeDevices` at 3.3 kW
 * through `broker`, for a desk extended by `sparkplugFed`.
 */
export function startGw01(
  broker: Broker,
  nodeDevices: Readonly<Record<string, string>>,
  writable?: { maxKw: number; deaf?: readonly string[] },
) {
  return startEdgeNode(broker, {
    group: 'Shaoxing',
    node: 'gw01',
    devices: Object.keys(nodeDevices),
    power: 3.3,
    now: Date.now,
    ...(writable ? { writable } : {}),
  });
}
