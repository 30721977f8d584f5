import { describe, expect, it } from 'vitest';
import { metricOfPoint } from '../../shared/profile/binding';
import { Profile } from '../../shared/profile/schema';
import { commandValue } from '../../shared/profile/sparkplug-command';
import { acChargerProfile } from '../helpers/fleet-fixtures';

const label = { 'zh-CN': '点', en: 'point' };
const profile = acChargerProfile([
  { key: 'powerLimit', label, address: 0, type: 'u16', scale: 0.1, unit: 'kW', writable: true },
  {
    key: 'gun1.command',
    label,
    address: 1,
    type: 'u16',
    enum: { '0': 'none', '1': 'start' },
    writable: true,
  },
]);
const [limit, command] = profile.points as [Profile['points'][number], Profile['points'][number]];

describe('Sparkplug command values', () => {
  it('sends a number in the datatype the birth declared, refusing what it cannot hold exactly', () => {
    expect(commandValue(limit, 'Float', 3.5)).toEqual({ value: 3.5, expected: 3.5 });
    expect(commandValue(limit, 'Float', 4.2)).toEqual({ value: 4.2, expected: 4.2 });
    expect(commandValue(limit, 'Float', 4.0123456789)).toEqual({
      error: '4.0123456789 does not fit powerLimit (Sparkplug Float: 7 significant digits)',
    });
    expect(commandValue(limit, 'Double', 4.0123456789)).toEqual({
      value: 4.0123456789,
      expected: 4.0123456789,
    });
    expect(commandValue(limit, 'UInt8', 300)).toEqual({
      error: '300 does not fit powerLimit (Sparkplug UInt8: 0 to 255)',
    });
    expect(commandValue(limit, 'Int16', 2.5)).toEqual({
      error: '2.5 does not fit powerLimit (Sparkplug Int16: whole numbers only)',
    });
    expect(commandValue(limit, 'Boolean', 1)).toEqual({ value: true, expected: 1 });
    expect(commandValue(limit, 'DateTime', 1)).toEqual({
      error: 'powerLimit: a Sparkplug DateTime metric cannot be written from the desk',
    });
    expect(commandValue(limit, 'Float', 'high')).toEqual({ error: 'powerLimit takes a number, not "high"' });
  });

  it('sends an enum state as its raw number, or as its name to a String metric', () => {
    expect(commandValue(command, 'UInt16', 'start')).toEqual({ value: 1, expected: 'start' });
    expect(commandValue(command, 'String', 'start')).toEqual({ value: 'start', expected: 'start' });
    expect(commandValue(command, 'UInt16', 'stop')).toEqual({
      error: 'gun1.command takes one of none, start, not "stop"',
    });
  });

  it('names the metric of a point as the profile maps it', () => {
    expect(metricOfPoint(profile, 'powerLimit')).toBe('powerLimit');
    const mapped = Profile.parse({ ...profile, sparkplug: { metrics: { 'Charger/Limit': 'powerLimit' } } });
    expect(metricOfPoint(mapped, 'powerLimit')).toBe('Charger/Limit');
  });
});
