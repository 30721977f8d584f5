import { performance } from 'node:perf_hooks';
import mqtt, { type MqttClient } from 'mqtt';
import { get as sparkplugCodec } from 'sparkplug-payload';
import { SparkplugHost } from '../electron/mqtt/sparkplug-host';
import { TelemetryStore } from '../electron/telemetry/store';
import { loadProfiles } from '../node/profiles';
import { resourcesDir } from '../node/resources';
import { MqttConfig } from '../shared/profile/binding';
import type { Profile } from '../shared/profile/schema';
import { quietLog } from '../test/helpers/desk';
import { type Broker, startMosquitto } from '../test/helpers/mosquitto';
import { fedCharger } from '../test/helpers/sparkplug-edge';
import { markdownTable, ms, summarize } from './stats';

/**
 * Sparkplug B from a real Mosquitto into the desk's state: metric updates
 * per second through our host (decode, session, alias, binding, telemetry
 * store) against a bare `mqtt` subscriber that only decodes the same
 * payloads, in the same run; and how long a node's death takes to show as
 * comm-lost. The publisher runs in this process for both, so the ratio is
 * fair; the absolute rates are a floor.
 */

export type SparkplugBenchOptions = {
  nodes: number;
  devicesPerNode: number;
  metricsPerMessage: number;
  rounds: number;
  deaths: number;
};
export const defaultSparkplugOptions: SparkplugBenchOptions = {
  nodes: 10,
  devicesPerNode: 20,
  metricsPerMessage: 10,
  rounds: 100,
  deaths: 50,
};

type Phase = { seconds: number; metricsPerSecond: number; cpuSeconds: number };
export type SparkplugBench = {
  options: SparkplugBenchOptions;
  metrics: number;
  bare: Phase;
  desk: Phase;
  deathToLost: ReturnType<typeof summarize>;
};

const codec = sparkplugCodec('spBv1.0');
const GROUP = 'Bench';
const KEYS = ['gun1.power', 'gun1.voltage', 'gun1.current', 'gun1.energy', 'gun1.temperature'];

function encode(payload: Parameters<NonNullable<typeof codec>['encodePayload']>[0]): Buffer {
  if (!codec) throw new Error('no spBv1.0 codec');
  return Buffer.from(codec.encodePayload(payload));
}

/** Every node's births, then `rounds` DDATA per device with seq running per node. */
function traffic(o: SparkplugBenchOptions): { births: [string, Buffer][]; data: [string, Buffer][] } {
  const births: [string, Buffer][] = [];
  const data: [string, Buffer][] = [];
  const seq = new Array<number>(o.nodes).fill(0);
  const next = (n: number) => {
    seq[n] = ((seq[n] ?? 0) + 1) % 256;
    return seq[n];
  };
  for (let n = 0; n < o.nodes; n++) {
    const bdSeq = [{ name: 'bdSeq', type: 'UInt64' as const, value: 0 }];
    births.push([`spBv1.0/${GROUP}/NBIRTH/n${n}`, encode({ seq: 0, metrics: bdSeq })]);
    seq[n] = 0;
    for (let d = 0; d < o.devicesPerNode; d++) {
      const metrics = KEYS.map((name, alias) => ({ name, alias, type: 'Float' as const, value: 0 }));
      births.push([`spBv1.0/${GROUP}/DBIRTH/n${n}/d${d}`, encode({ seq: next(n), metrics })]);
    }
  }
  for (let r = 0; r < o.rounds; r++)
    for (let n = 0; n < o.nodes; n++)
      for (let d = 0; d < o.devicesPerNode; d++) {
        const metrics = Array.from({ length: o.metricsPerMessage }, (_, i) => ({
          alias: i % KEYS.length,
          type: 'Float' as const,
          value: r + i / 10,
        }));
        data.push([`spBv1.0/${GROUP}/DDATA/n${n}/d${d}`, encode({ seq: next(n), metrics })]);
      }
  return { births, data };
}

async function publishAll(client: MqttClient, messages: readonly [string, Buffer][]): Promise<void> {
  for (let i = 0; i < messages.length; i += 200)
    await Promise.all(
      messages.slice(i, i + 200).map(([topic, payload]) => client.publishAsync(topic, payload, { qos: 0 })),
    );
}

async function until(check: () => boolean, ms = 120_000): Promise<void> {
  const end = performance.now() + ms;
  while (!check()) {
    if (performance.now() > end) throw new Error('the consumer did not get every metric in time');
    await new Promise((r) => setImmediate(r));
  }
}

async function timed(
  publisher: MqttClient,
  data: [string, Buffer][],
  received: () => number,
  expected: number,
): Promise<Phase> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  await publishAll(publisher, data);
  await until(() => received() >= expected).catch((error: Error) => {
    throw new Error(
      `${error.message}: ${received()} of ${expected} (the broker drops QoS 0 to a slow reader)`,
    );
  });
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  return { seconds, metricsPerSecond: expected / seconds, cpuSeconds: (used.user + used.system) / 1e6 };
}

