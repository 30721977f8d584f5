import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MqttClient } from 'mqtt';
import { get as sparkplugCodec } from 'sparkplug-payload';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedsOf } from '../../electron/mqtt/feeds';
import type { SparkplugHost } from '../../electron/mqtt/sparkplug-host';
import { TelemetryStore } from '../../electron/telemetry/store';
import { DeskConfig } from '../../shared/config/schema';
import { parseSimArgs, runSim, type SimSession } from '../../sim/cli';
import { runSparkplugCommand } from '../../sim/sparkplug-cli';
import { quietLog } from '../helpers/desk';
import { brokerForFile, connectPeer, PROFILES as profiles } from '../helpers/mqtt-desk';
import { freePort } from '../helpers/processes';
import { until } from '../helpers/until';

/**
 * `npm run sim -- --sparkplug URL`: the demo fleet's station sx01 as a
 * Sparkplug B edge node on a real Mosquitto, read by a peer that decodes
 * with Eclipse Tahu's sparkplug-payload (births, bdSeq, seq, rebirth on
 * NCMD, its will) and by the desk's own host from the config the simulator
 * writes (values, a write as DCMD, the node's death).
 */
const codec = sparkplugCodec('spBv1.0');
type Seen = { topic: string; payload: ReturnType<NonNullable<typeof codec>['decodePayload']> };
const broker = brokerForFile();
let session: SimSession;
let peer: MqttClient;
let config: DeskConfig;
const seen: Seen[] = [];

beforeAll(async () => {
  peer = await connectPeer(broker);
  peer.on('message', (topic, raw) => {
    const payload = codec?.decodePayload(raw);
    if (payload) seen.push({ topic, payload });
  });
  await peer.subscribeAsync('spBv1.0/DutyDesk/#', { qos: 1 });
  const file = join(mkdtempSync(join(tmpdir(), 'dutydesk-sim-sp-')), 'fleet.json');
  const args = parseSimArgs([
    '--stations',
    '1',
    '--sparkplug',
    broker.url,
    '--mqtt-user',
    broker.user,
    '--write-config',
    file,
  ]);
  session = await runSim(
    {
      ...args,
      basePort: (await freePort()) - 1,
      ...(args.sparkplug ? { sparkplug: { ...args.sparkplug, password: broker.password } } : {}),
    },
    () => {},
  );
  config = DeskConfig.parse(JSON.parse(readFileSync(file, 'utf8')));
});
afterAll(async () => {
  await session?.stop();
  await peer?.endAsync(true);
});

const metric = (s: Seen | undefined, name: string) => s?.payload.metrics?.find((m) => m.name === name);
const num = (v: unknown) =>
  typeof v === 'object' && v && 'toNumber' in v ? (v as { toNumber(): number }).toNumber() : Number(v);

describe('the simulator as a Sparkplug edge node, read by Tahu’s codec', () => {
  it('births the node with its bdSeq, then each device with every point aliased, seq counting on', async () => {
    const devices = config.devices.filter((d) => d.stationId === 'sx01').map((d) => d.id);
    await until(() => seen.filter((s) => s.topic.includes('/DBIRTH/')).length >= devices.length);
    const [nbirth] = seen.filter((s) => s.topic === 'spBv1.0/DutyDesk/NBIRTH/sx01');
    expect(num(metric(nbirth, 'bdSeq')?.value)).toBe(0);
    expect(num(nbirth?.payload.seq)).toBe(0);
    const births = seen.filter((s) => s.topic.includes('/DBIRTH/'));
    expect(births.map((b) => b.topic.split('/').at(-1))).toEqual(devices);
    expect(births.map((b) => num(b.payload.seq))).toEqual(devices.map((_, i) => i + 1));
    const power = metric(births[0], 'gun1.power');
    expect(power).toMatchObject({ type: 'Double' });
    expect(typeof num(power?.alias)).toBe('number');
    expect(metric(births[0], 'gun1.state')).toMatchObject({ type: 'UInt16' });
    // Every DDATA after the births carries the next seq.
    const data = await until(() => seen.find((s) => s.topic.includes('/DDATA/')));
    const before = seen
      .slice(0, seen.indexOf(data))
      .filter((s) => !s.topic.includes('/NCMD/'))
      .at(-1);
    expect(num(data.payload.seq)).toBe((num(before?.payload.seq) + 1) % 256);
  });

  it('is born again, same bdSeq, seq from 0, on a Node Control/Rebirth NCMD', async () => {
    const from = seen.length;
    const payload = codec?.encodePayload({
      metrics: [{ name: 'Node Control/Rebirth', type: 'Boolean', value: true }],
    });
    await peer.publishAsync('spBv1.0/DutyDesk/NCMD/sx01', Buffer.from(payload ?? []));
    const rebirth = await until(() =>
      seen.slice(from).find((s) => s.topic === 'spBv1.0/DutyDesk/NBIRTH/sx01'),
    );
    expect(num(metric(rebirth, 'bdSeq')?.value)).toBe(0);
    expect(num(rebirth.payload.seq)).toBe(0);
  });
});

