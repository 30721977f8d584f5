import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeskInfo, FleetSnapshot } from '../../shared/api/contract';
import { overIpcStandIn, overWebSocket, startDesk, type Transport } from '../helpers/desk';

/** The same contract suite against both transports the renderer may have. */
let desk: Awaited<ReturnType<typeof startDesk>>;
beforeAll(async () => {
  desk = await startDesk({ stations: 2 });
});
afterAll(async () => {
  await desk.stop();
});

describe.each([
  ['web bridge (WebSocket)', overWebSocket],
  ['Electron IPC (MessagePort stand-in)', overIpcStandIn],
])('contract over %s', (_name, open) => {
  let t: Transport;
  beforeAll(async () => {
    t = await open(desk.engine);
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers desk.info with a valid DeskInfo', async () => {
    const info = await t.client.request('desk.info', {});
    expect(DeskInfo.parse(info)).toMatchObject({ product: 'DutyDesk', fleet: 'config', pollIntervalMs: 200 });
  });

  it('answers fleet.snapshot with every configured station and device', async () => {
    const snapshot = FleetSnapshot.parse(await t.client.request('fleet.snapshot', {}));
    expect(snapshot.stations.map((s) => s.id)).toEqual(desk.config.stations.map((s) => s.id));
    expect(snapshot.devices.map((d) => d.id).sort()).toEqual(desk.config.devices.map((d) => d.id).sort());
    expect(new Set(snapshot.profiles.map((p) => p.id))).toEqual(
      new Set(snapshot.devices.map((d) => d.profile)),
    );
  });

  it('pushes fleet.delta events that satisfy the contract', async () => {
    const delta = await t.client.waitFor(() => t.client.deltas.find((d) => d.samples.length > 0));
    expect(delta.samples[0]).toHaveProperty('quality');
  });

  it.each([
    ['a request with no id', { type: 'request', method: 'desk.info', params: {} }, 'bad-frame'],
    ['an unknown method', { type: 'request', id: 900, method: 'fleet.erase', params: {} }, 'unknown-method'],
    ['bad params', { type: 'request', id: 901, method: 'desk.info', params: { verbose: 1 } }, 'bad-params'],
    ['a number', 42, 'bad-frame'],
    ['null', null, 'bad-frame'],
  ])('answers %s with an error reply and stays usable', async (_what, frame, code) => {
    const reply = await t.client.raw(frame);
    expect(reply).toMatchObject({ ok: false, error: { code } });
    expect((await t.client.request('desk.info', {})).product).toBe('DutyDesk');
  });
});
