import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeskConfig } from '../../shared/config/schema';
import { brokerArgs } from '../../sim/broker-args';
import { parseSimArgs, runSim } from '../../sim/cli';
import { type JsonArgs, jsonFedConfig, runJsonCommand } from '../../sim/json-cli';
import { JsonGateways } from '../../sim/json-gateway';
import { fedConfig, type SparkplugArgs } from '../../sim/sparkplug-cli';
import { SparkplugEdges } from '../../sim/sparkplug-edge';
import { alarmWhere } from '../helpers/contract-calls';
import { overWebSocket, startDesk } from '../helpers/desk';
import { brokerForFile } from '../helpers/mqtt-desk';
import { freePort } from '../helpers/processes';

/**
 * The simulator as plain JSON gateways (station sx02) and as a Sparkplug
 * edge node (sx01) on one real Mosquitto, and a whole desk fed from it by
 * the config the simulator writes: live values, a stale publisher going
 * comm-lost after its staleness timeout and back, a malformed burst that
 * changes nothing, and the broker killed and started again under both.
 */
const broker = brokerForFile();
let desk: Awaited<ReturnType<typeof startDesk>>;
let t: Awaited<ReturnType<typeof overWebSocket>>;
let edges: SparkplugEdges;
let gateways: JsonGateways;
/** 100 ms publish period: a staleness timeout of 1 s, the least the desk takes. */
let jsonArgs: JsonArgs;
const JSON_AC = 'sx02-ac1';
const SPARKPLUG_AC = 'sx01-ac1';

beforeAll(async () => {
  const credentials = { username: broker.user, password: broker.password, ca: undefined };
  jsonArgs = { ...brokerArgs('--json', broker.url, credentials), stations: ['sx02'], periodMs: 100 };
  const sparkplugArgs: SparkplugArgs = {
    ...brokerArgs('--sparkplug', broker.url, credentials),
    group: 'DutyDesk',
    stations: ['sx01'],
  };
  desk = await startDesk({
    stations: 2,
    prepare: (fleet) => {
      edges = new SparkplugEdges(fleet, { ...sparkplugArgs, publishMs: 200 });
      gateways = new JsonGateways(fleet, { ...jsonArgs, publishMs: jsonArgs.periodMs });
      edges.start();
      gateways.start();
    },
    extend: (config) => jsonFedConfig(fedConfig(config, edges, sparkplugArgs), gateways, jsonArgs),
  });
  t = await overWebSocket(desk.engine);
});
afterAll(async () => {
  await t?.close();
  await gateways?.stop();
  await edges?.stop();
  await desk?.stop();
});

const fedDevices = (station: string) =>
  desk.fleet.config.devices.filter((d) => d.stationId === station).map((d) => d.id);
const online = (id: string) => (t.client.status(id)?.comms === 'online' ? true : undefined);
const shows = (id: string, key: string, value: number) =>
  t.client.sample(id, key)?.value === value && t.client.status(id)?.comms === 'online' ? true : undefined;

describe('the desk on the simulator’s JSON gateways', () => {
  it('shows every JSON-fed device online with the simulator’s values', async () => {
    for (const id of [...fedDevices('sx02'), ...fedDevices('sx01')]) await t.client.waitFor(() => online(id));
    desk.fleet.setPoint(JSON_AC, 'gun1.power', 5);
    await t.client.waitFor(() => shows(JSON_AC, 'gun1.power', 5));
    const state = desk.fleet.device(JSON_AC).image.readPoint('gun1.state');
    expect(t.client.sample(JSON_AC, 'gun1.state')?.value).toBe(state);
    expect(typeof state).toBe('string');
  });

  it('a stale publisher goes comm-lost after its staleness timeout, and online again when it resumes', async () => {
    expect(runJsonCommand(gateways, `json stale ${JSON_AC}`)).toBe(
      `${JSON_AC}: publishing stopped until "json resume ${JSON_AC}"`,
    );
    await t.client.waitFor(() => (t.client.status(JSON_AC)?.state === 'comm-lost' ? true : undefined));
    expect(t.client.status(JSON_AC)?.detail).toBe(`no valid message on dutydesk/sx02/${JSON_AC}/up for 1 s`);
    expect(t.client.sample(JSON_AC, 'gun1.power')?.quality).toBe('comm-fail');
    const alarm = await alarmWhere(t.client, `${JSON_AC}:comms.device`, (a) => a.conditionActive);
    expect(alarm.suppressedBy).toBeFalsy();
    // The rest of the gateway's devices kept publishing.
    for (const id of fedDevices('sx02').filter((d) => d !== JSON_AC)) expect(online(id)).toBe(true);
    desk.fleet.setPoint(JSON_AC, 'gun1.power', 6);
    expect(runJsonCommand(gateways, `json resume ${JSON_AC}`)).toBe(`${JSON_AC}: publishing again`);
    await t.client.waitFor(() => shows(JSON_AC, 'gun1.power', 6));
    await alarmWhere(t.client, `${JSON_AC}:comms.device`, (a) => !a.conditionActive);
  });

  it('a burst of malformed payloads changes no value and loses no device', async () => {
    const devices = fedDevices('sx02');
    for (const id of devices) await t.client.waitFor(() => online(id));
    const before = new Map(devices.map((id) => [id, t.client.status(id)?.since]));
    expect(runJsonCommand(gateways, 'json garbage sx02 40')).toBe(
      `sx02: ${40 * devices.length} malformed payload(s) sent`,
    );
    // Published after the burst on the same connection: once it shows, the burst has been read.
    desk.fleet.setPoint(JSON_AC, 'gun1.power', 7);
    await t.client.waitFor(() => shows(JSON_AC, 'gun1.power', 7));
    for (const id of devices) {
      expect(t.client.status(id)?.comms).toBe('online');
      expect(t.client.status(id)?.since).toBe(before.get(id));
    }
    expect(t.client.sample(JSON_AC, 'gun1.state')?.quality).toBe('good');
  });

  it('says what is wrong with a drill command at the prompt', () => {
    expect(runJsonCommand(gateways, 'json stale sx09')).toBe('sx09 is not served by a JSON gateway here');
    expect(runJsonCommand(gateways, 'json garbage sx02 0')).toBe('n must be 1–1000');
    expect(runJsonCommand(gateways, 'json')).toBe('usage: json stale|resume|garbage <station|device> [n]');
    expect(runJsonCommand(undefined, 'json stale sx02')).toBe(
      'no JSON gateways here: start the simulator with --json URL',
    );
    expect(runJsonCommand(gateways, 'offline sx02')).toBeNull();
  });
});

