import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import mqtt from 'mqtt';
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
import { markdownTable } from './stats';

/**
 * A fleet of devices over Sparkplug at 1 Hz, as issue 17 asks: how much of
 * a core the desk's host and telemetry store take for it, against a bare
 * `mqtt` subscriber that only decodes the same payloads, in the same run.
 * The edge nodes publish from a child process (sparkplug-publisher.ts), so
 * only the consumer's CPU is counted. Alarms, history and the UI bridge
 * downstream of the telemetry store are not part of the figure.
 */

export type FleetBenchOptions = {
  nodes: number;
  devicesPerNode: number;
  metricsPerMessage: number;
  seconds: number;
};
export const defaultFleetOptions: FleetBenchOptions = {
  nodes: 50,
  devicesPerNode: 100,
  metricsPerMessage: 5,
  seconds: 20,
};

type Phase = { seconds: number; cpuCores: number; metrics: number };
export type FleetBench = { options: FleetBenchOptions; bare: Phase; desk: Phase };

const codec = sparkplugCodec('spBv1.0');
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

/** Runs the publisher once; CPU of this process from its first DDATA to its last second. */
async function phase(broker: Broker, o: FleetBenchOptions, received: () => number): Promise<Phase> {
  const child = spawn(
    process.execPath,
    [
      here('./sparkplug-publisher.js'),
      broker.url,
      broker.user,
      broker.password,
      ...[o.nodes, o.devicesPerNode, o.metricsPerMessage, o.seconds].map(String),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  let cpu0 = process.cpuUsage();
  let t0 = performance.now();
  let m0 = 0;
  const lines = createInterface({ input: child.stdout });
  const done = new Promise<void>((resolve) =>
    lines.on('line', (line) => {
      if (line === 'data') {
        cpu0 = process.cpuUsage();
        t0 = performance.now();
        m0 = received();
      }
      if (line === 'done') resolve();
    }),
  );
  await Promise.race([done, exited.then((code) => Promise.reject(new Error(`publisher exited ${code}`)))]);
  // What is still in flight when the last second went out is part of the load.
  const expected = o.nodes * o.devicesPerNode * o.metricsPerMessage * o.seconds;
  const end = performance.now() + 5000;
  while (received() - m0 < expected && performance.now() < end) await new Promise((r) => setTimeout(r, 10));
  const used = process.cpuUsage(cpu0);
  const seconds = (performance.now() - t0) / 1000;
  await exited;
  return { seconds, cpuCores: (used.user + used.system) / 1e6 / seconds, metrics: received() - m0 };
}

export async function measureSparkplugFleet(o: FleetBenchOptions = defaultFleetOptions): Promise<FleetBench> {
  const broker = await startMosquitto();
  try {
    const bareClient = await mqtt.connectAsync(broker.url, {
      username: broker.user,
      password: broker.password,
    });
    let bareMetrics = 0;
    bareClient.on('message', (_topic, payload) => {
      bareMetrics += codec?.decodePayload(payload).metrics?.length ?? 0;
    });
    await bareClient.subscribeAsync('spBv1.0/Bench/#');
    const bare = await phase(broker, o, () => bareMetrics);
    await bareClient.endAsync(true);

    const profile = loadProfiles(`${resourcesDir()}/profiles`).get('ac-7kw') as Profile;
    const fleet = Array.from({ length: o.nodes * o.devicesPerNode }, (_, i) => ({
      id: `n${Math.floor(i / o.devicesPerNode)}-d${i % o.devicesPerNode}`,
      address: {
        group: 'Bench',
        node: `n${Math.floor(i / o.devicesPerNode)}`,
        device: `d${i % o.devicesPerNode}`,
      },
    }));
    const telemetry = new TelemetryStore(
      fleet.map((d) => fedCharger(d.id, d.address.node, broker)),
      new Map([[profile.id, profile]]),
      () => {},
    );
    const host = new SparkplugHost({
      host: '127.0.0.1',
      port: broker.port,
      mqtt: MqttConfig.parse({
        clientId: 'bench-fleet-desk',
        username: broker.user,
        password: broker.password,
      }),
      devices: fleet.map((d) => ({ deviceId: d.id, profile, address: d.address })),
      telemetry,
      history: () => {},
      log: quietLog,
    });
    host.start();
    while (!host.subscribed) await new Promise((r) => setTimeout(r, 10));
    const desk = await phase(broker, o, () => host.counters.metrics);
    const online = fleet.filter((d) => telemetry.status(d.id)?.comms === 'online').length;
    if (online !== fleet.length)
      throw new Error(`only ${online} of ${fleet.length} devices online after the run`);
    await host.stop();
    telemetry.stop();
    return { options: o, bare, desk };
  } finally {
    await broker.stop();
  }
}

export function sparkplugFleetReport(r: FleetBench): string {
  const o = r.options;
  const devices = o.nodes * o.devicesPerNode;
  const row = (name: string, p: Phase) => [
    name,
    Math.round(p.metrics / p.seconds).toLocaleString('en'),
    p.cpuCores.toFixed(3),
    `${p.seconds.toFixed(1)} s`,
  ];
  return [
    `${devices.toLocaleString('en')} devices over Sparkplug B at 1 Hz (${o.nodes} edge nodes × ${o.devicesPerNode} devices, ${o.metricsPerMessage} metrics per DDATA) through Mosquitto for ${o.seconds} s; the edge nodes publish from another process. CPU is the consuming process's, in cores.`,
    '',
    ...markdownTable(
      ['consumer', 'metrics/s', 'CPU (cores)', 'window'],
      [row('bare mqtt + decode', r.bare), row('desk host → telemetry', r.desk)],
    ),
    '',
    `Desk / bare CPU: ${(r.desk.cpuCores / r.bare.cpuCores).toFixed(2)}×. The desk's host and telemetry store take ${r.desk.cpuCores.toFixed(3)} of a core for ${devices.toLocaleString('en')} devices at 1 Hz (issue 17's target: ≤ 0.3); alarms, history and the UI bridge are not included.`,
  ].join('\n');
}
