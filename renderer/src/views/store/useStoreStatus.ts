import { useEffect, useState } from 'react';
import type { StoreStatus } from '../../../../shared/api/store';
import type { DeskClient } from '../../transport';

/**
 * The engine's store status: fetched whenever the link (re)opens, since a
 * change pushed while it was down is gone, then kept current by store.changed.
 */
export function useStoreStatus(client: DeskClient): StoreStatus | null {
  const [status, setStatus] = useState<StoreStatus | null>(null);
  useEffect(() => {
    let generation = 0;
    const load = async () => {
      const mine = ++generation;
      try {
        const fresh = await client.request('store.status', {});
        if (mine === generation) setStatus(fresh);
      } catch (error) {
        // The indicator keeps its last state; the next reconnect or push brings a new one.
        console.warn(error instanceof Error ? error.message : String(error));
      }
    };
    const offChanged = client.on('store.changed', (next) => {
      generation += 1;
      setStatus(next);
    });
    const offLink = client.onLink((link) => {
      if (link === 'open') void load();
    });
    return () => {
      generation += 1;
      offChanged();
      offLink();
    };
  }, [client]);
  return status;
}
