import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ScreenClock, startClockSession } from '../../renderer/src/state/clock';
import { createDeskClient, type DeskChannel, type LinkState } from '../../renderer/src/transport';
import type { RequestFrame } from '../../shared/api';

/** The drill of these tests starts at 22:30 in Shaoxing; the screen's own clock reads a day in 2031. */
const DRILL_START = Date.parse('2026-06-15T22:30:00+08:00');
const SCREEN = Date.parse('2031-01-01T00:00:00Z');

function screen() {
  let local = SCREEN;
  return {
    clock: new ScreenClock(() => local),
    advance(ms: number) {
      local += ms;
    },
  };
}

describe('ScreenClock', () => {
  it('is the screen’s own clock until the desk says it keeps its own', () => {
    const s = screen();
    expect(s.clock.now()).toBe(SCREEN);
    s.clock.sync({ nowMs: DRILL_START, rate: 1, own: false });
    s.advance(1000);
    expect(s.clock.now()).toBe(SCREEN + 1000);
    expect(s.clock.rate).toBe(1);
  });

  it('runs a ×60 drill from the desk’s time: a real minute is a desk hour', () => {
    const s = screen();
    s.clock.sync({ nowMs: DRILL_START, rate: 60, own: true });
    expect(s.clock.now()).toBe(DRILL_START);
    s.advance(60_000);
    expect(s.clock.now()).toBe(DRILL_START + 3_600_000);
    expect(s.clock.rate).toBe(60);
  });

  it('takes a reply’s time as read halfway through the round trip', () => {
    const s = screen();
    const sent = SCREEN;
    s.advance(200);
    s.clock.sync({ nowMs: DRILL_START, rate: 60, own: true }, sent);
    // Read at +100 ms real; 100 ms later it is 100 × 60 ms on.
    expect(s.clock.now()).toBe(DRILL_START + 6000);
  });

  it('follows each correction, forward or back, and tells its listeners', () => {
    const s = screen();
    const heard: number[] = [];
    s.clock.subscribe(() => heard.push(s.clock.now()));
    s.clock.sync({ nowMs: DRILL_START, rate: 10, own: true });
    s.advance(5000);
    s.clock.sync({ nowMs: DRILL_START + 49_000, rate: 10, own: true });
    expect(heard).toEqual([DRILL_START, DRILL_START + 49_000]);
    // Back on a duty desk's clock (a drill desk's screen reconnected to another desk).
    s.clock.sync({ nowMs: 0, rate: 1, own: false });
    expect(s.clock.now()).toBe(SCREEN + 5000);
  });
});

describe('startClockSession', () => {
  beforeEach(() => vi.useFakeTimers({ now: SCREEN }));
  afterEach(() => vi.useRealTimers());

  it('asks the desk its time when the link opens and takes every push after', async () => {
    const sent: RequestFrame[] = [];
    const frames = new Set<(raw: unknown) => void>();
    const links = new Set<(state: LinkState) => void>();
    const channel: DeskChannel = {
      send: (frame) => sent.push(frame),
      onFrame: (listener) => {
        frames.add(listener);
        return () => frames.delete(listener);
      },
      onStatus: (listener) => {
        links.add(listener);
        listener('connecting');
        return () => links.delete(listener);
      },
    };
    const push = (raw: unknown) => {
      for (const listener of frames) listener(raw);
    };
    const clock = new ScreenClock();
    const stop = startClockSession(createDeskClient(channel), clock);
    for (const listener of links) listener('open');
    const ask = sent.find((f) => f.method === 'desk.time');
    expect(ask).toBeDefined();
    push({ type: 'reply', id: ask?.id, ok: true, result: { nowMs: DRILL_START, rate: 60, own: true } });
    await vi.advanceTimersByTimeAsync(0);
    expect(clock.rate).toBe(60);
    vi.advanceTimersByTime(10_000);
    expect(clock.now()).toBe(DRILL_START + 600_000);

    push({ type: 'event', event: 'desk.time', data: { nowMs: DRILL_START + 900_000, rate: 60, own: true } });
    expect(clock.now()).toBe(DRILL_START + 900_000);
    // A malformed push is dropped by the client, and the clock runs on from the last good one.
    push({ type: 'event', event: 'desk.time', data: { nowMs: 'soon', rate: 60, own: true } });
    vi.advanceTimersByTime(1000);
    expect(clock.now()).toBe(DRILL_START + 960_000);
    stop();
  });
});
