import type { MqttClient } from 'mqtt';
import { get as sparkplugCodec } from 'sparkplug-payload';
import { afterEach, describe, expect, it } from 'vitest';
import type { TelemetryStore } from '../../electron/telemetry/store';
import type { DeviceStatus, PointSample } from '../../shared/api/model';
import { quietLog } from '../helpers/desk';
import { type Broker, startMosquitto } from '../helpers/mosquitto';
import {
  brokerForFile,
  cleanupsAfterEach,
  connectPeer,
  FED_DEVICE as DEVICE,
  fedTelemetry,
  sparkplugHost,
} from '../helpers/mqtt-desk';
import { startEdgeNode } from '../helpers/sparkplug-edge';
import { until } from '../helpers/until';

/**
 * The desk's Sparkplug B host against a real Mosquitto broker and an edge
 * node built with Eclipse Tahu's sparkplug-client: births, data, deaths, a
 * seq gap, store-and-forward history, the broker killed and restarted, and
 * the primary host's retained STATE.
 */

const codec = sparkplugCodec('spBv1.0');
const GROUP = 'Shaoxing';
const HOST_ID = 'desk-a';
/** The file's broker; the TLS test puts its own in its place for a while. */
let broker: Broker = brokerForFile();
let clock = 1_700_000_000_000;
const statuses: DeviceStatus[] = [];
const history: PointSample[] = [];
afterEach(() => {
  statuses.length = 0;
  history.length = 0;
});
const cleanups = cleanupsAfterEach();

const edgeNode = (power: number) => {
  const node = startEdgeNode(broker, {
    group: GROUP,
    node: 'gw01',
    devices: ['ac1'],
    power,
    now: () => clock,
  });
  cleanups.push(() => node.edge.stop());
  return node;
};

function desk(primary = false, tls?: { ca: string | undefined }) {
  const telemetry = fedTelemetry(broker, {
    onDelta: (delta) => statuses.push(...delta.status),
    now: () => clock,
  });
  const host = sparkplugHost(
    broker,
    { group: GROUP, node: 'gw01', device: 'ac1' },
    {
      telemetry,
      history: (samples) => history.push(...samples),
      log: quietLog,
      now: () => clock,
      mqtt: {
        rebirthDebounceMs: 1000,
        ...(primary ? { primaryHostId: HOST_ID } : {}),
        ...(tls ? { tls } : {}),
      },
    },
  );
  host.start();
  cleanups.push(
    () => host.stop(),
    () => telemetry.stop(),
  );
  return { host, telemetry };
}

/** Births are not retained: an edge node started before the desk subscribed would go unseen until its next rebirth. */
async function subscribedDesk(tls?: { ca: string | undefined }) {
  const started = desk(false, tls);
  await until(() => started.host.subscribed);
  return started;
}

const online = (telemetry: TelemetryStore) => telemetry.status(DEVICE)?.comms === 'online';

async function rawClient(): Promise<MqttClient> {
  const client = await connectPeer(broker);
  cleanups.push(() => client.endAsync(true));
  return client;
}

