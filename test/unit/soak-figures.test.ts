import { describe, expect, it } from 'vitest';
import { type ProbeLine, segments } from '../../bench/soak-figures';

const MB = 1024 * 1024;

/** A probe line of process `pid` at wall minute `minute`, its heap as given. */
function line(pid: number, minute: number, heapMb: number): ProbeLine {
  return {
    pid,
    t: minute * 60_000,
    rss: 200 * MB,
    rssAnon: 150 * MB,
    heapUsed: heapMb * MB,
    heapCode: 5 * MB,
    fds: 70,
    handles: { TCPSocketWrap: 10, Timeout: 90 },
    lagMs: { p50: 1, p99: 5, max: 9 },
  };
}

describe('soak figures', () => {
  it('fits the heap again from the last new alarm point: what is left once the fleet has shown its points', () => {
    // Sixty wall minutes at 24×: one simulated day is an hour. The heap grows 2 MB while points are met
    // for the first time (minutes 0–20), then stays flat.
    const lines = Array.from({ length: 61 }, (_, m) => line(7, m, 30 + Math.min(m, 20) * 0.1));
    const points = Array.from({ length: 61 }, (_, m) => ({ t: m * 60_000, n: 100 + Math.min(m, 20) }));
    const [segment] = segments(lines, 0, 24, points);
    expect(segment?.alarmPoints).toEqual({ first: 100, last: 120 });
    expect(segment?.heapMb.slopePerSimDay).toBeGreaterThan(1);
    expect(segment?.settled?.minutes).toBe(40);
    expect(segment?.settled?.heapMb.slopePerSimDay).toBeCloseTo(0, 6);
    expect(segment?.settled?.dataHeapMb.first).toBeCloseTo(27, 6);
  });

  it('says nothing settled when a new point came too late to leave enough readings after it', () => {
    const lines = Array.from({ length: 30 }, (_, m) => line(7, m, 30));
    const points = Array.from({ length: 30 }, (_, m) => ({ t: m * 60_000, n: 100 + m }));
    expect(segments(lines, 0, 24, points)[0]?.settled).toBeNull();
  });
});
