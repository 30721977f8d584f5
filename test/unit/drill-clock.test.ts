import { describe, expect, it } from 'vitest';
import { DrillClock, drillPollIntervalMs } from '../../electron/training/clock';

describe('a drill clock', () => {
  it('runs at its scale from its start, on the real clock it is given', () => {
    let real = 1_000;
    const clock = new DrillClock(Date.parse('2026-07-14T08:30:00Z'), 60, () => real);
    real += 1_500;
    expect(clock.now() - clock.startMs).toBe(90_000);
  });

  it('has the drill desk poll once per simulated poll interval, never faster than the config allows', () => {
    expect([1, 10, 60].map((scale) => drillPollIntervalMs(1000, scale as 1 | 10 | 60))).toEqual([
      1000, 100, 100,
    ]);
    // A slower configured interval scales down the same way, to the same floor.
    expect(drillPollIntervalMs(5000, 10)).toBe(500);
    expect(drillPollIntervalMs(5000, 60)).toBe(100);
  });
});
