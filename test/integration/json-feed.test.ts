import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, checkConfig } from '../../electron/config/load';
import { createLogger } from '../../electron/log/logger';
import {
  brokerForFile,
  cleanupsAfterEach,
  FED_DEVICE as DEVICE,
  fedTelemetry,
  jsonFeedHost,
  PROFILES as profiles,
  publishOnce,
} from '../helpers/mqtt-desk';
import { until } from '../helpers/until';

/**
 * Chargers fed by gateways that publish plain JSON, through a real
 * Mosquitto. Good payloads reach the points, bad ones are said and lose
 * nothing, and silence past the staleness timeout is comm-lost.
 */
const TOPIC = 'gw/sx01/ac1/up';
const broker = brokerForFile();
const logged: string[] = [];
const log = createLogger('test', (line) => logged.push(line));
// Registered before the cleanups, so it runs after them (after-hooks run last first): what a stop logs goes too.
afterEach(() => {
  logged.length = 0;
});
const cleanups = cleanupsAfterEach();

/** The gateway: a plain MQTT client publishing what it is given, at QoS 1. */
const gateway = (topic: string, payload: string) => publishOnce(broker, topic, payload);

async function desk(feed: { topic?: string; staleAfterMs?: number } = {}, stamp?: () => number) {
  const telemetry = fedTelemetry(broker);
  const host = jsonFeedHost(
    broker,
    {
      topic: TOPIC,
      values: {
        'gun1.power': 'data.P',
        'gun1.state': 'data.st',
        'gun1.voltage': { path: 'data.U', scale: 0.1 },
      },
      ...feed,
    },
    { telemetry, log, ...(stamp ? { stamp } : {}) },
  );
  host.start();
  cleanups.push(
    () => host.stop(),
    () => telemetry.stop(),
  );
  await until(() => host.subscribed, 'the host subscribed', 8000);
  return { host, telemetry };
}

