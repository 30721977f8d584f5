import { useEffect, useState } from 'react';
import type { SyncStatus } from '../../../../shared/api/sync';
import type { DeskClient } from '../../transport';

/**
 * The engine's sync status: fetched whenever the link (re)opens, since a
 * change pushed while it was down is gone, then kept current by sync.changed.
 */
export function useSyncStatus(client: DeskClient): SyncStatus | null {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  useEffect(() => {
    let generation = 0;
    const load = async () => {
      const mine = ++generation;
      try {
        const fresh = await client.request('sync.status', {});
        if (mine === generation) setStatus(fresh);
      } catch (error) {
        // The indicator keeps its last state; the next reconnect or push brings a new one.
        console.warn(error instanceof Error ? error.message : String(error));
      }
    };
    const offChanged = client.on('sync.changed', (next) => {
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
