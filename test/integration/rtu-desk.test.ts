import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSimArgs, runSim } from '../../sim/cli';
import type { RtuLineFault } from '../../sim/rtu-bridge';
import { overWebSocket, startDesk } from '../helpers/desk';
import { freePort } from '../helpers/processes';

/**
 * A whole desk polling a station that sits behind a transparent serial
 * server (RTU over TCP) next to one on Modbus TCP: values arrive with the
 * same quality model, and a serial line that corrupts frames takes only its
 * own station comm-lost.
 */
let desk: Awaited<ReturnType<typeof startDesk>>;
let t: Awaited<ReturnType<typeof overWebSocket>>;
let serialStation = '';
beforeAll(async () => {
  desk = await startDesk({ stations: 2, pollIntervalMs: 200, timeoutMs: 250, rtuStations: ['sx01'] });
  t = await overWebSocket(desk.engine);
  serialStation = desk.config.stations[0]?.id ?? '';
});
afterAll(async () => {
  await t.close();
  await desk.stop();
});

const acOn = (stationId: string) => {
  const device = desk.config.devices.find((d) => d.stationId === stationId && d.profile === 'ac-7kw');
  if (!device) throw new Error(`no ac-7kw on ${stationId}`);
  return device;
};

async function sees(deviceId: string, kw: number): Promise<void> {
  desk.fleet.setPoint(deviceId, 'gun1.power', kw);
  await t.client.waitFor(() => {
    const sample = t.client.sample(deviceId, 'gun1.power');
    return sample?.value === kw && sample.quality === 'good' ? true : undefined;
  });
}

describe('a station behind a serial server, RTU over TCP', () => {
  it('is configured with RTU framing and polled like any other', async () => {
    const serial = acOn(serialStation);
    expect(serialStation).toBe('sx01');
    expect(serial.framing).toBe('rtu-over-tcp');
    expect(acOn(desk.config.stations[1]?.id ?? '').framing).toBeUndefined();
    await sees(serial.id, 4.2);
  });

  it.each<RtuLineFault>(['bad-crc', 'partial'])(
    'a line sending %s frames is comm-lost; the Modbus TCP station keeps updating',
    async (fault) => {
      const victim = acOn(serialStation);
      const other = acOn(desk.config.stations[1]?.id ?? '');
      desk.fleet.serialLine(serialStation).setLineFault(fault);
      try {
        await t.client.waitFor(() => (t.client.status(victim.id)?.state === 'comm-lost' ? true : undefined));
        expect(t.client.sample(victim.id, 'gun1.power')?.quality).toBe('comm-fail');
        await sees(other.id, fault === 'bad-crc' ? 3.3 : 5.1);
      } finally {
        desk.fleet.serialLine(serialStation).setLineFault(undefined);
      }
      await sees(victim.id, fault === 'bad-crc' ? 2.7 : 6.4);
      expect(t.client.status(victim.id)?.state).not.toBe('comm-lost');
    },
  );
});

describe('sim --rtu', () => {
  it('serves the named stations over RTU at their own port and says so', async () => {
    const base = (await freePort()) - 2;
    const lines: string[] = [];
    const session = await runSim(
      { ...parseSimArgs(['--stations', '2', '--rtu', 'sx02']), basePort: base },
      (l) => lines.push(l),
    );
    try {
      expect(lines).toContainEqual(
        expect.stringMatching(new RegExp(`^  sx02  127\\.0\\.0\\.1:${base + 2} \\(rtu-over-tcp\\)  units`)),
      );
      expect(lines).toContainEqual(
        expect.stringMatching(new RegExp(`^  sx01  127\\.0\\.0\\.1:${base + 1}  units`)),
      );
      expect(session.fleet.gateway('sx02').port).not.toBe(base + 2);
    } finally {
      await session.stop();
    }
  });

  it('refuses a station it does not serve', async () => {
    await expect(
      runSim({ ...parseSimArgs(['--stations', '2', '--rtu', 'sx01,sx09']), basePort: 0 }, () => {}),
    ).rejects.toThrow('no station sx09 to serve over RTU');
  });
});