describe('the broker killed and started again under Sparkplug and JSON', () => {
  it('is one broker alarm with every fed device suppressed under it, and values again after the restart', async () => {
    const fed = [...fedDevices('sx01'), ...fedDevices('sx02')];
    for (const id of fed) await t.client.waitFor(() => online(id));
    const brokerId = `127.0.0.1:${broker.port}`;
    const births = edges.counters.births;
    await broker.kill();
    try {
      const parent = await alarmWhere(t.client, `${brokerId}:comms.gateway`, (a) => a.conditionActive);
      expect(parent.state).toBe('active-unacknowledged');
      for (const id of fed)
        await alarmWhere(
          t.client,
          `${id}:comms.device`,
          (a) => a.state === 'suppressed-by-design' && a.suppressedBy?.id === brokerId,
        );
      // The broker serves both stations: it is upstream of them, and their station alarms go under it too.
      for (const station of ['sx01', 'sx02'])
        await alarmWhere(
          t.client,
          `${station}:comms.station`,
          (a) => a.state === 'suppressed-by-design' && a.suppressedBy?.id === brokerId,
        );
      const shown = (await t.client.request('alarms.list', {})).alarms.filter(
        (a) => a.conditionActive && a.state !== 'suppressed-by-design' && a.cause.startsWith('comms.'),
      );
      expect(shown.map((a) => a.id)).toEqual([`${brokerId}:comms.gateway`]);
      // Values that change while the broker is down reach the desk after it is back.
      desk.fleet.setPoint(SPARKPLUG_AC, 'gun1.power', 4);
      desk.fleet.setPoint(JSON_AC, 'gun1.power', 3);
    } finally {
      await broker.restart();
    }
    await alarmWhere(t.client, `${brokerId}:comms.gateway`, (a) => !a.conditionActive);
    await t.client.waitFor(() => shows(SPARKPLUG_AC, 'gun1.power', 4));
    await t.client.waitFor(() => shows(JSON_AC, 'gun1.power', 3));
    for (const id of fed) await t.client.waitFor(() => online(id));
    // The edge node was born again on its new session.
    expect(edges.counters.births).toBeGreaterThan(births);
  });
});

describe('npm run sim -- --json URL --write-config FILE', () => {
  it('writes a config whose JSON sections feed the chosen station’s devices from the broker', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'dutydesk-sim-json-')), 'fleet.json');
    const args = parseSimArgs([
      '--stations',
      '2',
      '--json',
      broker.url,
      '--json-stations',
      'sx02',
      '--write-config',
      file,
    ]);
    const lines: string[] = [];
    const session = await runSim({ ...args, basePort: (await freePort()) - 1 }, (l) => lines.push(l));
    try {
      const config = DeskConfig.parse(JSON.parse(readFileSync(file, 'utf8')));
      const ac = config.devices.find((d) => d.id === JSON_AC);
      expect(ac).toMatchObject({
        host: '127.0.0.1',
        port: broker.port,
        json: { topic: `dutydesk/sx02/${JSON_AC}/up`, staleAfterMs: 10_000 },
      });
      expect(ac?.json?.values?.['gun1.power']).toBe('data.gun1_power');
      expect(config.devices.filter((d) => d.stationId === 'sx01').every((d) => !d.json)).toBe(true);
      expect(lines).toContain(`  JSON gateways on ${broker.url} (dutydesk/{station}/{device}/up): sx02`);
    } finally {
      await session.stop();
    }
  });

  it('refuses a station served both ways and broker flags without a broker', () => {
    expect(() =>
      parseSimArgs(['--sparkplug', broker.url, '--json', broker.url, '--json-stations', 'sx02']),
    ).toThrow('a station is either a Sparkplug edge node or a JSON gateway, not both (sx02)');
    expect(() => parseSimArgs(['--mqtt-user', 'desk'])).toThrow(
      '--mqtt-user needs --sparkplug URL or --json URL',
    );
    expect(() => parseSimArgs(['--json', 'http://x'])).toThrow(
      '--json must be mqtt:// or mqtts://, not "http:"',
    );
    expect(() => parseSimArgs(['--json-stations', 'sx01'])).toThrow('--json-stations needs --json URL');
  });
});
