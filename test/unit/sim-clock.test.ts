import { describe, expect, it } from 'vitest';
import { clockStartingAt, parseInstant } from '../../sim/clock';
import { fleetTimeOptions } from '../../sim/flags';
import { localHour } from '../../sim/models/common';

describe("the simulated fleet's clock", () => {
  it('starts at the given moment and runs at the pace of the real clock from there', () => {
    let real = 1_000_000;
    const now = clockStartingAt(Date.parse('2026-06-15T02:30:00Z'), () => real);
    expect(new Date(now()).toISOString()).toBe('2026-06-15T02:30:00.000Z');
    real += 90_000;
    expect(new Date(now()).toISOString()).toBe('2026-06-15T02:31:30.000Z');
  });

  it('reads --at with its UTC offset, so the fleet sees the same local hour on any machine', () => {
    const at = parseInstant('--at', '2026-06-15T10:30:00+08:00');
    expect(at).toBe(Date.parse('2026-06-15T02:30:00Z'));
    // Shaoxing (120.58° E) by mean solar time: about 10:32 when the offset clock says 10:30.
    expect(localHour(at, 120.58)).toBeCloseTo(10.54, 1);
  });

  it('refuses a time without an offset, or no time at all, with the flag and an example', () => {
    expect(() => parseInstant('--at', '2026-06-15T10:30:00')).toThrow(
      '--at must be a date and time with its UTC offset, e.g. 2026-06-15T10:30:00+08:00, not "2026-06-15T10:30:00"',
    );
    expect(() => parseInstant('--at', 'noon')).toThrow('not "noon"');
    expect(() => parseInstant('--at', '2026-13-45T10:30:00Z')).toThrow('not "2026-13-45T10:30:00Z"');
  });

  it('takes --at and --seed as the fleet options, and leaves out what was not given', () => {
    const options = fleetTimeOptions({ at: '2026-06-15T10:30:00+08:00', seed: '42' });
    expect(options.seed).toBe(42);
    expect(options.now?.()).toBeGreaterThanOrEqual(Date.parse('2026-06-15T02:30:00Z'));
    expect(fleetTimeOptions({})).toEqual({});
    expect(() => fleetTimeOptions({ seed: '-1' })).toThrow('--seed must be 0–4294967295, not "-1"');
  });
});
