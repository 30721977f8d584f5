import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../electron/log/logger';
import type { JsonFeedHost } from '../../electron/mqtt/json-feed';
import {
  brokerForFile,
  connectPeer,
  FED_DEVICE as DEVICE,
  fedTelemetry,
  jsonFeedHost,
  publishOnce,
  sparkplugHost,
} from '../helpers/mqtt-desk';
import { startMqtt311Gate, type VersionGate } from '../helpers/mqtt311-proxy';
import { until } from '../helpers/until';

/**
 * The desk's broker client asks for MQTT 5 and, from a broker that refuses
 * it (a real Mosquitto behind a peer that answers an MQTT 5 CONNECT as a
 * 3.1.1-only broker does), connects again with 3.1.1: said once in the log,
 * no broker outage, and the devices fed as before.
 */
const broker = brokerForFile();
let gate: VersionGate;

beforeAll(async () => {
  gate = await startMqtt311Gate(broker.port);
});
afterAll(async () => {
  await gate?.close();
});

/** The desk's JSON feed of the charger through `port` (a gate in front of the broker). */
function fedThrough(port: number, mqtt: { clientId?: string; protocolVersion?: 4 } = {}, reconnectMs = 200) {
  const logged: string[] = [];
  const telemetry = fedTelemetry(broker);
  const host: JsonFeedHost = jsonFeedHost(
    broker,
    { topic: 'gw/sx01/ac1/up', values: { 'gun1.power': 'data.P' } },
    { telemetry, log: createLogger('test', (line) => logged.push(line)), port, mqtt, reconnectMs },
  );
  return { host, telemetry, logged };
}

describe('MQTT 5 with a fallback to 3.1.1', () => {
  it('a JSON feed on a broker that refuses MQTT 5 connects with 3.1.1, says so once, and takes values', async () => {
    const from = gate.levels.length;
    const { host, telemetry, logged } = fedThrough(gate.port);
    host.start();
    try {
      await until(() => host.subscribed);
      expect(gate.levels.slice(from)).toEqual([5, 4]);
      await publishOnce(broker, 'gw/sx01/ac1/up', '{"data":{"P":"3.3"}}');
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
      (host as unknown as { client: MqttClient }).client.stream.destroy();
      await until(() => gate.levels.length > before && host.subscribed);
      expect(gate.levels.slice(before)).toEqual([4]);
    } finally {
      await host.stop();
      telemetry.stop();
    }
  });

  it('a Sparkplug host on that broker falls back too, and asks its node for a rebirth over 3.1.1', async () => {
    const telemetry = fedTelemetry(broker);
    const logged: string[] = [];
    const peer = await connectPeer(broker);
    const commands: string[] = [];
    peer.on('message', (topic) => commands.push(topic));
    await peer.subscribeAsync('spBv1.0/Shaoxing/NCMD/#', { qos: 1 });
    const host = sparkplugHost(
      broker,
      { group: 'Shaoxing', node: 'gw01', device: 'ac1' },
      {
        telemetry,
        log: createLogger('test', (line) => logged.push(line)),
        port: gate.port,
        mqtt: { clientId: 'desk-sp-fallback' },
      },
    );
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
    const { host, telemetry, logged } = fedThrough(starting.port, { clientId: 'desk-refused' }, 100);
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
    const { host, telemetry, logged } = fedThrough(gate.port, { protocolVersion: 4 });
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