describe('Sparkplug B host on Mosquitto, Tahu edge node', () => {
  it('takes births and data (by alias) onto the profile points, enum states named', async () => {
    const { telemetry } = await subscribedDesk();
    const { edge } = edgeNode(3.5);
    await until(() => online(telemetry) && telemetry.sample(DEVICE, 'gun1.power')?.value === 3.5);
    expect(telemetry.sample(DEVICE, 'gun1.state')).toMatchObject({ value: 'charging', quality: 'good' });
    edge.publishDeviceData('ac1', { timestamp: clock, metrics: [{ alias: 1, type: 'Float', value: 6.6 }] });
    await until(() => telemetry.sample(DEVICE, 'gun1.power')?.value === 6.6);
  });

  it('sends historical metrics to history only', async () => {
    const { telemetry } = await subscribedDesk();
    const { edge } = edgeNode(2.2);
    await until(() => telemetry.sample(DEVICE, 'gun1.power')?.value === 2.2);
    edge.publishDeviceData('ac1', {
      metrics: [{ alias: 1, type: 'Float', value: 9.9, isHistorical: true, timestamp: clock - 60_000 }],
    });
    const [stored] = await until(() => history.length > 0 && history);
    expect(stored).toMatchObject({ deviceId: DEVICE, key: 'gun1.power', value: 9.9, ts: clock - 60_000 });
    expect(telemetry.sample(DEVICE, 'gun1.power')?.value).toBe(2.2);
  });

  it('asks for a rebirth on a seq gap, once per debounce window, and takes the new birth', async () => {
    const { telemetry, host } = await subscribedDesk();
    const { commands } = edgeNode(1.1);
    await until(() => telemetry.sample(DEVICE, 'gun1.power')?.value === 1.1);
    const asked = commands.length;
    const rebirths = host.counters.rebirths;
    const intruder = await rawClient();
    // Two DDATA whose seq is far from what the node is at: one gap, then data of a broken session.
    for (const seq of [200, 201]) {
      const payload = codec?.encodePayload({ seq, metrics: [{ alias: 1, type: 'Float', value: 8.8 }] });
      await intruder.publishAsync(`spBv1.0/${GROUP}/DDATA/gw01/ac1`, Buffer.from(payload ?? []));
    }
    await until(() => commands.length > asked);
    const [rebirth] = commands[asked]?.metrics ?? [];
    expect(rebirth).toMatchObject({ name: 'Node Control/Rebirth', value: true });
    expect(host.counters.rebirths - rebirths).toBe(1);
    expect(telemetry.sample(DEVICE, 'gun1.power')?.value).toBe(1.1);
  });

  it('marks the device comm-lost at once when the node dies (its will, bdSeq-matched)', async () => {
    const { telemetry } = await subscribedDesk();
    const { edge } = edgeNode(4.4);
    await until(() => online(telemetry));
    // The socket goes away without a DISCONNECT: the broker publishes the node's will.
    (edge as unknown as { client: MqttClient }).client.stream.destroy();
    const lost = await until(() => statuses.find((s) => s.comms === 'comm-lost'));
    expect(lost.detail).toBe(`edge node ${GROUP}/gw01 died (NDEATH)`);
    expect(statuses.filter((s) => s.comms === 'comm-lost')).toHaveLength(1);
    // The client reconnects and is born again.
    await until(() => online(telemetry));
  });

  it('reports the broker unreachable while it is down, and recovers when it is back', async () => {
    const { telemetry } = await subscribedDesk();
    edgeNode(5.5);
    await until(() => online(telemetry));
    await broker.kill();
    const lost = await until(() => statuses.find((s) => s.comms === 'comm-lost'));
    expect(lost.detail).toMatch(new RegExp(`^broker unreachable: 127\\.0\\.0\\.1:${broker.port} `));
    expect(telemetry.sample(DEVICE, 'gun1.power')).toMatchObject({ value: 5.5, quality: 'comm-fail' });
    await broker.restart();
    await until(() => online(telemetry) && telemetry.sample(DEVICE, 'gun1.power')?.quality === 'good');
  });

  it('as primary host replaces a retained old STATE with its own, and its will says offline', async () => {
    const watcher = await rawClient();
    await watcher.publishAsync(`spBv1.0/STATE/${HOST_ID}`, JSON.stringify({ online: false, timestamp: 1 }), {
      qos: 1,
      retain: true,
    });
    clock += 1000;
    const started = clock;
    const { host } = desk(true);
    const states: { online: boolean; timestamp: number }[] = [];
    watcher.on('message', (_topic, payload) => states.push(JSON.parse(payload.toString())));
    await until(() => host.counters.messages > 0);
    await watcher.subscribeAsync(`spBv1.0/STATE/${HOST_ID}`, { qos: 1 });
    await until(() => states.some((s) => s.online && s.timestamp === started));
    (host as unknown as { client: MqttClient }).client.stream.destroy();
    await until(() => states.some((s) => !s.online && s.timestamp === started));
  });
});

describe('Sparkplug B host over TLS', () => {
  it('verifies the broker against the configured CA and takes births as over plain TCP', async () => {
    const tlsBroker = await startMosquitto({ tls: true });
    const plain = broker;
    broker = tlsBroker;
    try {
      const untrusting = desk(false, { ca: undefined });
      await until(() =>
        /^broker unreachable: .*certificate/.test(untrusting.telemetry.status(DEVICE)?.detail ?? ''),
      );
      const { telemetry } = await subscribedDesk({ ca: tlsBroker.ca });
      edgeNode(7.5);
      await until(() => online(telemetry) && telemetry.sample(DEVICE, 'gun1.power')?.value === 7.5);
    } finally {
      for (const c of cleanups.splice(0).reverse()) await c();
      broker = plain;
      await tlsBroker.stop();
    }
  });
});
