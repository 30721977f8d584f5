import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../electron/log/logger';
import { JsonFeedHost } from '../../electron/mqtt/json-feed';
import { SparkplugHost } from '../../electron/mqtt/sparkplug-host';
import { TelemetryStore } from '../../electron/telemetry/store';
import { loadProfiles } from '../../node/profiles';
import { resourcesDir } from '../../node/resources';
import { MqttConfig } from '../../shared/profile/binding';
import { JsonFeed } from '../../shared/profile/json-binding';
import type { Profile } from '../../shared/profile/schema';
import { type Broker, startMosquitto } from '../helpers/mosquitto';
import { startMqtt311Gate, type VersionGate } from '../helpers/mqtt311-proxy';
import { fedCharger } from '../helpers/sparkplug-edge';

/**
 * The desk's broker client asks for MQTT 5 and, from a broker that refuses
 * it (a real Mosquitto behind a peer that answers an MQTT 5 CONNECT as a
 * 3.1.1-only broker does), connects again with 3.1.1: said once in the log,
 * no broker outage, and the devices fed as before.
 */
const profiles = loadProfiles(join(resourcesDir(), 'profiles'));
const profile = profiles.get('ac-7kw') as Profile;
const DEVICE = 'sx01-ac1';
let broker: Broker;
let gate: VersionGate;

beforeAll(async () => {
  broker = await startMosquitto();
  gate = await startMqtt311Gate(broker.port);
});
afterAll(async () => {
  await gate?.close();
  await broker?.stop();
});

