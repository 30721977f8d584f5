import { useEffect, useState } from 'react';
import type { HistoryQuery } from '../../../../shared/api/history';
import { useDeskClock } from '../../state/useDeskClock';
import { type DeskClient, DeskRequestError } from '../../transport';
import { joinRecent, recentPlan, type Trend, trendsOf } from './recentHistory';

export type RecentHistory =
  | { state: 'loading' }
  | { state: 'ready'; from: number; to: number; trends: Trend[] }
  | { state: 'failed'; reason: string };

/** Often enough for the raw tail to follow what happens, seldom enough to leave the store in peace. */
const REFRESH_MS = 15_000;

/**
 * The last hours of a device's numeric points from the engine's history
 * store (history.query), for the alarm detail pane: asked when the device
 * or its points change, then every REFRESH_MS while the pane is open.
 */
export function useRecentHistory(
  client: DeskClient,
  deviceId: string | null,
  keys: readonly string[],
): RecentHistory {
  const [recent, setRecent] = useState<RecentHistory>({ state: 'loading' });
  const deskClock = useDeskClock();
  const keyList = keys.join('\u0000');

  // biome-ignore lint/correctness/useExhaustiveDependencies: keyList stands for keys, whose identity changes every render.
  useEffect(() => {
    if (deviceId === null || keys.length === 0) {
      setRecent({ state: 'ready', from: 0, to: 0, trends: [] });
      return;
    }
    let alive = true;
    setRecent({ state: 'loading' });
    const load = async () => {
      const plan = recentPlan(deviceId, keys, deskClock.now());
      try {
        const ask = (queries: HistoryQuery[]) =>
          Promise.all(queries.map((q) => client.request('history.query', q)));
        const [hours, tail] = await Promise.all([ask(plan.hours), ask(plan.tail)]);
        const trends = trendsOf(joinRecent(plan, hours, tail), keys);
        if (alive) setRecent({ state: 'ready', from: plan.from, to: plan.to, trends });
      } catch (error) {
        if (alive)
          setRecent({
            state: 'failed',
            reason: error instanceof DeskRequestError ? error.detail : String(error),
          });
      }
    };
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, [client, deviceId, keyList, deskClock]);

  return recent;
}
