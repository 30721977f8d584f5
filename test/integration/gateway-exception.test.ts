import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ModbusLink } from '../../electron/acquisition/link';
import { discover } from '../../electron/acquisition/sunspec';
import { createLogger } from '../../electron/log/logger';
import { Profile } from '../../shared/profile/schema';
import { exceptionAnswer, readAnswer, startRawServer } from '../helpers/raw-modbus';
import { startPoller } from '../helpers/raw-poller';
import { until } from '../helpers/until';

/**
 * A gateway answers for a unit behind it that is down with exception 0x0B
 * (target device failed to respond) or 0x0A (path unavailable). That is
 * the device being unreachable, not the device refusing a register.
 */
function profile(id: string): Profile {
  return Profile.parse(
    JSON.parse(readFileSync(join(import.meta.dirname, `../../resources/profiles/${id}.json`), 'utf8')),
  );
}
const ac = profile('ac-7kw');
const pv = profile('pv-sunspec-103');
const log = createLogger('test', () => {});
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

/** A gateway with unit 1 answering zeros everywhere and units 3 and 4 down behind it. */
async function gateway(code: number) {
  const server = await startRawServer((r) =>
    r.unitId >= 3
      ? exceptionAnswer(r.tid, r.unitId, r.fc, code)
      : readAnswer(r.tid, r.unitId, new Array(r.count).fill(0)),
  );
  cleanups.push(() => server.close());
  return server.port;
}

async function online(port: number): Promise<ModbusLink> {
  const link = new ModbusLink({ host: '127.0.0.1', port, timeoutMs: 500, log });
  cleanups.push(() => link.close());
  link.connect();
  for (let i = 0; i < 100 && link.state !== 'online'; i++) await new Promise((r) => setTimeout(r, 10));
  return link;
}

describe('a unit that is down behind a gateway', () => {
  it('SunSpec discovery says what the gateway said (0x0B), not that there is no marker', async () => {
    const link = await online(await gateway(0x0b));
    const failure = await discover(link, 3, { base: 40000, models: [] }).catch((e: Error) => e);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toContain(
      'unit 3: the gateway reports the device did not respond (exception 0x0B)',
    );
    expect((failure as Error).message).not.toMatch(/marker/);
  });

  it('SunSpec discovery names an unavailable gateway path (0x0A)', async () => {
    const link = await online(await gateway(0x0a));
    await expect(discover(link, 3, { base: 40000, models: [] })).rejects.toThrow(
      'unit 3: the gateway reports no path to the device (exception 0x0A)',
    );
  });

  it('lists each SunSpec base once when the device has no marker', async () => {
    const link = await online(await gateway(0x0b));
    await expect(discover(link, 1, { base: 40000, models: [] })).rejects.toThrow(
      /no SunSpec marker at 40000, 0, 50000$/,
    );
  });

  it('the poller shows the unit comm-lost with the gateway reason, its neighbour online', async () => {
    const { telemetry, stop } = startPoller(
      await gateway(0x0b),
      [
        { id: 'ac3', profile: ac, unitId: 3 },
        { id: 'pv4', profile: pv, unitId: 4 },
        { id: 'ac1', profile: ac, unitId: 1 },
      ],
      { pollIntervalMs: 100, timeoutMs: 300 },
    );
    cleanups.push(stop);
    await until(
      () =>
        telemetry.status('ac3')?.comms === 'comm-lost' &&
        telemetry.status('pv4')?.comms === 'comm-lost' &&
        telemetry.status('ac1')?.comms === 'online',
    );
    for (const [id, unit] of [
      ['ac3', 3],
      ['pv4', 4],
    ]) {
      expect(telemetry.status(String(id))).toMatchObject({ comms: 'comm-lost' });
      expect(telemetry.status(String(id))?.detail).toContain(
        `unit ${unit}: the gateway reports the device did not respond (exception 0x0B)`,
      );
    }
    expect(telemetry.status('ac1')?.comms).toBe('online');
  });
});
