import { describe, expect, it } from 'vitest';
import {
  ChatterPolicy,
  chatterIntervals,
  countInSortedWindow,
  countInWindow,
  DEFAULT_FLOOD_POLICY,
  FloodPolicy,
  firstAfter,
  floodIntervals,
  floodSince,
  isChattering,
  isFlooded,
  slide,
  timeShare,
} from '../../shared/alarm/chatter';

const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;
const T0 = Date.UTC(2025, 5, 1, 8, 0, 0);
const at = (...offsets: number[]) => offsets.map((o) => T0 + o);
/** `n` timestamps `step` apart from T0 + `from`. */
const series = (n: number, step: number, from = 0) =>
  Array.from({ length: n }, (_, i) => T0 + from + i * step);

describe('chattering: ≥ 3 activations of one alarm in 60 s', () => {
  it('exactly 3 inside 60 s chatter; the same 3 spread over exactly 60 s do not', () => {
    expect(isChattering(at(0, 30 * S, 60 * S - 1), T0 + 60 * S - 1)).toBe(true);
    // The first activation is exactly 60 s old at the third: it has left the window.
    expect(isChattering(at(0, 30 * S, 60 * S), T0 + 60 * S)).toBe(false);
  });

  it('2 are not enough, 3 in the same millisecond are', () => {
    expect(isChattering(at(0, 1), T0 + 1)).toBe(false);
    expect(isChattering(at(5, 5, 5), T0 + 5)).toBe(true);
  });

  it('stops chattering once the oldest activation leaves the window', () => {
    const activations = at(0, 10 * S, 20 * S);
    expect(isChattering(activations, T0 + 59 * S)).toBe(true);
    expect(isChattering(activations, T0 + 60 * S)).toBe(false);
  });

  it('ignores activations after now (a replay evaluates the past)', () => {
    expect(isChattering(at(0, 10 * S, 20 * S), T0 + 15 * S)).toBe(false);
  });

  it('takes its numbers from the policy', () => {
    const policy = ChatterPolicy.parse({ activations: 5, windowMs: 10 * MIN });
    expect(isChattering(series(4, MIN), T0 + 4 * MIN, policy)).toBe(false);
    expect(isChattering(series(5, MIN), T0 + 4 * MIN, policy)).toBe(true);
    expect(ChatterPolicy.safeParse({ activations: 1, windowMs: 1 }).success).toBe(false);
  });

  it('slide keeps only what is still in the window, sorted', () => {
    let window: number[] = [];
    for (const t of at(0, 20 * S, 50 * S, 70 * S)) window = slide(window, t, MIN);
    expect(window).toEqual(at(20 * S, 50 * S, 70 * S));
    expect(slide(at(10 * S), T0 + 5 * S, MIN)).toEqual(at(5 * S, 10 * S));
    expect(countInWindow(window, T0 + 70 * S, MIN)).toBe(3);
  });

  it('chatterIntervals give the stretches an alarm was chattering', () => {
    expect(chatterIntervals(at(0, 10 * S, 20 * S, 5 * MIN))).toEqual([
      { startMs: T0 + 20 * S, endMs: T0 + 60 * S },
    ]);
  });
});

