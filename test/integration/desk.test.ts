import { mkdtempSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { BridgeError } from '../../electron/bridge/web';
import { ConfigError } from '../../electron/config/load';
import { startDeskEngine } from '../../electron/demo/start';
import { startEngine } from '../../electron/engine/engine';
import { loopbackBridge } from '../helpers/bridge';
import { quietLog, resources, startDeskWithClients } from '../helpers/desk';
import { startedForFile } from '../helpers/for-file';

const desk = startedForFile(() =>
  startDeskWithClients({ stations: 3, pollIntervalMs: 200, timeoutMs: 200 }, { t: {} }),
);
const t = () => desk().clients.t;

describe('engine polling the simulator over real TCP, seen through the bridge', () => {
  it('a register changed in the simulator arrives as a new value', async () => {
    const device = desk().config.devices.find((d) => d.profile === 'ac-7kw');
    if (!device) throw new Error('no AC charger in the fleet');
    for (const kw of [3.21, 4.56]) {
      desk().fleet.setPoint(device.id, 'gun1.power', kw);
      const sample = await t().client.waitFor(() => {
        const s = t().client.sample(device.id, 'gun1.power');
        return s?.value === kw ? s : undefined;
      });
      expect(sample.quality).toBe('good');
    }
  });

  it('decodes SunSpec values with their scale factors', async () => {
    const pv = desk().config.devices.find((d) => d.profile === 'pv-sunspec-103');
    if (!pv) throw new Error('no inverter in the fleet');
    // W_SF is 1 in the simulator (50 kW does not fit an i16 in watts): the raw register holds 1234.
    desk().fleet.setPoint(pv.id, 'power', 12340);
    const sample = await t().client.waitFor(() => {
      const s = t().client.sample(pv.id, 'power');
      return s?.value === 12340 ? s : undefined;
    });
    expect(sample.quality).toBe('good');
  });

  it('a device that stops answering becomes comm-lost while its neighbours keep updating', async () => {
    const [victim, neighbour] = desk().config.devices.filter(
      (d) => d.stationId === desk().config.stations[0]?.id,
    );
    const other = desk().config.devices.find(
      (d) => d.stationId === desk().config.stations[1]?.id && d.profile === 'ac-7kw',
    );
    if (!victim || !neighbour || !other) throw new Error('fleet too small');
    desk().fleet.gateway(victim.stationId).setFault({ kind: 'silent' }, victim.unitId);
    try {
      const lost = await t().client.waitFor(() => {
        const s = t().client.status(victim.id);
        return s?.state === 'comm-lost' ? s : undefined;
      });
      expect(lost.detail).toMatch(/did not answer/);
      // Every reader sees the status; the address stays with the roles that see endpoints (the log keeps it).
      expect(lost.detail).not.toContain(`${victim.host}:${victim.port}`);
      expect(lost.detail).toMatch(/the gateway/);
      expect(t().client.status(neighbour.id)?.state).not.toBe('comm-lost');
      desk().fleet.setPoint(other.id, 'gun1.power', 2.22);
      await t().client.waitFor(() =>
        t().client.sample(other.id, 'gun1.power')?.value === 2.22 ? true : undefined,
      );
      const snapshot = await t().client.request('fleet.snapshot', {});
      expect(
        snapshot.samples.filter((s) => s.deviceId === victim.id).every((s) => s.quality === 'comm-fail'),
      ).toBe(true);
    } finally {
      desk().fleet.gateway(victim.stationId).clearFault(victim.unitId);
    }
    await t().client.waitFor(() => (t().client.status(victim.id)?.comms === 'online' ? true : undefined));
  });

  it('survives malformed bridge messages: error reply, connection and engine stay up', async () => {
    const send = t().sendText;
    if (!send) throw new Error('no raw text channel');
    for (const text of ['{not json', '', '[]', '{"type":"request","id":1e400}', 'x'.repeat(10_000)]) {
      const before = t().client.errors.length;
      send(text);
      const reply = await t().client.waitFor(() => t().client.errors[before]);
      expect(reply).toMatchObject({ ok: false, id: null, error: { code: 'bad-frame' } });
    }
    expect((await t().client.request('desk.info', {})).product).toBe('DutyDesk');
  });
});

/** A plain HTTP GET to the bridge with whatever Host header a browser on some other page would send. */
function getWithHost(port: number, path: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers: { host }, agent: false }, (res) => {
      let body = '';
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.once('error', reject);
    req.end();
  });
}

function upgradeStatus(url: string, headers: Record<string, string>): Promise<number | 'open'> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => {
      ws.close();
      resolve('open');
    });
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', reject);
  });
}

