import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { Poller } from '../../electron/acquisition/poller';
import { createLogger } from '../../electron/log/logger';
import { TelemetryStore } from '../../electron/telemetry/store';
import type { Device } from '../../shared/api/model';
import { DeskConfig } from '../../shared/config/schema';
import { encodePoint } from '../../shared/profile/codec';
import { Profile } from '../../shared/profile/schema';
import { exceptionAnswer, readAnswer, startRawServer } from '../helpers/raw-modbus';

const profile = Profile.parse(
  JSON.parse(readFileSync(join(import.meta.dirname, '../../resources/profiles/ac-7kw.json'), 'utf8')),
);
const log = createLogger('test', () => {});
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

it('a device that maps only its points (no gaps) is still read completely', async () => {
  // Registers exist only where the profile has points; a read across a gap is refused with exception 02.
  const regs = new Map<number, number>();
  for (const point of profile.points) {
    const words =
      point.key === 'gun1.power' ? encodePoint(point, 6.6) : new Array(point.type === 'u32' ? 2 : 1).fill(0);
    for (const [i, w] of words.entries()) regs.set(point.address + i, w);
  }
  const server = await startRawServer((r) => {
    const words = Array.from({ length: r.count }, (_, i) => regs.get(r.start + i));
    return words.some((w) => w === undefined)
      ? exceptionAnswer(r.tid, r.unitId, r.fc, 2)
      : readAnswer(r.tid, r.unitId, words as number[]);
  });
  cleanups.push(() => server.close());
  const config = DeskConfig.parse({
    pollIntervalMs: 100,
    timeoutMs: 300,
    stations: [{ id: 's1', name: 'S', lat: 30, lng: 120, group: 'g', urban: true }],
    devices: [
      {
        id: 'd1',
        stationId: 's1',
        name: 'D',
        profile: 'ac-7kw',
        host: '127.0.0.1',
        port: server.port,
        unitId: 1,
      },
    ],
  });
  const device: Device = {
    id: 'd1',
    stationId: 's1',
    name: 'D',
    kind: 'ac-charger',
    profile: 'ac-7kw',
    endpoint: '',
    unitId: 1,
    guns: 1,
    ratedKw: 7,
  };
  const telemetry = new TelemetryStore([device], new Map([['ac-7kw', profile]]), () => {});
  const poller = new Poller(config, new Map([['ac-7kw', profile]]), telemetry, log);
  cleanups.push(
    () => poller.stop(),
    () => telemetry.stop(),
  );
  poller.start();
  for (let i = 0; i < 100 && telemetry.sample('d1', 'faults')?.quality !== 'good'; i++) {
    await new Promise((r) => setTimeout(r, 20));
  }
  expect(telemetry.sample('d1', 'gun1.power')).toMatchObject({ value: 6.6, quality: 'good' });
  expect(telemetry.sample('d1', 'faults')).toMatchObject({ value: 0, quality: 'good' });
  expect(telemetry.status('d1')?.comms).toBe('online');
});
