import { describe, expect, it } from 'vitest';
import type { PointValue } from '../../shared/api/model';
import { deriveState, isAbnormal } from '../../shared/device/state';

const reader = (values: Record<string, PointValue>) => (key: string) => values[key];

describe('device state', () => {
  it('comms loss wins over everything', () => {
    expect(deriveState('dc-charger', 'comm-lost', reader({ 'gun1.state': 'charging' }), 2, ['x']).state).toBe(
      'comm-lost',
    );
  });

  it('a fault word bit makes the device faulted and names it', () => {
    expect(deriveState('ac-charger', 'online', reader({ 'gun1.state': 'idle' }), 1, ['groundFault'])).toEqual(
      {
        state: 'fault',
        detail: 'groundFault',
        faults: ['groundFault'],
      },
    );
  });

  it('charger: any gun charging → charging; a faulted gun → fault; all unavailable → unavailable', () => {
    const dc = (a: string, b: string) =>
      deriveState('dc-charger', 'online', reader({ 'gun1.state': a, 'gun2.state': b }), 2, []);
    expect(dc('idle', 'charging').state).toBe('charging');
    expect(dc('faulted', 'charging')).toEqual({
      state: 'fault',
      detail: 'gun1.faulted',
      faults: ['gun1.faulted'],
    });
    expect(dc('unavailable', 'unavailable').state).toBe('unavailable');
    expect(dc('idle', 'idle').state).toBe('idle');
    expect(dc('idle', 'unknown(9)').state).toBe('unknown');
  });

  it('inverter follows its SunSpec operating state', () => {
    const pv = (st: PointValue) => deriveState('pv-inverter', 'online', reader({ state: st }), 0, []).state;
    expect(pv('mppt')).toBe('generating');
    expect(pv('sleeping')).toBe('sleeping');
    expect(pv('fault')).toBe('fault');
    expect(pv(null)).toBe('unknown');
  });

  it('box transformer: a tripped breaker is a fault, an open one leaves the station without supply', () => {
    const bt = (breaker: PointValue) => deriveState('box-transformer', 'online', reader({ breaker }), 0, []);
    expect(bt('closed').state).toBe('normal');
    expect(bt('open')).toMatchObject({ state: 'unavailable', detail: 'breaker open' });
    expect(bt('tripped')).toMatchObject({ state: 'fault', faults: ['breaker.tripped'] });
    expect(deriveState('meter', 'online', reader({}), 0, []).state).toBe('normal');
  });

  it('only abnormal states are coloured', () => {
    expect(isAbnormal('charging')).toBe(false);
    expect(isAbnormal('comm-lost')).toBe(true);
  });
});
