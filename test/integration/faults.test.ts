import { describe, expect, it } from 'vitest';
import type { ModbusFault } from '../../sim/modbus-server';
import { startDeskWithClients } from '../helpers/desk';
import { startedForFile } from '../helpers/for-file';

/**
 * Every fault the simulator can inject, one at a time: the right quality on
 * the right device, while a device on another gateway keeps updating.
 */
const desk = startedForFile(() =>
  startDeskWithClients({ stations: 2, pollIntervalMs: 200, timeoutMs: 250 }, { t: {} }),
);
const t = () => desk().clients.t;

const onStation = (i: number, profile = 'ac-7kw') => {
  const device = desk().config.devices.find(
    (d) => d.stationId === desk().config.stations[i]?.id && d.profile === profile,
  );
  if (!device) throw new Error(`no ${profile} on station ${i}`);
  return device;
};

/** A value written now on another gateway must arrive: that device was not held up. */
async function stillUpdating(deviceId: string, kw: number): Promise<void> {
  desk().fleet.setPoint(deviceId, 'gun1.power', kw);
  await t().client.waitFor(() =>
    t().client.sample(deviceId, 'gun1.power')?.value === kw ? true : undefined,
  );
}

const cases: [string, ModbusFault, (deviceId: string) => unknown][] = [
  ['silent', { kind: 'silent' }, (id) => (t().client.status(id)?.state === 'comm-lost' ? true : undefined)],
  [
    'slower than the timeout',
    { kind: 'slow', delayMs: 600 },
    (id) => (t().client.status(id)?.state === 'comm-lost' ? true : undefined),
  ],
  ['dropped', { kind: 'drop' }, (id) => (t().client.status(id)?.state === 'comm-lost' ? true : undefined)],
  [
    'answering with exceptions',
    { kind: 'exception', code: 4 },
    (id) =>
      t().client.sample(id, 'gun1.power')?.quality === 'bad' && t().client.status(id)?.comms === 'online'
        ? true
        : undefined,
  ],
  [
    'sending malformed frames',
    { kind: 'malformed' },
    (id) => (t().client.status(id)?.state === 'comm-lost' ? true : undefined),
  ],
];

describe('injected faults', () => {
  it.each(cases)(
    'a unit %s gets the right quality; another gateway keeps updating',
    async (_name, fault, seen) => {
      const victim = onStation(0);
      const other = onStation(1);
      desk().fleet.gateway(victim.stationId).setFault(fault, victim.unitId);
      try {
        await t().client.waitFor(() => seen(victim.id));
        await stillUpdating(other.id, Number((1.1 + Math.round(Math.random() * 50) / 10).toFixed(1)));
      } finally {
        desk().fleet.gateway(victim.stationId).clearFault();
      }
      await t().client.waitFor(() => {
        const s = t().client.status(victim.id);
        return s?.comms === 'online' &&
          s.state !== 'comm-lost' &&
          t().client.sample(victim.id, 'gun1.power')?.quality === 'good'
          ? true
          : undefined;
      });
    },
  );

  it('a slow unit within the timeout stays good', async () => {
    const victim = onStation(0);
    desk().fleet.gateway(victim.stationId).setFault({ kind: 'slow', delayMs: 60 }, victim.unitId);
    try {
      desk().fleet.setPoint(victim.id, 'gun1.power', 4.4);
      const sample = await t().client.waitFor(() => {
        const s = t().client.sample(victim.id, 'gun1.power');
        return s?.value === 4.4 ? s : undefined;
      });
      expect(sample.quality).toBe('good');
      expect(t().client.status(victim.id)?.state).not.toBe('comm-lost');
    } finally {
      desk().fleet.gateway(victim.stationId).clearFault();
    }
  });

  it('a whole station going offline marks all its devices comm-lost, and only those', async () => {
    const station = desk().config.stations[0]?.id ?? '';
    const mine = desk().config.devices.filter((d) => d.stationId === station);
    desk().fleet.offline(station);
    try {
      await t().client.waitFor(() =>
        mine.every((d) => t().client.status(d.id)?.state === 'comm-lost') ? true : undefined,
      );
      await stillUpdating(onStation(1).id, 5.5);
    } finally {
      desk().fleet.online(station);
    }
    await t().client.waitFor(() =>
      mine.every((d) => t().client.status(d.id)?.comms === 'online') ? true : undefined,
    );
  });
});

describe('anomalies', () => {
  it.each([
    ['insulation-fault', 'insulationFault'],
    ['smoke', 'smokeDetected'],
    ['ground-fault', 'groundFault'],
  ] as const)('a DC charger with %s shows fault %s', async (kind, code) => {
    const dc = onStation(0, 'dc-120kw-dual');
    desk().fleet.anomaly(dc.id, kind);
    try {
      const status = await t().client.waitFor(() => {
        const s = t().client.status(dc.id);
        return s?.state === 'fault' && s.faults.includes(code) ? s : undefined;
      });
      expect(status.comms).toBe('online');
    } finally {
      desk().fleet.clearAnomaly(dc.id);
      desk().fleet.reset(dc.id);
    }
    await t().client.waitFor(() => (t().client.status(dc.id)?.state !== 'fault' ? true : undefined));
  });
});
