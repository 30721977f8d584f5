import { describe, expect, it } from 'vitest';
import { TelemetryStore } from '../../electron/telemetry/store';
import type { FleetDelta } from '../../shared/api/contract';
import type { Device } from '../../shared/api/model';
import { acChargerProfile } from '../helpers/fleet-fixtures';

const profile = acChargerProfile([
  {
    key: 'gun1.state',
    label: { 'zh-CN': '状态', en: 'State' },
    address: 0,
    type: 'u16',
    enum: { '0': 'idle', '2': 'charging' },
  },
  {
    key: 'faults',
    label: { 'zh-CN': '故障', en: 'Faults' },
    address: 1,
    type: 'u16',
    bits: { '4': 'groundFault' },
  },
]);
const device: Device = {
  id: 'd1',
  stationId: 's1',
  name: 'AC 1',
  kind: 'ac-charger',
  profile: 'ac-7kw',
  endpoint: '127.0.0.1:502',
  unitId: 1,
  guns: 1,
  ratedKw: 7,
};

function store() {
  const deltas: FleetDelta[] = [];
  let t = 1000;
  const s = new TelemetryStore(
    [device],
    new Map([['ac-7kw', profile]]),
    (d) => deltas.push(d),
    5,
    () => t,
  );
  return { s, deltas, tick: (ms: number) => (t += ms), flushed: () => new Promise((r) => setTimeout(r, 20)) };
}

describe('telemetry store', () => {
  it('sends only changes, batched into one delta per window', async () => {
    const { s, deltas, flushed } = store();
    s.update('d1', 'gun1.state', 'idle', 'good', 1);
    s.update('d1', 'gun1.state', 'charging', 'good', 2);
    s.update('d1', 'faults', 0, 'good', 2);
    s.setComms('d1', 'online', null);
    await flushed();
    expect(deltas).toHaveLength(1);
    expect(deltas[0]?.samples.map((x) => [x.key, x.value])).toEqual([
      ['gun1.state', 'charging'],
      ['faults', 0],
    ]);
    expect(deltas[0]?.status[0]).toMatchObject({ comms: 'online', state: 'charging' });
    s.update('d1', 'gun1.state', 'charging', 'good', 3);
    s.commit('d1');
    await flushed();
    expect(deltas).toHaveLength(1);
    s.stop();
  });

  it('derives a fault from the fault word and keeps values through comms loss', async () => {
    const { s, deltas, tick, flushed } = store();
    s.update('d1', 'gun1.state', 'idle', 'good', 1);
    s.update('d1', 'faults', 16, 'good', 1);
    s.setComms('d1', 'online', null);
    expect(s.status('d1')).toMatchObject({ state: 'fault', faults: ['groundFault'], detail: 'groundFault' });
    tick(500);
    s.markAll('d1', 'comm-fail', 2);
    s.setComms('d1', 'comm-lost', 'unit 1 did not answer');
    await flushed();
    expect(s.status('d1')).toMatchObject({
      state: 'comm-lost',
      detail: 'unit 1 did not answer',
      since: 1500,
    });
    expect(s.sample('d1', 'gun1.state')).toMatchObject({ value: 'idle', quality: 'comm-fail' });
    expect(deltas.at(-1)?.samples.every((x) => x.quality === 'comm-fail')).toBe(true);
    s.stop();
  });
});
