import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfigFile } from '../../electron/config/load';
import { ConfigView } from '../../shared/api/contract';
import type { Role } from '../../shared/auth/roles';
import { withoutEndpoint } from '../../shared/config/endpoints';
import { keepRedacted, REDACTED, redactConfig } from '../../shared/config/redact';
import { DeskConfig } from '../../shared/config/schema';
import { acChargerProfile } from '../helpers/fleet-fixtures';

/**
 * Modbus has no authentication: where the devices are (host, port, unit id)
 * is most of what an intruder on the station network needs, so only roles
 * that control or configure devices are shown it.
 */
const station = { id: 'sx01', name: '越城站', lat: 30, lng: 120.58, group: '越城区', urban: true };
const config = DeskConfig.parse({
  stations: [station],
  devices: [
    {
      id: 'ac1',
      stationId: 'sx01',
      name: 'AC 1',
      profile: 'ac-7kw',
      host: '10.1.1.5',
      port: 5020,
      unitId: 3,
    },
    {
      id: 'ac2',
      stationId: 'sx01',
      name: 'AC 2',
      profile: 'ac-7kw',
      host: '10.1.1.5',
      port: 5020,
      unitId: 4,
    },
    { id: 'pv1', stationId: 'sx01', name: 'PV', profile: 'ac-7kw', host: '10.1.1.6', unitId: 3 },
  ],
});
const endpoints = (c: DeskConfig) => c.devices.map(({ host, port, unitId }) => ({ host, port, unitId }));
const view = (c: DeskConfig) =>
  ConfigView.parse({ editable: true, why: null, path: null, config: c, profiles: [] }).config;

describe('device endpoints in the configuration a client is shown', () => {
  it.each(['monitor', 'shift-lead', 'admin'] as Role[])('are shown to %s', (role) => {
    expect(endpoints(view(redactConfig(config, role)))).toEqual(endpoints(config));
  });

  it.each(['wallboard', 'manager'] as Role[])('are withheld from %s, the rest of the device kept', (role) => {
    const shown = view(redactConfig(config, role));
    const text = JSON.stringify(shown);
    for (const host of ['10.1.1.5', '10.1.1.6']) expect(text).not.toContain(host);
    expect(text).not.toContain('5020');
    expect(shown.devices.every((d) => d.host === REDACTED)).toBe(true);
    expect(
      shown.devices.map(({ id, stationId, name, profile }) => ({ id, stationId, name, profile })),
    ).toEqual(config.devices.map(({ id, stationId, name, profile }) => ({ id, stationId, name, profile })));
  });

  it('an admin saving a view with withheld endpoints keeps the real ones, edits included', () => {
    const shown = redactConfig(config, 'manager');
    const edited = {
      ...shown,
      devices: shown.devices.map((d) => (d.id === 'ac2' ? { ...d, name: 'AC 2b' } : d)),
    };
    const kept = keepRedacted(edited, config);
    expect(kept.ok && endpoints(kept.config)).toEqual(endpoints(config));
    expect(kept.ok && kept.config.devices[1]?.name).toBe('AC 2b');
    expect(kept.ok && kept.changed).toEqual([]);
  });

  it('a withheld endpoint with no device to take it from is refused, naming the field', () => {
    const shown = redactConfig(config, 'wallboard');
    const renamed = { ...shown, devices: shown.devices.map((d, i) => (i === 2 ? { ...d, id: 'pv9' } : d)) };
    expect(keepRedacted(renamed, config)).toMatchObject({
      ok: false,
      field: 'devices[2].host',
      message: expect.stringMatching(/none to keep/),
    });
  });

  it('a withheld host pasted into a config file is refused, naming the field', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'dutydesk-endpoints-')), 'stations.json');
    writeFileSync(path, JSON.stringify(redactConfig(config, 'wallboard')));
    const profiles = new Map([
      [
        'ac-7kw',
        acChargerProfile([
          { key: 'gun1.state', label: { 'zh-CN': '状态', en: 'State' }, address: 0, type: 'u16' },
        ]),
      ],
    ]);
    expect(() => loadConfigFile(path, profiles)).toThrow(ConfigError);
    expect(() => loadConfigFile(path, profiles)).toThrow(
      /devices\[0\]\.host: "<redacted>" is what a redacted view shows/,
    );
  });
});

describe('a comms failure in words every reader may see', () => {
  it('names the gateway instead of its address, wherever the address appears', () => {
    expect(
      withoutEndpoint(
        '10.8.3.21:502 is not answering (unit 3 at 10.8.3.21:502 did not answer within 1000 ms)',
        '10.8.3.21',
        502,
      ),
    ).toBe('the gateway is not answering (unit 3 at the gateway did not answer within 1000 ms)');
    expect(withoutEndpoint('getaddrinfo ENOTFOUND gw-keqiao.lan', 'gw-keqiao.lan', 502)).toBe(
      'getaddrinfo ENOTFOUND the gateway',
    );
  });

  it('leaves a host too short to tell from other words, and text without an address, as they are', () => {
    expect(withoutEndpoint('gw1:502 refused; gw1 is down', 'gw1', 502)).toBe(
      'the gateway refused; gw1 is down',
    );
    expect(withoutEndpoint('broker unreachable', '10.0.0.1', 502)).toBe('broker unreachable');
  });
});