describe('the desk’s host on the simulator’s edge node, from the config it wrote', () => {
  let host: SparkplugHost;
  let telemetry: TelemetryStore;
  const AC = 'sx01-ac1';

  beforeAll(async () => {
    const devices = config.devices.map((d) => ({
      id: d.id,
      stationId: d.stationId,
      name: d.name,
      kind: profiles.get(d.profile)?.kind ?? 'ac-charger',
      profile: d.profile,
      endpoint: `${d.host}:${d.port}`,
      unitId: d.unitId,
      guns: profiles.get(d.profile)?.guns ?? 0,
      ratedKw: profiles.get(d.profile)?.ratedKw ?? 0,
    }));
    telemetry = new TelemetryStore(devices, profiles, () => {}, 0);
    const [feed] = feedsOf(config, profiles, telemetry, () => {}, quietLog);
    host = feed as SparkplugHost;
    host.start();
  });
  afterAll(async () => {
    await host?.stop();
    telemetry?.stop();
  });

  it('shows every served device online with the simulator’s values', async () => {
    expect(config.devices.every((d) => d.sparkplug?.node === 'sx01' && d.port === broker.port)).toBe(true);
    session.fleet.setPoint(AC, 'gun1.power', 5.5);
    await until(() => telemetry.sample(AC, 'gun1.power')?.value === 5.5);
    for (const d of config.devices) await until(() => telemetry.status(d.id)?.comms === 'online');
    const state = session.fleet.device(AC).image.readPoint('gun1.state');
    await until(() => telemetry.sample(AC, 'gun1.state')?.value === state);
  });

  it('takes a write as DCMD into the device, and reports it back in its DDATA', async () => {
    const type = host.commandType(AC, 'powerLimit');
    expect(type).toBe('Double');
    const back = await host.command(
      AC,
      { name: 'powerLimit', type, value: 3.5 },
      { key: 'powerLimit', expected: 3.5 },
    );
    expect(back).toEqual({ kind: 'reported', value: 3.5 });
    expect(session.fleet.device(AC).image.readPoint('powerLimit')).toBe(3.5);
  });

  it('a seq gap typed at the prompt makes the desk ask for a rebirth, and the node is born again', async () => {
    const from = seen.length;
    expect(runSparkplugCommand(session.edges, 'sparkplug gap sx01')).toBe(
      'sx01: the next message skips a seq number',
    );
    // The gap shows on the next DDATA: a value that changes now makes sure there is one.
    session.fleet.setPoint(AC, 'gun1.power', 4.4);
    const ask = await until(() => seen.slice(from).find((s) => s.topic === 'spBv1.0/DutyDesk/NCMD/sx01'));
    expect(metric(ask, 'Node Control/Rebirth')?.value).toBe(true);
    await until(() => seen.slice(seen.indexOf(ask)).find((s) => s.topic === 'spBv1.0/DutyDesk/NBIRTH/sx01'));
    await until(() => telemetry.sample(AC, 'gun1.power')?.value === 4.4);
  });

  it('a rebirth storm leaves the desk online with the same values', async () => {
    const from = seen.length;
    expect(runSparkplugCommand(session.edges, 'sparkplug rebirth sx01 5')).toBe('sx01: born again 5 time(s)');
    expect(runSparkplugCommand(session.edges, 'sparkplug rebirth sx09')).toBe(
      'station sx09 is not a Sparkplug edge node here',
    );
    await until(() => seen.slice(from).filter((s) => s.topic === 'spBv1.0/DutyDesk/NBIRTH/sx01').length >= 5);
    await until(
      () => telemetry.status(AC)?.comms === 'online' && telemetry.sample(AC, 'gun1.power')?.value === 4.4,
    );
  });

  it('a node whose connection dies: its will (NDEATH, bdSeq 0) makes the devices comm-lost; reborn with bdSeq 1', async () => {
    const from = seen.length;
    expect(runSparkplugCommand(session.edges, 'sparkplug die sx01')).toBe(
      'sx01: connection cut, its will goes out',
    );
    const death = await until(() => seen.slice(from).find((s) => s.topic === 'spBv1.0/DutyDesk/NDEATH/sx01'));
    expect(num(metric(death, 'bdSeq')?.value)).toBe(0);
    await until(() => telemetry.status(AC)?.comms === 'comm-lost');
    expect(telemetry.status(AC)?.detail).toBe('edge node DutyDesk/sx01 died (NDEATH)');
    const reborn = await until(() =>
      seen.slice(from).find((s) => s.topic === 'spBv1.0/DutyDesk/NBIRTH/sx01'),
    );
    expect(num(metric(reborn, 'bdSeq')?.value)).toBe(1);
    await until(() => telemetry.status(AC)?.comms === 'online');
  });
});
