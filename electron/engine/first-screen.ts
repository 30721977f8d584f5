import type { DeskApi } from '../../shared/api/contract';
import type { Session } from '../../shared/auth/roles';

/** A screen's first requests: the live wall and the restored queue (renderer/src/state). */
const FIRST_SCREEN = ['fleet.snapshot', 'alarms.list', 'workorders.list', 'applications.list'] as const;

/**
 * Settles once a screen has had the live wall and the restored queue (each
 * of FIRST_SCREEN answered once), or `atLatestMs` after start when none
 * asks. What the first screen does not need (closed orders back from the
 * journal, the derived indexes' catch-up and their worker threads) starts
 * then, so that on a machine of two cores it does not slow the cold start
 * (issue 16). `watch` wraps the contract's methods that count.
 */
export function firstScreen(atLatestMs: number) {
  let settle = () => {};
  const shown = new Promise<void>((resolve) => {
    settle = resolve;
  });
  const atLatest = setTimeout(() => settle(), atLatestMs);
  atLatest.unref();
  return {
    shown,
    watch(api: DeskApi): void {
      const waiting = new Set<string>(FIRST_SCREEN);
      for (const method of FIRST_SCREEN) {
        const inner = api[method] as (params: unknown, session: Session) => Promise<unknown>;
        (api as Record<string, unknown>)[method] = async (params: unknown, session: Session) => {
          const result = await inner(params, session);
          waiting.delete(method);
          // The reply goes out before anything waiting on `shown` runs: they wait a turn after it.
          if (waiting.size === 0) settle();
          return result;
        };
      }
    },
    stop: () => clearTimeout(atLatest),
  };
}