describe('flood: more than 10 new alarms in 10 minutes for one desk', () => {
  it('10 in 10 min is no flood; the 11th makes one', () => {
    const ten = series(10, 30 * S);
    expect(isFlooded(ten, T0 + 9 * MIN)).toBe(false);
    expect(isFlooded([...ten, T0 + 9 * MIN], T0 + 9 * MIN)).toBe(true);
  });

  it('11 spread over exactly 10 min are no flood: the first has just left', () => {
    const eleven = series(11, MIN);
    expect(isFlooded(eleven, T0 + 10 * MIN)).toBe(false);
    expect(isFlooded(series(11, MIN - 1), T0 + 10 * (MIN - 1))).toBe(true);
  });

  it('floodIntervals: from the 11th alarm until the window holds 10 again', () => {
    const burst = series(11, S);
    expect(floodIntervals(burst)).toEqual([{ startMs: T0 + 10 * S, endMs: T0 + 10 * MIN }]);
  });

  it('an alarm arriving as another leaves does not cut the flood in two', () => {
    const burst = [...series(11, S), T0 + 10 * MIN];
    expect(floodIntervals(burst)).toEqual([{ startMs: T0 + 10 * S, endMs: T0 + 10 * MIN + S }]);
  });

  it('separate bursts give separate intervals, in time order, whatever the input order', () => {
    const first = series(12, S);
    const second = series(11, S, 2 * H);
    expect(floodIntervals([...second, ...first])).toEqual([
      { startMs: T0 + 10 * S, endMs: T0 + 10 * MIN + S },
      { startMs: T0 + 2 * H + 10 * S, endMs: T0 + 2 * H + 10 * MIN },
    ]);
  });

  it('floodSince names the start of the flood going on now, or null', () => {
    const burst = series(11, S);
    expect(floodSince(burst, T0 + 5 * S)).toBeNull();
    expect(floodSince(burst, T0 + 5 * MIN)).toBe(T0 + 10 * S);
    expect(floodSince(burst, T0 + 10 * MIN)).toBeNull();
    // Alarms that have not happened yet do not make a flood now.
    expect(floodSince([...series(5, S), ...series(6, S, 20 * S)], T0 + 10 * S)).toBeNull();
  });

  it('timeShare gives the KPI "% of time in flood" over a report period', () => {
    const day = { startMs: T0, endMs: T0 + 24 * H };
    const flood = floodIntervals([...series(11, S), ...series(11, S, 12 * H)]);
    const inFlood = 2 * (10 * MIN - 10 * S);
    expect(timeShare(flood, day)).toBeCloseTo(inFlood / (24 * H), 12);
    expect(timeShare(flood, { startMs: T0 + 5 * MIN, endMs: T0 + 15 * MIN })).toBeCloseTo(0.5, 12);
    expect(timeShare([], day)).toBe(0);
    expect(timeShare(flood, { startMs: T0, endMs: T0 })).toBe(0);
  });

  it('takes its numbers from the policy', () => {
    expect(DEFAULT_FLOOD_POLICY).toEqual({ maxAlarms: 10, windowMs: 10 * MIN });
    const strict = FloodPolicy.parse({ maxAlarms: 3, windowMs: MIN });
    expect(isFlooded(series(4, S), T0 + 3 * S, strict)).toBe(true);
    expect(floodIntervals(series(4, S), strict)).toEqual([{ startMs: T0 + 3 * S, endMs: T0 + MIN }]);
  });
});

describe('counting a sorted window by binary search', () => {
  const sorted = [...at(0, 0, 5 * S, 5 * S, 5 * S, 9 * S), ...series(5, MIN, 10 * S)];

  it.each([
    ['before everything', T0 - 1],
    ['on a repeated timestamp', T0 + 5 * S],
    ['between timestamps', T0 + 7 * S],
    ['with later ones not yet happened', T0 + 2 * MIN],
    ['as the first leaves the window', T0 + 10 * MIN],
    ['after everything left', T0 + H],
  ])('agrees with countInWindow %s', (_, nowMs) => {
    for (const windowMs of [1, 5 * S, MIN, 10 * MIN]) {
      expect(countInSortedWindow(sorted, nowMs, windowMs)).toBe(countInWindow(sorted, nowMs, windowMs));
    }
  });

  it('firstAfter finds the first later timestamp, or the length', () => {
    expect(firstAfter([], T0)).toBe(0);
    expect(firstAfter(sorted, T0 - 1)).toBe(0);
    expect(firstAfter(sorted, T0)).toBe(2);
    expect(firstAfter(sorted, T0 + 5 * S)).toBe(5);
    expect(firstAfter(sorted, T0 + H)).toBe(sorted.length);
  });
});