async function until<T>(check: () => T | undefined | false, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

function fedThroughGate(protocolVersion?: 4) {
  const logged: string[] = [];
  const telemetry = new TelemetryStore(
    [fedCharger(DEVICE, 'sx01', broker)],
    new Map([[profile.id, profile]]),
    () => {},
    0,
  );
  const host = new JsonFeedHost({
    host: '127.0.0.1',
    port: gate.port,
    mqtt: MqttConfig.parse({
      clientId: `desk-${Math.random().toString(36).slice(2)}`,
      username: broker.user,
      password: broker.password,
      ...(protocolVersion ? { protocolVersion } : {}),
    }),
    devices: [
      {
        deviceId: DEVICE,
        profile,
        feed: JsonFeed.parse({ topic: 'gw/sx01/ac1/up', values: { 'gun1.power': 'data.P' } }),
      },
    ],
    telemetry,
    log: createLogger('test', (line) => logged.push(line)),
    reconnectMs: 200,
  });
  return { host, telemetry, logged };
}

describe('MQTT 5 with a fallback to 3.1.1', () => {
  it('a JSON feed on a broker that refuses MQTT 5 connects with 3.1.1, says so once, and takes values', async () => {
    const from = gate.levels.length;
    const { host, telemetry, logged } = fedThroughGate();
    host.start();
    try {
      await until(() => host.subscribed);
      expect(gate.levels.slice(from)).toEqual([5, 4]);
      const gateway = await mqtt.connectAsync(broker.url, {
        username: broker.user,
        password: broker.password,
      });
      await gateway.publishAsync('gw/sx01/ac1/up', '{"data":{"P":"3.3"}}', { qos: 1 });
      await gateway.endAsync();
      await until(() => telemetry.sample(DEVICE, 'gun1.power')?.value === 3.3);
      expect(telemetry.status(DEVICE)?.comms).toBe('online');
      const fallback = logged.filter((l) => l.includes('falling back'));
      expect(fallback).toHaveLength(1);
      expect(fallback[0]).toContain(
        `broker mqtt://127.0.0.1:${gate.port} refused MQTT 5 (Connection refused: Unacceptable protocol version): falling back to MQTT 3.1.1`,
      );
      expect(logged.some((l) => l.includes('connected with MQTT 3.1.1'))).toBe(true);
      expect(logged.filter((l) => l.includes('broker unreachable'))).toEqual([]);
      // A lost connection comes back on 3.1.1 straight away: the version is kept for reconnects.
      const before = gate.levels.length;
      (host as unknown as { client: mqtt.MqttClient }).client.stream.destroy();
      await until(() => gate.levels.length > before && host.subscribed);
      expect(gate.levels.slice(before)).toEqual([4]);
    } finally {
      await host.stop();
      telemetry.stop();
    }
  });

  it('a Sparkplug host on that broker falls back too, and asks its node for a rebirth over 3.1.1', async () => {
    const telemetry = new TelemetryStore(
      [fedCharger(DEVICE, 'sx01', broker)],
      new Map([[profile.id, profile]]),
      () => {},
      0,
    );
    const logged: string[] = [];
    const peer = await mqtt.connectAsync(broker.url, { username: broker.user, password: broker.password });
    const commands: string[] = [];
    peer.on('message', (topic) => commands.push(topic));
    await peer.subscribeAsync('spBv1.0/Shaoxing/NCMD/#', { qos: 1 });
    const host = new SparkplugHost({
      host: '127.0.0.1',
      port: gate.port,
      mqtt: MqttConfig.parse({
        clientId: 'desk-sp-fallback',
        username: broker.user,
        password: broker.password,
      }),
      devices: [{ deviceId: DEVICE, profile, address: { group: 'Shaoxing', node: 'gw01', device: 'ac1' } }],
      telemetry,
      history: () => {},
      log: createLogger('test', (line) => logged.push(line)),
      reconnectMs: 200,
    });
    const from = gate.levels.length;
    host.start();
    try {
      await until(() => commands.includes('spBv1.0/Shaoxing/NCMD/gw01'));
      expect(gate.levels.slice(from)).toEqual([5, 4]);
      expect(logged.filter((l) => l.includes('falling back'))).toHaveLength(1);
      expect(logged.filter((l) => l.includes('broker unreachable'))).toEqual([]);
    } finally {
      await host.stop();
      await peer.endAsync();
      telemetry.stop();
    }
  });

  it('a broker that refuses at first (server unavailable) is tried again until it takes the desk', async () => {
    const starting = await startMqtt311Gate(broker.port, 3);
    const logged: string[] = [];
    const telemetry = new TelemetryStore(
      [fedCharger(DEVICE, 'sx01', broker)],
      new Map([[profile.id, profile]]),
      () => {},
      0,
    );
    const host = new JsonFeedHost({
      host: '127.0.0.1',
      port: starting.port,
      mqtt: MqttConfig.parse({ clientId: 'desk-refused', username: broker.user, password: broker.password }),
      devices: [
        {
          deviceId: DEVICE,
          profile,
          feed: JsonFeed.parse({ topic: 'gw/sx01/ac1/up', values: { 'gun1.power': 'data.P' } }),
        },
      ],
      telemetry,
      log: createLogger('test', (line) => logged.push(line)),
      reconnectMs: 100,
    });
    host.start();
    try {
      await until(() => host.subscribed);
      // Three refusals, the MQTT 5 one answered, then 3.1.1 taken.
      expect(starting.levels).toEqual([5, 5, 5, 5, 4]);
      expect(logged.some((l) => l.includes('broker unreachable') && l.includes('Server unavailable'))).toBe(
        true,
      );
    } finally {
      await host.stop();
      telemetry.stop();
      await starting.close();
    }
  });

  it('with protocolVersion 4 configured it asks for 3.1.1 at once', async () => {
    const from = gate.levels.length;
    const { host, telemetry, logged } = fedThroughGate(4);
    host.start();
    try {
      await until(() => host.subscribed);
      expect(gate.levels.slice(from)).toEqual([4]);
      expect(logged.filter((l) => l.includes('falling back') || l.includes('MQTT 3.1.1'))).toEqual([]);
    } finally {
      await host.stop();
      telemetry.stop();
    }
  });
});
