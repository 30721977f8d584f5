import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfigFile } from '../../electron/config/load';
import { REDACTED } from '../../shared/config/redact';
import { acChargerProfile } from '../helpers/fleet-fixtures';

const profiles = new Map([
  [
    'ac-7kw',
    acChargerProfile([
      { key: 'gun1.state', label: { 'zh-CN': '状态', en: 'State' }, address: 0, type: 'u16' },
    ]),
  ],
]);

const dir = mkdtempSync(join(tmpdir(), 'dutydesk-config-'));
function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const station = { id: 'sx01', name: '越城站', lat: 30, lng: 120.58, group: '越城区', urban: true };
const device = { id: 'sx01-ac1', stationId: 'sx01', name: 'AC 1', profile: 'ac-7kw', host: '10.1.1.5' };

function failure(path: string): string {
  try {
    loadConfigFile(path, profiles);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('config was accepted');
}

describe('config file', () => {
  it('loads a valid file and fills defaults', () => {
    const cfg = loadConfigFile(
      file('ok.json', JSON.stringify({ stations: [station], devices: [device] })),
      profiles,
    );
    expect(cfg.pollIntervalMs).toBe(1000);
    expect(cfg.devices[0]).toMatchObject({ port: 502, unitId: 1 });
  });

  it('names a missing file', () => {
    expect(failure(join(dir, 'nope.json'))).toMatch(/config file .*nope\.json: not found/);
  });

  it('names the file when the JSON is broken', () => {
    expect(failure(file('broken.json', '{"stations": ['))).toMatch(/broken\.json: not valid JSON/);
  });

  it.each([
    ['a wrongly typed port', { port: '502' }, /devices\[0\]\.port: .*number/],
    ['an unknown station', { stationId: 'sx99' }, /devices\[0\]\.stationId: no station "sx99"/],
    [
      'an unknown profile',
      { profile: 'ac-9kw' },
      /devices\[0\]\.profile: no profile "ac-9kw" \(known: ac-7kw\)/,
    ],
    ['an unknown field', { hots: 'x' }, /devices\[0\]: .*hots/],
    ['a unit id out of range', { unitId: 300 }, /devices\[0\]\.unitId/],
  ])('names the field for %s', (_name, patch, message) => {
    const cfg = { stations: [station], devices: [{ ...device, ...patch }] };
    expect(failure(file('bad.json', JSON.stringify(cfg)))).toMatch(message);
  });

  it('refuses less than five years of 15-minute history or of backups, and says why', () => {
    const base = { stations: [station], devices: [device] };
    const cfg = loadConfigFile(file('five-years.json', JSON.stringify(base)), profiles);
    expect(cfg.history.quarterHourDays).toBe(1827);
    expect(cfg.backup.keepDays).toBe(1827);
    const history = { ...base, history: { quarterHourDays: 1826 } };
    expect(failure(file('short-history.json', JSON.stringify(history)))).toMatch(
      /history\.quarterHourDays: at least 1827 days: records are kept five years/,
    );
    const backup = { ...base, backup: { keepDays: 1826 } };
    expect(failure(file('short-backup.json', JSON.stringify(backup)))).toMatch(
      /backup\.keepDays: at least 1827 days: records are kept five years/,
    );
    // Raw samples and 1-minute rollups may go earlier: the 15-minute rollups keep the trend.
    const short = { ...base, history: { rawDays: 7, minuteDays: 90 } };
    expect(loadConfigFile(file('short-raw.json', JSON.stringify(short)), profiles).history).toEqual({
      rawDays: 7,
      minuteDays: 90,
      quarterHourDays: 1827,
    });
  });

  it('refuses two devices on the same endpoint and unit id', () => {
    const cfg = { stations: [station], devices: [device, { ...device, id: 'sx01-ac2' }] };
    expect(failure(file('dup.json', JSON.stringify(cfg)))).toMatch(
      /devices\[1\]\.unitId: 10\.1\.1\.5:502#1 is already used/,
    );
  });

  it('refuses a station outside the globe', () => {
    const cfg = { stations: [{ ...station, lat: 130 }], devices: [] };
    expect(failure(file('lat.json', JSON.stringify(cfg)))).toMatch(/stations\[0\]\.lat/);
  });

  it('refuses a redacted placeholder pasted into a file, naming the field', () => {
    const cfg = {
      stations: [station],
      devices: [],
      access: { tokens: [{ name: 'tv', role: 'wallboard', sha256: REDACTED }] },
    };
    expect(failure(file('redacted.json', JSON.stringify(cfg)))).toMatch(
      /access\.tokens\[0\]\.sha256: "<redacted>" is what a redacted view shows/,
    );
    const bad = {
      stations: [station],
      devices: [],
      access: { tokens: [{ name: 'tv', role: 'wallboard', sha256: 'abc' }] },
    };
    expect(failure(file('short-hash.json', JSON.stringify(bad)))).toMatch(/64 lowercase hex digits/);
  });
});