describe('DNS rebinding: the bridge answers only to its own names', () => {
  it('refuses HTTP, the WebSocket and /tiles for a foreign Host with 421, and says why', async () => {
    const port = t().bridge.port;
    for (const path of ['/healthz', '/', '/tiles/1/0/0']) {
      const refused = await getWithHost(port, path, `rebind.evil.example:${port}`);
      expect(refused.status, path).toBe(421);
      expect(JSON.parse(refused.body).error).toMatch(
        /answers to 127\.0\.0\.1:\d+, localhost:\d+, \[::1\]:\d+.*DNS rebinding/,
      );
    }
    // The right name on the wrong port is not this bridge either; nor is a Host smuggling a loopback name.
    expect((await getWithHost(port, '/healthz', `127.0.0.1:${port + 1}`)).status).toBe(421);
    expect((await getWithHost(port, '/healthz', `evil.example:1@127.0.0.1:${port}`)).status).toBe(421);
    expect(await upgradeStatus(`ws://127.0.0.1:${port}/api`, { host: `rebind.evil.example:${port}` })).toBe(
      421,
    );
  });

  it('answers to 127.0.0.1, localhost and [::1] on its port', async () => {
    const port = t().bridge.port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`]) {
      expect((await getWithHost(port, '/healthz', host)).status, host).toBe(200);
    }
    expect(await upgradeStatus(`ws://127.0.0.1:${port}/api`, { host: `localhost:${port}` })).toBe('open');
  });

  it('answers to a name given with allowedHosts, and to IP addresses when listening on every interface', async () => {
    const bridge = await loopbackBridge(desk().engine, {
      host: '0.0.0.0',
      token: 'lan-token',
      allowedHosts: ['desk01.plant.example'],
    });
    try {
      const port = bridge.port;
      expect((await getWithHost(port, '/healthz', `desk01.plant.example:${port}`)).status).toBe(200);
      expect((await getWithHost(port, '/healthz', `192.0.2.10:${port}`)).status).toBe(200);
      expect((await getWithHost(port, '/healthz', `rebind.evil.example:${port}`)).status).toBe(421);
    } finally {
      await bridge.close();
    }
  });
});

describe('bridge guards', () => {
  it('refuses a cross-origin WebSocket', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${t().bridge.port}/api`, { origin: 'http://evil.example' });
    const status = await new Promise((resolve) =>
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode)),
    );
    expect(status).toBe(403);
  });

  it('requires the token when one is set', async () => {
    const bridge = await loopbackBridge(desk().engine, {
      token: 's3cret-token',
    });
    try {
      const refused = new WebSocket(`ws://127.0.0.1:${bridge.port}/api?token=wrong`);
      expect(
        await new Promise((r) => refused.on('unexpected-response', (_q, res) => r(res.statusCode))),
      ).toBe(401);
      const ok = new WebSocket(`ws://127.0.0.1:${bridge.port}/api?token=s3cret-token`);
      await new Promise((r, j) => {
        ok.once('open', r);
        ok.once('error', j);
      });
      ok.close();
    } finally {
      await bridge.close();
    }
  });

  it('will not listen beyond loopback without a token', async () => {
    await expect(
      loopbackBridge(desk().engine, {
        host: '0.0.0.0',
      }),
    ).rejects.toThrow(/beyond this machine: set a token/);
  });

  it('says clearly when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const address = blocker.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const error = await loopbackBridge(desk().engine, {
        port,
      }).catch((e) => e);
      expect(error).toBeInstanceOf(BridgeError);
      expect(error.message).toBe(
        `port ${port} on 127.0.0.1 is already in use: choose another with --port or DUTYDESK_PORT`,
      );
    } finally {
      blocker.close();
    }
  });
});

describe('engine start-up', () => {
  it('runs the demo fleet when no config is given', async () => {
    const engine = await startDeskEngine({
      shell: 'headless',
      configPath: null,
      resourcesDir: resources,
      dataDir: mkdtempSync(join(tmpdir(), 'dutydesk-demo-')),
      log: quietLog,
    });
    try {
      const snapshot = await engine.api['fleet.snapshot']({}, { user: 'test', role: 'admin' });
      expect(engine.info.fleet).toBe('demo');
      expect(snapshot.stations.length).toBeGreaterThanOrEqual(10);
      expect([...new Set(snapshot.devices.map((d) => d.kind))]).toEqual(
        expect.arrayContaining(['ac-charger', 'dc-charger', 'pv-inverter']),
      );
      expect(engine.access().localRole).toBe('admin');
    } finally {
      await engine.stop();
    }
  });

  it('refuses a bad config before polling anything', async () => {
    await expect(
      startEngine({
        shell: 'headless',
        configPath: '/nonexistent/stations.json',
        resourcesDir: resources,
        dataDir: mkdtempSync(join(tmpdir(), 'dutydesk-bad-')),
        log: quietLog,
      }),
    ).rejects.toBeInstanceOf(ConfigError);
  });
});
