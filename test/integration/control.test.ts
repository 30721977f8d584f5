import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DeviceWrite } from '../../shared/api/contract';
import { ConfigView } from '../../shared/api/contract';
import { overWebSocket, startDeskWithOperator, type TokenHolder } from '../helpers/desk';
import { withDeskJournal } from '../helpers/desk-journal';
import { startedForFile } from '../helpers/for-file';

/** Field writes and configuration changes through the real bridge, against the simulator. */
const ADMIN: TokenHolder = { name: 'admin-laptop', role: 'admin', token: 'admin-token' };
const desk = startedForFile(async () => {
  const started = await startDeskWithOperator(ADMIN, { stations: 2, localRole: 'monitor' });
  const { client } = started.clients.operator;
  await client.waitFor(() => (client.deltas.length > 2 ? true : undefined));
  return started;
});
const admin = () => desk().clients.operator;
const wallboard = () => desk().clients.wallboard;

const acCharger = () => {
  const device = desk().config.devices.find((d) => d.profile === 'ac-7kw');
  if (!device) throw new Error('no AC charger');
  return device;
};

function write(deviceId: string, key: string, value: number | string, reason = 'test'): DeviceWrite {
  return { deviceId, key, value, confirm: { deviceId, key, value }, reason };
}

describe('field writes', () => {
  it('sessions carry the role of their token', async () => {
    expect(await admin().client.request('session.info', {})).toMatchObject({
      user: 'admin-laptop',
      role: 'admin',
    });
    expect(await wallboard().client.request('session.info', {})).toEqual({
      user: 'lobby-tv',
      role: 'wallboard',
      permissions: ['session', 'read'],
    });
  });

  it('writes a power limit, reads it back and records both steps in the journal', async () => {
    const device = acCharger();
    const outcome = await admin().client.request(
      'device.write',
      write(device.id, 'powerLimit', 3.5, 'grid operator request'),
    );
    expect(outcome).toMatchObject({ outcome: 'confirmed', readBack: 3.5, error: null });
    expect(desk().fleet.device(device.id).image.readPoint('powerLimit')).toBe(3.5);
    withDeskJournal(desk().dataDir, (journal) => {
      const [requested, result] = outcome.auditIds.map((id) => journal.get(id));
      expect(requested).toMatchObject({
        type: 'device.write.requested',
        subject: device.id,
        reason: 'grid operator request',
        actor: { user: 'admin-laptop', role: 'admin' },
      });
      expect(result).toMatchObject({
        type: 'device.write.result',
        data: { outcome: 'confirmed', readBack: 3.5 },
      });
      expect(journal.verify()).toMatchObject({ ok: true });
    });
  });

  it('starts a charging session by command: accepted, and the gun leaves idle', async () => {
    const device = desk().config.devices.find(
      (d) => d.profile === 'ac-7kw' && desk().fleet.device(d.id).image.readPoint('gun1.state') === 'idle',
    );
    if (!device) throw new Error('no idle AC charger');
    const outcome = await admin().client.request(
      'device.write',
      write(device.id, 'gun1.command', 'start', 'customer on the phone'),
    );
    expect(outcome).toMatchObject({ outcome: 'accepted', readBack: 'none', error: null });
    await admin().client.waitFor(() => {
      const state = admin().client.sample(device.id, 'gun1.state')?.value;
      return state === 'preparing' || state === 'charging' ? state : undefined;
    });
  });

  it('limits an inverter through SunSpec model 123, with its scale factor', async () => {
    const pv = desk().config.devices.find((d) => d.profile === 'pv-sunspec-103');
    if (!pv) throw new Error('no inverter');
    // Writable once discovery has found the inverter's models.
    await admin().client.waitFor(() => (admin().client.sample(pv.id, 'WMaxLimPct_SF') ? true : undefined));
    const outcome = await admin().client.request(
      'device.write',
      write(pv.id, 'WMaxLimPct', 42.5, 'grid curtailment order'),
    );
    expect(outcome).toMatchObject({ outcome: 'confirmed', readBack: 42.5 });
  });

  it('refuses a write whose confirmation differs from it, and writes nothing', async () => {
    const device = acCharger();
    const before = desk().fleet.device(device.id).image.readPoint('powerLimit');
    const reply = await admin().client.raw({
      type: 'request',
      id: 7001,
      method: 'device.write',
      params: {
        ...write(device.id, 'powerLimit', 1.0),
        confirm: { deviceId: device.id, key: 'powerLimit', value: 7 },
      },
    });
    expect(reply).toMatchObject({
      ok: false,
      error: { code: 'invalid', message: expect.stringMatching(/confirmation/) },
    });
    expect(desk().fleet.device(device.id).image.readPoint('powerLimit')).toBe(before);
  });

  it.each([
    ['a point that is not writable', 'gun1.power', 1, /not a writable point/],
    ['a value the register cannot hold', 'powerLimit', 70_000, /does not fit powerLimit/],
    ['a value off the register step', 'powerLimit', 3.55, /does not fit powerLimit/],
    ['a number for an enum point', 'gun1.state', 2, /takes one of|not a writable/],
  ])('refuses %s', async (_what, key, value, message) => {
    const reply = await admin().client.raw({
      type: 'request',
      id: 7100,
      method: 'device.write',
      params: write(acCharger().id, key, value),
    });
    expect(reply).toMatchObject({
      ok: false,
      error: { code: 'invalid', message: expect.stringMatching(message) },
    });
  });

  it('refuses writes to a wallboard, in the engine', async () => {
    const reply = await wallboard().client.raw({
      type: 'request',
      id: 7200,
      method: 'device.write',
      params: write(acCharger().id, 'powerLimit', 2),
    });
    expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('reports a device that refuses the write, without retrying, and journals the failure', async () => {
    const device = acCharger();
    const gateway = desk().fleet.gateway(device.stationId);
    gateway.setFault({ kind: 'exception', code: 4 }, device.unitId);
    try {
      const outcome = await admin().client.request('device.write', write(device.id, 'powerLimit', 2));
      expect(outcome.outcome).toBe('failed');
      expect(outcome.error).toMatch(/exception 4/);
      withDeskJournal(desk().dataDir, (journal) =>
        expect(journal.get(outcome.auditIds[1] ?? '')).toMatchObject({ data: { outcome: 'failed' } }),
      );
    } finally {
      gateway.clearFault(device.unitId);
    }
  });
});

describe('station configuration', () => {
  it('is readable by everyone and editable by an admin only', async () => {
    const view = ConfigView.parse(await wallboard().client.request('config.get', {}));
    expect(view).toMatchObject({ editable: true, path: desk().configPath });
    const reply = await wallboard().client.raw({
      type: 'request',
      id: 7300,
      method: 'config.update',
      params: { config: view.config, reason: 'x' },
    });
    expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('refuses an invalid change, naming the field, and keeps the file', async () => {
    const view = await admin().client.request('config.get', {});
    const before = readFileSync(desk().configPath, 'utf8');
    const devices = view.config.devices.map((d, i) => (i === 1 ? { ...d, profile: 'no-such-profile' } : d));
    const reply = await admin().client.raw({
      type: 'request',
      id: 7400,
      method: 'config.update',
      params: { config: { ...view.config, devices }, reason: 'typo' },
    });
    expect(reply).toMatchObject({
      ok: false,
      error: {
        code: 'invalid',
        message: expect.stringMatching(/devices\[1\]\.profile: no profile "no-such-profile"/),
      },
    });
    expect(readFileSync(desk().configPath, 'utf8')).toBe(before);
  });

  it('saves a valid change atomically, journals it and reloads the fleet', async () => {
    const view = await admin().client.request('config.get', {});
    const stations = view.config.stations.map((s, i) => (i === 0 ? { ...s, name: '改名后的站' } : s));
    const changedBefore = admin().client.deltas.length;
    const saved = await admin().client.request('config.update', {
      config: { ...view.config, stations },
      reason: 'station renamed by the operator',
    });
    expect(saved.config.stations[0]?.name).toBe('改名后的站');
    expect(JSON.parse(readFileSync(desk().configPath, 'utf8')).stations[0].name).toBe('改名后的站');
    const snapshot = await admin().client.request('fleet.snapshot', {});
    expect(snapshot.stations[0]?.name).toBe('改名后的站');
    // The reloaded fleet keeps polling.
    await admin().client.waitFor(() => (admin().client.deltas.length > changedBefore ? true : undefined));
  });
  it('a token removed from the configuration stops working at once', async () => {
    const tv = await overWebSocket(desk().engine, { token: 'tv-token' });
    try {
      expect((await tv.client.request('session.info', {})).role).toBe('wallboard');
      const closed = new Promise<{ code: number; reason: string }>((resolve) =>
        tv.ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
      );
      const view = await admin().client.request('config.get', {});
      await admin().client.request('config.update', {
        config: {
          ...view.config,
          access: {
            ...view.config.access,
            tokens: view.config.access.tokens.filter((t) => t.name !== 'lobby-tv'),
          },
        },
        reason: 'TV stolen',
      });
      // The open connection is closed the moment its token goes, not left to find out on its next call.
      expect(await closed).toEqual({ code: 1008, reason: 'token no longer valid' });
    } finally {
      await tv.close();
    }
  });
});
