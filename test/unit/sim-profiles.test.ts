import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadProfiles } from '../../node/profiles';
import { resourcesDir } from '../../node/resources';
import { faultBits } from '../../sim/models/base';

const root = resolve(import.meta.dirname, '../..');

describe('loadProfiles', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dutydesk-profiles-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const shipped = (name: string) => JSON.parse(readFileSync(join(root, 'resources/profiles', name), 'utf8'));

  it('loads the shipped profiles by id', () => {
    const profiles = loadProfiles(join(root, 'resources/profiles'));
    expect([...profiles.keys()].sort()).toEqual([
      'ac-7kw',
      'box-transformer-630kva',
      'dc-120kw-dual',
      'meter-3p-f32',
      'pv-sunspec-103',
    ]);
    expect(profiles.get('ac-7kw')?.points.find((p) => p.key === 'powerLimit')?.writable).toBe(true);
  });

  it('names the file and the field path of an invalid point', () => {
    const bad = shipped('ac-7kw.json');
    bad.points[3].type = 'u8';
    writeFileSync(join(dir, 'x.json'), JSON.stringify(bad));
    writeFileSync(join(dir, 'notes.txt'), 'not a profile');
    expect(() => loadProfiles(dir)).toThrow(
      new RegExp(`^${join(dir, 'x.json')}: points\\[3\\]\\.type: Invalid option`),
    );
  });

  it('names the file of broken JSON', () => {
    writeFileSync(join(dir, 'broken.json'), '{ "id": ');
    expect(() => loadProfiles(dir)).toThrow(`${join(dir, 'broken.json')}: not valid JSON`);
  });

  it('refuses two files with the same profile id', () => {
    const ac = shipped('ac-7kw.json');
    writeFileSync(join(dir, 'a.json'), JSON.stringify(ac));
    writeFileSync(join(dir, 'b.json'), JSON.stringify(ac));
    expect(() => loadProfiles(dir)).toThrow(
      `${join(dir, 'b.json')}: id "ac-7kw" is already used by ${join(dir, 'a.json')}`,
    );
  });
});

describe('faultBits', () => {
  const profiles = loadProfiles(join(root, 'resources/profiles'));
  const profile = (id: string) => {
    const found = profiles.get(id);
    if (!found) throw new Error(`no profile ${id}`);
    return found;
  };

  it('masks each named bit where the profile’s bit field puts it', () => {
    expect(
      faultBits(profile('box-transformer-630kva'), ['overTemperature', 'breakerTrip', 'groundFault']),
    ).toEqual({
      overTemperature: 1 << 0,
      breakerTrip: 1 << 3,
      groundFault: 1 << 7,
    });
    expect(faultBits(profile('pv-sunspec-103'), ['overTemperature'])).toEqual({ overTemperature: 1 << 7 });
  });

  it('refuses a name the profile does not have', () => {
    expect(() => faultBits(profile('ac-7kw'), ['breakerTrip'])).toThrow(
      'profile ac-7kw has no fault bit breakerTrip',
    );
  });
});

describe('resourcesDir', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('finds the resources folder above the module', () => {
    vi.stubEnv('DUTYDESK_RESOURCES', '');
    expect(resourcesDir()).toBe(join(root, 'resources'));
  });

  it('prefers DUTYDESK_RESOURCES', () => {
    vi.stubEnv('DUTYDESK_RESOURCES', '/opt/dutydesk/resources');
    expect(resourcesDir()).toBe('/opt/dutydesk/resources');
  });
});
