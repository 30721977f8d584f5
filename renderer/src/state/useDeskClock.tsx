import { createContext, type ReactNode, useContext, useEffect, useState } from 'react';
import { ScreenClock } from './clock';

/** Outside a desk (a component rendered on its own) the screen's own clock. */
const DeskClockContext = createContext<ScreenClock>(new ScreenClock());

export function DeskClockProvider({ clock, children }: { clock: ScreenClock; children: ReactNode }) {
  return <DeskClockContext.Provider value={clock}>{children}</DeskClockContext.Provider>;
}

/** The desk's clock, for what reads the time once: a shelf's expiry, a form's "now". */
export function useDeskClock(): ScreenClock {
  return useContext(DeskClockContext);
}

/** A ×60 drill still re-renders no more than four times a second. */
const FASTEST_TICK_MS = 250;

/**
 * The desk's time, ticking while `active` so that each tick moves it by
 * about `everyMs` of desk time (clocks, ages, countdowns): on a ×60 drill a
 * 1-second countdown ticks every 250 ms, never faster than `minRealMs` of
 * real time. Still while hidden; re-read at once when the engine corrects
 * the clock.
 */
export function useDeskNow(active: boolean, everyMs: number, minRealMs = FASTEST_TICK_MS): number {
  const clock = useDeskClock();
  const [nowMs, setNowMs] = useState(clock.now);
  const [rate, setRate] = useState(clock.rate);
  useEffect(
    () =>
      clock.subscribe(() => {
        setRate(clock.rate);
        setNowMs(clock.now());
      }),
    [clock],
  );
  useEffect(() => {
    if (!active) return;
    setNowMs(clock.now());
    const timer = setInterval(() => setNowMs(clock.now()), Math.max(minRealMs, everyMs / rate));
    return () => clearInterval(timer);
  }, [active, everyMs, minRealMs, rate, clock]);
  return nowMs;
}
