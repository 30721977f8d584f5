import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alarmWhere } from '../helpers/contract-calls';
import { overWebSocket, startDesk } from '../helpers/desk';
import { brokerForFile, sparkplugFed, startGw01 } from '../helpers/mqtt-desk';

/**
 * A whole desk where one charger is fed by a Tahu edge node through a real
 * Mosquitto instead of polled: the wall sees its points as from its Modbus
 * twin, its node's death makes it comm-lost, and the Modbus devices beside it
 * are polled as before.
 */
const FED = 'sx01-ac1';
/** Both chargers the edge node feeds: unit name under the node → desk device. */
const NODE_DEVICES = { ac1: FED, ac3: 'sx01-ac3' } as const;
const broker = brokerForFile();
let desk: Awaited<ReturnType<typeof startDesk>>;
let t: Awaited<ReturnType<typeof overWebSocket>>;
let edge: ReturnType<typeof startGw01>;

beforeAll(async () => {
  desk = await startDesk({
    stations: 1,
    extend: sparkplugFed(broker, NODE_DEVICES, { clientId: 'desk-test' }),
  });
  t = await overWebSocket(desk.engine);
  edge = startGw01(broker, NODE_DEVICES);
});
afterAll(async () => {
  edge?.edge.stop();
  await t?.close();
  await desk?.stop();
});

describe('a desk with a Sparkplug-fed charger', () => {
  it('shows the edge node’s values on the fed device and keeps polling the Modbus ones', async () => {
    await t.client.waitFor(() => (t.client.sample(FED, 'gun1.power')?.value === 3.3 ? true : undefined));
    expect(t.client.sample(FED, 'gun1.state')?.value).toBe('charging');
    expect(t.client.status(FED)?.comms).toBe('online');
    // The simulator still serves this unit over Modbus; a value set there must not reach the fed device.
    desk.fleet.setPoint(FED, 'gun1.power', 6.1);
    desk.fleet.setPoint('sx01-ac2', 'gun1.power', 6.2);
    await t.client.waitFor(() =>
      t.client.sample('sx01-ac2', 'gun1.power')?.value === 6.2 ? true : undefined,
    );
    expect(t.client.sample(FED, 'gun1.power')?.value).toBe(3.3);
    edge.edge.publishDeviceData('ac1', { metrics: [{ alias: 1, type: 'Float', value: 4.7 }] });
    await t.client.waitFor(() => (t.client.sample(FED, 'gun1.power')?.value === 4.7 ? true : undefined));
  });

  it('makes the fed device comm-lost when its edge node dies, and online again at its next birth', async () => {
    (edge.edge as unknown as { client: MqttClient }).client.stream.destroy();
    await t.client.waitFor(() => (t.client.status(FED)?.state === 'comm-lost' ? true : undefined));
    expect(t.client.sample(FED, 'gun1.power')?.quality).toBe('comm-fail');
    await t.client.waitFor(() => (t.client.status(FED)?.comms === 'online' ? true : undefined));
  });

  it('a broker outage is one alarm for the broker, the fed devices suppressed under it', async () => {
    await t.client.waitFor(() => (t.client.status('sx01-ac3')?.comms === 'online' ? true : undefined));
    const brokerId = `127.0.0.1:${broker.port}`;
    await broker.kill();
    try {
      const parent = await alarmWhere(t.client, `${brokerId}:comms.gateway`, (a) => a.conditionActive);
      expect(parent.state).toBe('active-unacknowledged');
      for (const id of Object.values(NODE_DEVICES)) {
        await alarmWhere(
          t.client,
          `${id}:comms.device`,
          (a) => a.state === 'suppressed-by-design' && a.suppressedBy?.id === brokerId,
        );
      }
      expect(t.client.status('sx01-ac2')?.comms).toBe('online');
    } finally {
      await broker.restart();
    }
    await alarmWhere(t.client, `${brokerId}:comms.gateway`, (a) => !a.conditionActive);
  });
});
