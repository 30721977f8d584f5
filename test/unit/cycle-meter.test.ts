import { describe, expect, it } from 'vitest';
import { CycleMeter, isStale } from '../../electron/acquisition/cycle';

describe('the measured cycle of a connection', () => {
  it('is the configured interval until a longer cycle is measured', () => {
    const meter = new CycleMeter();
    expect(meter.period(1000)).toBe(1000);
    meter.note(400);
    expect(meter.period(1000)).toBe(1000);
  });

  it('takes a longer cycle at once and settles back slowly', () => {
    const meter = new CycleMeter();
    meter.note(1000);
    meter.note(3000);
    expect(meter.period(1000)).toBe(3000);
    meter.note(1000);
    expect(meter.period(1000)).toBe(2800);
    for (let i = 0; i < 100; i++) meter.note(1000);
    expect(meter.period(1000)).toBeCloseTo(1000, 0);
  });
});

describe('stale', () => {
  it('is older than 2.5 of its own read periods at the cycle given', () => {
    expect(isStale(2500, 1, 1000)).toBe(false);
    expect(isStale(2501, 1, 1000)).toBe(true);
    expect(isStale(12_000, 5, 1000)).toBe(false);
    expect(isStale(12_501, 5, 1000)).toBe(true);
    // The same age is fresh on a connection whose cycle is measured at 3 s.
    expect(isStale(2501, 1, 3000)).toBe(false);
  });
});
