import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { IClientOptions, MqttClient } from 'mqtt';
import type { MqttConfig } from '../../shared/profile/binding';
import type { Logger } from '../log/logger';
import type { TelemetryStore } from '../telemetry/store';

/** What a broker-fed link (the Sparkplug host, the JSON feed) is given: the broker, its devices and where their values go. */
export type BrokerFeedOptions<Device> = {
  /** The broker, as the devices fed through it name it. */
  host: string;
  port: number;
  mqtt: MqttConfig;
  devices: readonly Device[];
  telemetry: TelemetryStore;
  log: Logger;
  now?: () => number;
  /** Reconnect backoff floor; the broker's outage is reported at once regardless. */
  reconnectMs?: number;
};

/** The URL and client options of the desk's connection to a broker, per its `mqtt` section. */
export function brokerConnection(
  config: MqttConfig,
  at: { host: string; port: number; clientId: string; reconnectMs: number; will?: IClientOptions['will'] },
): { url: string; options: IClientOptions } {
  const tls = config.tls;
  const options: IClientOptions = {
    clientId: at.clientId,
    protocolVersion: config.protocolVersion,
    clean: true,
    reconnectPeriod: at.reconnectMs,
    // MQTT.js gives up for good on a refused CONNACK; a broker that is still starting (server unavailable) or whose password file is being fixed must be tried again.
    reconnectOnConnackError: true,
    connectTimeout: 10_000,
    ...(config.username ? { username: config.username } : {}),
    ...(config.password ? { password: config.password } : {}),
    ...(tls?.ca ? { ca: readFileSync(tls.ca) } : {}),
    ...(tls?.cert ? { cert: readFileSync(tls.cert) } : {}),
    ...(tls?.key ? { key: readFileSync(tls.key) } : {}),
    ...(at.will ? { will: at.will } : {}),
  };
  return { url: `${tls ? 'mqtts' : 'mqtt'}://${at.host}:${at.port}`, options };
}

/**
 * MQTT.js is loaded at the first broker connection, not at start: it took
 * about 0.13 s of the desk's cold start, and most desks poll Modbus only.
 * Connecting is synchronous, hence require rather than import().
 */
const requireHere = createRequire(import.meta.url);
let mqttLibrary: typeof import('mqtt') | null = null;
const mqtt = () => {
  mqttLibrary ??= requireHere('mqtt') as typeof import('mqtt');
  return mqttLibrary;
};

/** CONNACK codes of a broker that does not speak the version asked: 3.1.1's "unacceptable protocol version", MQTT 5's "unsupported protocol version". */
const VERSION_REFUSED = new Set([1, 132]);

/** Clients between a broker's refusal of MQTT 5 and their 3.1.1 connection: their close and error are not an outage. */
const fallingBack = new WeakSet<MqttClient>();

/**
 * Connects with MQTT 5, and when the broker refuses that version at once
 * again with 3.1.1, which that client then keeps for its reconnects. The
 * refusal is said in the log; it is not a broker outage.
 */
export function connectBroker(url: string, options: IClientOptions, log: Logger): MqttClient {
  const client = mqtt().connect(url, options);
  client.prependListener('error', (error) => {
    const code = (error as { code?: unknown }).code;
    if (client.options.protocolVersion !== 5 || typeof code !== 'number' || !VERSION_REFUSED.has(code))
      return;
    fallingBack.add(client);
    client.options.protocolVersion = 4;
    log.warn(`broker ${url} refused MQTT 5 (${error.message}): falling back to MQTT 3.1.1`);
    // After the CONNACK handler has closed this connection: MQTT.js does not reconnect after a refusal by itself.
    setImmediate(() => {
      if (!client.disconnecting) client.reconnect();
    });
  });
  client.prependListener('connect', () => {
    fallingBack.delete(client);
    if (client.options.protocolVersion === 4 && options.protocolVersion === 5)
      log.info(`broker ${url}: connected with MQTT 3.1.1`);
  });
  return client;
}

/** Whether this close or error of the client is its switch to MQTT 3.1.1 rather than a lost broker. */
export function isFallingBack(client: MqttClient): boolean {
  return fallingBack.has(client);
}

/**
 * A feed's view of its broker connection: connected, lost (with the last
 * error the client gave, else that it closed), and messages. The switch to
 * MQTT 3.1.1 is neither a loss nor an error.
 */
export function watchBroker(
  client: MqttClient,
  on: { onConnect(): void; onLost(reason: string): void; onMessage(topic: string, payload: Buffer): void },
): void {
  let lastError: string | null = null;
  client.on('connect', () => {
    lastError = null;
    on.onConnect();
  });
  client.on('close', () => {
    if (!isFallingBack(client)) on.onLost(lastError ?? 'connection closed');
  });
  client.on('error', (error) => {
    if (isFallingBack(client)) return;
    lastError = error.message;
    on.onLost(error.message);
  });
  client.on('message', (topic, payload) => on.onMessage(topic, payload));
}

/**
 * A feed's connection to its broker as `clientId` (with its will, if any),
 * watched as watchBroker does; until it connects, every device it feeds
 * reads as waiting for the broker. On each connect it subscribes to the
 * topics `onConnect` names, at QoS 1, and calls `onSubscribed` once the
 * broker granted them; a refused subscription is said in the log and the
 * feed stays unsubscribed until the next connect. Everything behind the
 * broker is out of reach at once, so a loss is said once, in the log and to
 * `onLost`, with a detail that names the broker; a second, better reason
 * (the error after a close) only renames the loss. A feed that is being
 * stopped loses nothing.
 */
export function openFeed(
  feed: BrokerFeedOptions<{ deviceId: string }>,
  connection: { clientId: string; will?: IClientOptions['will'] },
  on: {
    /** Connected: the feed resets what a new session starts afresh and names the topics to subscribe to. */
    onConnect(client: MqttClient): string[];
    onSubscribed(client: MqttClient): void;
    onLost(detail: string, ts: number): void;
    onMessage(topic: string, payload: Buffer): void;
  },
): MqttClient {
  const endpoint = `${feed.host}:${feed.port}`;
  const { url, options } = brokerConnection(feed.mqtt, {
    host: feed.host,
    port: feed.port,
    reconnectMs: feed.reconnectMs ?? 2000,
    ...connection,
  });
  const client = connectBroker(url, options, feed.log);
  let down: string | null = null;
  watchBroker(client, {
    onConnect: () => {
      down = null;
      feed.log.info(`broker ${endpoint} connected`);
      client.subscribe(on.onConnect(client), { qos: 1 }, (error) => {
        if (error) feed.log.error(`broker ${endpoint}: subscribing failed: ${error.message}`);
        else on.onSubscribed(client);
      });
    },
    onLost: (reason) => {
      // Ended by the feed's stop (disconnecting while it ends, disconnected after): not an outage.
      if (down === reason || client.disconnecting || client.disconnected) return;
      down = reason;
      const detail = `broker unreachable: ${endpoint} (${reason})`;
      feed.log.warn(detail);
      on.onLost(detail, (feed.now ?? Date.now)());
    },
    onMessage: on.onMessage,
  });
  for (const device of feed.devices)
    feed.telemetry.setComms(device.deviceId, 'connecting', `waiting for broker ${endpoint}`);
  return client;
}
