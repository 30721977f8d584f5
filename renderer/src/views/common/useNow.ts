import { useEffect, useState } from 'react';

/** The time, ticking every `everyMs` while the view is shown (clocks, ages, countdowns); still while hidden. */
export function useNow(active: boolean, everyMs: number): number {
  const [nowMs, setNowMs] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNowMs(Date.now());
    const timer = setInterval(() => setNowMs(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [active, everyMs]);
  return nowMs;
}