export async function measureSparkplug(
  o: SparkplugBenchOptions = defaultSparkplugOptions,
): Promise<SparkplugBench> {
  const broker: Broker = await startMosquitto();
  const connect = () => mqtt.connectAsync(broker.url, { username: broker.user, password: broker.password });
  const publisher = await connect();
  const { births, data } = traffic(o);
  const expected = data.length * o.metricsPerMessage;
  try {
    const bareClient = await connect();
    let bareMetrics = 0;
    bareClient.on('message', (_topic, payload) => {
      bareMetrics += codec?.decodePayload(payload).metrics?.length ?? 0;
    });
    await bareClient.subscribeAsync(`spBv1.0/${GROUP}/#`);
    await publishAll(publisher, births);
    await until(() => bareMetrics > 0);
    const birthMetrics = bareMetrics;
    const bare = await timed(publisher, data, () => bareMetrics - birthMetrics, expected);
    await bareClient.endAsync(true);

    const profile = loadProfiles(`${resourcesDir()}/profiles`).get('ac-7kw') as Profile;
    const fleet = Array.from({ length: o.nodes * o.devicesPerNode }, (_, i) => ({
      n: Math.floor(i / o.devicesPerNode),
      d: i % o.devicesPerNode,
    }));
    const devices = fleet.map(({ n, d }) => fedCharger(`n${n}-d${d}`, `s${n}`, broker));
    const lostAt = new Map<string, number>();
    const telemetry = new TelemetryStore(devices, new Map([[profile.id, profile]]), (delta) => {
      for (const s of delta.status) if (s.comms === 'comm-lost') lostAt.set(s.deviceId, performance.now());
    });
    const host = new SparkplugHost({
      host: '127.0.0.1',
      port: broker.port,
      mqtt: MqttConfig.parse({
        clientId: 'bench-desk',
        username: broker.user,
        password: broker.password,
        rebirthDebounceMs: 100,
      }),
      devices: fleet.map(({ n, d }) => ({
        deviceId: `n${n}-d${d}`,
        profile,
        address: { group: GROUP, node: `n${n}`, device: `d${d}` },
      })),
      telemetry,
      history: () => {},
      log: quietLog,
    });
    host.start();
    // Births are not retained: they go out once the host has subscribed.
    await until(() => host.subscribed);
    await publishAll(publisher, births);
    await until(() => devices.every((d) => telemetry.status(d.id)?.comms === 'online'));
    const before = host.counters.metrics;
    const desk = await timed(publisher, data, () => host.counters.metrics - before, expected);

    const deathToLost: number[] = [];
    for (let i = 0; i < o.deaths; i++) {
      const node = `n${i % o.nodes}`;
      lostAt.delete(`${node}-d0`);
      const sent = performance.now();
      await publisher.publishAsync(
        `spBv1.0/${GROUP}/NDEATH/${node}`,
        encode({ metrics: [{ name: 'bdSeq', type: 'UInt64', value: 0 }] }),
      );
      await until(() => lostAt.has(`${node}-d0`), 10_000);
      deathToLost.push((lostAt.get(`${node}-d0`) ?? sent) - sent);
      await publishAll(
        publisher,
        births.filter(([topic]) => topic.includes(`/${node}`)),
      );
    }
    await host.stop();
    telemetry.stop();
    return { options: o, metrics: expected, bare, desk, deathToLost: summarize(deathToLost) };
  } finally {
    await publisher.endAsync(true);
    await broker.stop();
  }
}

export function sparkplugReport(r: SparkplugBench): string {
  const o = r.options;
  const row = (name: string, p: Phase) => [
    name,
    Math.round(p.metricsPerSecond).toLocaleString('en'),
    `${p.seconds.toFixed(2)} s`,
    `${p.cpuSeconds.toFixed(2)} s`,
  ];
  return [
    `Sparkplug B through Mosquitto: ${o.nodes} nodes × ${o.devicesPerNode} devices, ${o.metricsPerMessage} metrics per DDATA, ${r.metrics.toLocaleString('en')} metric updates (publisher in the same process).`,
    '',
    ...markdownTable(
      ['consumer', 'metrics/s', 'elapsed', 'CPU (process)'],
      [row('bare mqtt + decode', r.bare), row('desk host → telemetry', r.desk)],
    ),
    '',
    `Desk / bare: ${(r.desk.metricsPerSecond / r.bare.metricsPerSecond).toFixed(2)}×. NDEATH → comm-lost in the desk's state: p50 ${ms(r.deathToLost.p50)}, p99 ${ms(r.deathToLost.p99)} (${o.deaths} deaths).`,
  ].join('\n');
}
