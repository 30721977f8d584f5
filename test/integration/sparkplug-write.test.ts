import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceWrite } from '../../shared/api/contract';
import {
  type DeskWithClients,
  startDeskWithOperator,
  type TokenHolder,
  type Transport,
} from '../helpers/desk';
import { withDeskJournal } from '../helpers/desk-journal';
import { brokerForFile, sparkplugFed, startGw01 } from '../helpers/mqtt-desk';

/**
 * Field writes to Sparkplug-fed chargers through the desk's own remote
 * control (role, confirmation, journal) as DCMD through a real Mosquitto to
 * an edge node built with Eclipse Tahu's sparkplug-client, read back from
 * the device's next DDATA.
 */
const FED = 'sx01-ac1';
const DEAF = 'sx01-ac3';
const NODE_DEVICES = { ac1: FED, ac3: DEAF } as const;
const MAX_KW = 7;
const broker = brokerForFile();
const LEAD: TokenHolder = { name: 'shift-lead', role: 'shift-lead', token: 'lead-token' };
let desk: DeskWithClients<'operator' | 'wallboard'>;
let admin: Transport;
let wallboard: Transport;
let edge: ReturnType<typeof startGw01>;

beforeAll(async () => {
  desk = await startDeskWithOperator(LEAD, {
    stations: 1,
    localRole: 'monitor',
    extend: sparkplugFed(broker, NODE_DEVICES, { clientId: 'desk-write-test', commandTimeoutMs: 1500 }),
  });
  ({ operator: admin, wallboard } = desk.clients);
  edge = startGw01(broker, NODE_DEVICES, { maxKw: MAX_KW, deaf: ['ac3'] });
  for (const id of Object.values(NODE_DEVICES))
    await admin.client.waitFor(() => (admin.client.status(id)?.comms === 'online' ? true : undefined));
});
afterAll(async () => {
  edge?.edge.stop();
  await desk?.stop();
});

function write(deviceId: string, key: string, value: number | string, reason = 'test'): DeviceWrite {
  return { deviceId, key, value, confirm: { deviceId, key, value }, reason };
}

describe('writes to a Sparkplug-fed charger', () => {
  it('sends a DCMD in the birth’s datatype, confirms it from the next DDATA and journals both steps first', async () => {
    const sent = edge.deviceCommands.length;
    const outcome = await admin.client.request('device.write', write(FED, 'powerLimit', 3.5, 'grid order'));
    expect(outcome).toMatchObject({ outcome: 'confirmed', readBack: 3.5, error: null });
    expect(edge.deviceCommands.slice(sent)).toEqual([
      {
        device: 'ac1',
        payload: expect.objectContaining({
          metrics: [expect.objectContaining({ name: 'powerLimit', type: 'Float', value: 3.5 })],
        }),
      },
    ]);
    // The wall shows the reported value too, as from any DDATA.
    await admin.client.waitFor(() =>
      admin.client.sample(FED, 'powerLimit')?.value === 3.5 ? true : undefined,
    );
    withDeskJournal(desk.dataDir, (journal) => {
      const [requested, result] = outcome.auditIds.map((id) => journal.get(id));
      expect(requested).toMatchObject({
        type: 'device.write.requested',
        subject: FED,
        reason: 'grid order',
        actor: { user: 'shift-lead', role: 'shift-lead' },
        data: { key: 'powerLimit', value: 3.5, via: 'sparkplug', metric: 'powerLimit', datatype: 'Float' },
      });
      expect(result).toMatchObject({
        type: 'device.write.result',
        data: { outcome: 'confirmed', readBack: 3.5 },
      });
      expect((result?.seq ?? 0) > (requested?.seq ?? 0)).toBe(true);
    });
  });

  it('reports a mismatch when the device reports another value (it holds the limit to its rating)', async () => {
    const outcome = await admin.client.request('device.write', write(FED, 'powerLimit', 7.5));
    expect(outcome).toMatchObject({ outcome: 'mismatch', readBack: MAX_KW });
    expect(outcome.error).toBe(`reported ${MAX_KW} instead of 7.5`);
  });

  it('is accepted when the device reports a command it clears itself', async () => {
    const outcome = await admin.client.request(
      'device.write',
      write(FED, 'gun1.command', 'start', 'customer call'),
    );
    expect(outcome).toMatchObject({ outcome: 'accepted', readBack: 'none', error: null });
    const [command] = edge.deviceCommands.at(-1)?.payload.metrics ?? [];
    // The enum state goes out as the raw number the birth's UInt16 holds.
    expect(command).toMatchObject({ name: 'gun1.command', type: 'UInt16', value: 1 });
  });

  it('is unconfirmed, not retried, when the device never reports the value back', async () => {
    const sent = edge.deviceCommands.length;
    const outcome = await admin.client.request('device.write', write(DEAF, 'powerLimit', 2));
    expect(outcome).toMatchObject({ outcome: 'unconfirmed', readBack: null });
    expect(outcome.error).toBe(`sent; ${DEAF} did not report powerLimit within the command timeout`);
    expect(edge.deviceCommands.slice(sent).map((c) => c.device)).toEqual(['ac3']);
    withDeskJournal(desk.dataDir, (journal) => {
      expect(journal.get(outcome.auditIds[1] ?? '')).toMatchObject({ data: { outcome: 'unconfirmed' } });
    });
  });

  it('refuses what the metric’s datatype cannot hold exactly, sending and journalling nothing', async () => {
    const sent = edge.deviceCommands.length;
    await expect(
      admin.client.request('device.write', write(FED, 'powerLimit', 4.0123456789)),
    ).rejects.toThrow('4.0123456789 does not fit powerLimit (Sparkplug Float: 7 significant digits)');
    await expect(admin.client.request('device.write', write(FED, 'gun1.command', 'jump'))).rejects.toThrow(
      'gun1.command takes one of none, start, stop, not "jump"',
    );
    expect(edge.deviceCommands.length).toBe(sent);
  });

  it('refuses a wallboard session before anything is journalled or sent', async () => {
    const sent = edge.deviceCommands.length;
    await expect(wallboard.client.request('device.write', write(FED, 'powerLimit', 4))).rejects.toThrow();
    expect(edge.deviceCommands.length).toBe(sent);
  });

  it('fails, journalled, without sending, while the edge node is dead', async () => {
    (edge.edge as unknown as { client: MqttClient }).client.stream.destroy();
    await admin.client.waitFor(() => (admin.client.status(FED)?.state === 'comm-lost' ? true : undefined));
    const outcome = await admin.client.request('device.write', write(FED, 'powerLimit', 4));
    // The node may be reconnecting already: either it is not born yet, or its device is not.
    expect(outcome.outcome).toBe('failed');
    expect(outcome.error).toMatch(/^(edge node Shaoxing\/gw01|device Shaoxing\/gw01\/ac1) is not born$/);
    withDeskJournal(desk.dataDir, (journal) => {
      expect(journal.get(outcome.auditIds[0] ?? '')).toMatchObject({ type: 'device.write.requested' });
      expect(journal.get(outcome.auditIds[1] ?? '')).toMatchObject({ data: { outcome: 'failed' } });
    });
  });
});
