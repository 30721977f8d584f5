import { describe, expect, it } from 'vitest';
import { translator } from '../../renderer/src/i18n/lang';
import { fromSnapshot, liveOf } from '../../renderer/src/state/fleet';
import {
  columnsFor,
  describeFaults,
  neighbour,
  type Rect,
  tileView,
} from '../../renderer/src/views/wall/model';
import { acProfile, dcProfile, deviceOf, pvProfile, sample, snapshot, status, T0 } from './renderer-fixtures';

const state = fromSnapshot(snapshot());
const deviceById = (id: string) => deviceOf(state, id);

describe('tile view', () => {
  it('shows each gun of a DC charger with its values, and a dash for SoC without a vehicle', () => {
    const view = tileView(deviceById('s1-dc1'), dcProfile, liveOf(state, 's1-dc1'));
    expect(view.state).toBe('fault');
    expect(view.guns.map((g) => g.state)).toEqual(['charging', 'faulted']);
    const [gun1, gun2] = view.guns;
    expect(gun1?.cells.map((c) => [c.key, c.text, c.unit])).toEqual([
      ['gun1.power', '60.2', 'kW'],
      ['gun1.energy', '—', 'kWh'],
      ['gun1.soc', '41', '%'],
      ['gun1.duration', '—', 'min'],
    ]);
    expect(gun2?.cells.find((c) => c.key === 'gun2.soc')?.text).toBe('—');
    expect(view.worst).toBe('missing');
  });

  it('converts inverter power and energy and carries its operating state', () => {
    const view = tileView(deviceById('s1-pv1'), pvProfile, liveOf(state, 's1-pv1'));
    expect(view.cells.map((c) => [c.key, c.text, c.unit, c.quality])).toEqual([
      ['power', '31.4', 'kW', 'good'],
      ['energyTotal', '84.21', 'MWh', 'good'],
    ]);
    expect(view.inverterState).toEqual({ value: 'mppt', quality: 'good', mark: null });
    expect(view.guns).toEqual([]);
  });

  it('keeps the last values of a device whose comms are lost, marked stale', () => {
    const device = deviceById('s2-ac1');
    const view = tileView(device, state.profiles[device.profile], liveOf(state, device.id));
    expect(view.state).toBe('comm-lost');
    expect(view.guns[0]?.quality).toBe('stale');
    expect(view.guns[0]?.cells[0]).toMatchObject({ key: 'gun1.power', text: '6.7', quality: 'stale' });
  });

  it('marks stale values in words and shows bad ones as a dash, but not on a comm-lost tile', () => {
    const device = deviceById('s1-ac1');
    const live = {
      status: liveOf(state, 's1-ac1').status,
      points: {
        'gun1.state': sample('s1-ac1', 'gun1.state', 'charging', T0, 'stale'),
        'gun1.power': sample('s1-ac1', 'gun1.power', 6.8, T0, 'stale'),
        'gun1.energy': sample('s1-ac1', 'gun1.energy', 3.21, T0, 'bad'),
        'gun1.duration': sample('s1-ac1', 'gun1.duration', 754),
      },
    };
    const [gun] = tileView(device, acProfile, live).guns;
    expect(gun).toMatchObject({ state: 'charging', quality: 'stale', mark: 'stale' });
    expect(gun?.cells.map((c) => [c.key, c.text, c.quality, c.mark])).toEqual([
      ['gun1.power', '6.8', 'stale', 'stale'],
      ['gun1.energy', '—', 'bad', 'bad'],
      ['gun1.duration', '12:34', 'good', null],
    ]);

    const lost = tileView(device, acProfile, { ...live, status: status('s1-ac1', 'comm-lost', 'comm-lost') });
    expect(lost.guns[0]?.cells.map((c) => c.mark)).toEqual([null, 'bad', null]);
    expect(lost.guns[0]?.cells[0]).toMatchObject({ text: '6.8', quality: 'stale' });
  });

  it('does not trust an enum reading marked bad', () => {
    const device = deviceById('s1-pv1');
    const view = tileView(device, pvProfile, {
      status: null,
      points: { state: sample('s1-pv1', 'state', 'mppt', T0, 'bad') },
    });
    expect(view.inverterState).toEqual({ value: null, quality: 'bad', mark: 'bad' });
  });

  it('treats a device without status as unknown', () => {
    const view = tileView(deviceById('s1-ac1'), undefined, { status: null, points: {} });
    expect(view.state).toBe('unknown');
    expect(view.guns[0]?.cells).toEqual([]);
  });
});

describe('fault codes', () => {
  it('names known faults in the operator’s language and keeps the rest as the engine sent it', () => {
    const faults = ['connectorOverTemperature', 'gun2.faulted', 'vendorCode42'];
    expect(describeFaults(faults, translator('zh-CN'))).toBe('枪头过温、2号枪 故障、vendorCode42');
    expect(describeFaults(faults, translator('en'))).toBe(
      'Connector over-temperature, Gun 2 Faulted, vendorCode42',
    );
  });
});

describe('keyboard movement', () => {
  // Two rows of three 100×50 tiles, then a short row of one.
  const grid: Rect[] = [0, 1, 2, 3, 4, 5, 6].map((i) => ({
    x: (i % 3) * 110,
    y: Math.floor(i / 3) * 60,
    width: 100,
    height: i === 1 ? 58 : 50,
  }));

  it('moves left and right in reading order, stopping at the ends', () => {
    expect(neighbour(grid, 0, 'left')).toBe(0);
    expect(neighbour(grid, 2, 'right')).toBe(3);
    expect(neighbour(grid, 6, 'right')).toBe(6);
  });

  it('moves up and down to the tile most in line in the next row', () => {
    expect(neighbour(grid, 1, 'down')).toBe(4);
    expect(neighbour(grid, 4, 'up')).toBe(1);
    expect(neighbour(grid, 5, 'down')).toBe(6);
    expect(neighbour(grid, 6, 'down')).toBe(6);
    expect(neighbour(grid, 2, 'up')).toBe(2);
  });

  it('fits columns to the wall width', () => {
    expect(columnsFor(1872, 430, 12)).toBe(4);
    expect(columnsFor(400, 430, 12)).toBe(1);
    expect(columnsFor(2600, 430, 12)).toBe(5);
  });
});