describe('JSON gateways over MQTT', () => {
  it('maps a payload onto the points: numbers as text, enum numbers, a scale', async () => {
    const { telemetry } = await desk();
    await gateway(TOPIC, JSON.stringify({ ts: 1_700_000_000, data: { P: '3.3', st: 2, U: 2301 } }));
    await until(() => telemetry.status(DEVICE)?.comms === 'online');
    expect(telemetry.sample(DEVICE, 'gun1.power')).toMatchObject({ value: 3.3, quality: 'good' });
    expect(telemetry.sample(DEVICE, 'gun1.state')?.value).toBe('charging');
    expect(telemetry.sample(DEVICE, 'gun1.voltage')?.value).toBeCloseTo(230.1, 6);
  });

  it('says what is wrong with a bad payload and keeps every value it had', async () => {
    const { telemetry, host } = await desk();
    await gateway(TOPIC, JSON.stringify({ data: { P: 4.4, st: 2 } }));
    await until(() => telemetry.sample(DEVICE, 'gun1.power')?.value === 4.4);
    await gateway(TOPIC, '{"data": {"P": 5.5,');
    const notJson = await until(() => logged.find((line) => line.includes('bad payload')));
    expect(notJson).toMatch(
      new RegExp(`WARN .*device ${DEVICE}: bad payload: ${TOPIC}: not JSON \\(.+\\) \\(1 so far\\)`),
    );
    expect(telemetry.sample(DEVICE, 'gun1.power')).toMatchObject({ value: 4.4, quality: 'good' });
    expect(telemetry.status(DEVICE)?.comms).toBe('online');
    // One value the point cannot take: that point is marked bad with its last value, the rest is taken.
    await gateway(TOPIC, JSON.stringify({ data: { P: 'n/a', st: 0 } }));
    await until(() => telemetry.sample(DEVICE, 'gun1.state')?.value === 'idle');
    expect(telemetry.sample(DEVICE, 'gun1.power')).toMatchObject({ value: 4.4, quality: 'bad' });
    expect(host.counters.badPayloads).toBe(2);
    // The log says it once a minute, not once a message.
    expect(logged.filter((line) => line.includes('bad payload'))).toHaveLength(1);
    await gateway(TOPIC, JSON.stringify({ data: { P: 1.5 } }));
    await until(() => telemetry.sample(DEVICE, 'gun1.power')?.quality === 'good');
  });

  it('names the last bad payload when a gateway that sends only those goes comm-lost', async () => {
    const { telemetry } = await desk({ staleAfterMs: 1000 });
    await gateway(TOPIC, JSON.stringify({ data: { P: 2.2 } }));
    await until(() => telemetry.status(DEVICE)?.comms === 'online');
    await gateway(TOPIC, JSON.stringify([1, 2]));
    const lost = await until(
      () => telemetry.status(DEVICE)?.comms === 'comm-lost' && telemetry.status(DEVICE),
    );
    expect(lost.detail).toBe(
      `no valid message on ${TOPIC} for 1 s; last bad payload: ${TOPIC}: JSON an array, not an object`,
    );
  });

  it('makes a silent gateway comm-lost after its staleness timeout, and online at its next message', async () => {
    const { telemetry } = await desk({ staleAfterMs: 1000 });
    await gateway(TOPIC, JSON.stringify({ data: { P: 2.2 } }));
    await until(() => telemetry.status(DEVICE)?.comms === 'online');
    const lost = await until(
      () => telemetry.status(DEVICE)?.comms === 'comm-lost' && telemetry.status(DEVICE),
    );
    expect(lost.detail).toBe(`no valid message on ${TOPIC} for 1 s`);
    expect(telemetry.sample(DEVICE, 'gun1.power')).toMatchObject({ value: 2.2, quality: 'comm-fail' });
    await gateway(TOPIC, JSON.stringify({ data: { P: 2.3 } }));
    await until(
      () =>
        telemetry.status(DEVICE)?.comms === 'online' && telemetry.sample(DEVICE, 'gun1.power')?.value === 2.3,
    );
  });

  it('stamps values with the desk’s clock and judges staleness on real time', async () => {
    // A desk on a clock of its own (a drill's, a test's compressed weeks), a day further at every stamp.
    const START = Date.UTC(2031, 3, 7);
    let deskMs = START;
    const { telemetry } = await desk({ staleAfterMs: 1500 }, () => {
      deskMs += 86_400_000;
      return deskMs;
    });
    await gateway(TOPIC, JSON.stringify({ data: { P: 2.2 } }));
    await until(() => telemetry.sample(DEVICE, 'gun1.power')?.value === 2.2);
    const first = telemetry.sample(DEVICE, 'gun1.power')?.ts ?? 0;
    await gateway(TOPIC, JSON.stringify({ data: { P: 2.4 } }));
    await until(() => telemetry.sample(DEVICE, 'gun1.power')?.value === 2.4);
    const second = telemetry.sample(DEVICE, 'gun1.power')?.ts ?? 0;
    expect(first).toBeGreaterThan(START);
    expect(second).toBeGreaterThan(first);
    // Days of desk time between two messages are no silence: the gateway spoke well within 1.5 s of real time.
    expect(telemetry.status(DEVICE)?.comms).toBe('online');
    const lost = await until(() => telemetry.status(DEVICE)?.comms === 'comm-lost');
    expect(lost).toBe(true);
    // The loss marks the values on the desk's clock too.
    expect(telemetry.sample(DEVICE, 'gun1.power')).toMatchObject({ value: 2.4, quality: 'comm-fail' });
    expect(telemetry.sample(DEVICE, 'gun1.power')?.ts).toBeGreaterThan(second);
  });

  it('takes a topic filter with wildcards and ignores topics outside it', async () => {
    const { telemetry } = await desk({ topic: 'gw/+/ac1/#' });
    await gateway('gw/sx02/ac2/up', JSON.stringify({ data: { P: 6.6 } }));
    await gateway('gw/sx01/ac1/up/telemetry', JSON.stringify({ data: { P: 1.1 } }));
    await until(() => telemetry.sample(DEVICE, 'gun1.power')?.value === 1.1);
  });
});

describe('JSON feed configuration', () => {
  const base = {
    mqtt: { clientId: 'desk' },
    stations: [{ id: 'sx01', name: '站', lat: 30, lng: 120.5, group: 'g', urban: true }],
  };
  const check = (json: unknown) =>
    checkConfig(
      'stations.json',
      {
        ...base,
        devices: [
          {
            id: 'sx01-ac1',
            stationId: 'sx01',
            name: 'AC',
            profile: 'ac-7kw',
            host: 'broker',
            port: 1883,
            json,
          },
        ],
      },
      profiles,
    );
  const problem = (json: unknown) => {
    try {
      check(json);
    } catch (error) {
      if (error instanceof ConfigError) return error.message;
      throw error;
    }
    return null;
  };

  it('names the field of a mapping to a point the profile lacks, a bad path or a bad topic', () => {
    expect(problem({ topic: 't', values: { 'gun1.pwr': 'data.P' } })).toBe(
      'config file stations.json: devices[0].json.values.gun1.pwr: no point "gun1.pwr" in profile ac-7kw',
    );
    expect(problem({ topic: 't', values: { 'gun1.power': 'data..P' } })).toMatch(
      /^config file stations\.json: devices\[0\]\.json\.values\.gun1\.power: a path into the payload/,
    );
    expect(problem({ topic: 'gw/#/up', values: { 'gun1.power': 'P' } })).toMatch(
      /^config file stations\.json: devices\[0\]\.json\.topic: an MQTT topic/,
    );
    expect(problem({ topic: 't' })).toBe(
      'config file stations.json: devices[0].json.values: nothing maps the payload to points (profile ac-7kw has no json section)',
    );
    expect(problem({ topic: 't', values: { 'gun1.power': '$.data.guns[0].P' } })).toBeNull();
  });
});
