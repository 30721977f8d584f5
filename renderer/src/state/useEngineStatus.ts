import { useEffect, useState } from 'react';
import type { EventPayload, Params, Result } from '../../../shared/api';
import type { DeskClient } from '../transport';

/** Statuses the engine both answers on request and pushes on change, with the same schema. */
type StatusChannels = {
  'store.status': 'store.changed';
  'sync.status': 'sync.changed';
  'notify.status': 'notify.changed';
};
type StatusOf<M extends keyof StatusChannels> = Result<M> & EventPayload<StatusChannels[M]>;

/**
 * The engine's status on one channel: fetched whenever the link (re)opens,
 * since a change pushed while it was down is gone, then kept current by its
 * change event. A push that arrives while a fetch is out wins over the fetch.
 */
export function useEngineStatus<M extends keyof StatusChannels>(
  client: DeskClient,
  method: M,
  event: StatusChannels[M],
): StatusOf<M> | null {
  const [status, setStatus] = useState<StatusOf<M> | null>(null);
  useEffect(() => {
    let generation = 0;
    const load = async () => {
      const mine = ++generation;
      try {
        const fresh = await client.request(method, {} as Params<M>);
        if (mine === generation) setStatus(fresh as StatusOf<M>);
      } catch (error) {
        // The indicator keeps its last state; the next reconnect or push brings a new one.
        console.warn(error instanceof Error ? error.message : String(error));
      }
    };
    const offChanged = client.on(event, (next) => {
      generation += 1;
      setStatus(next as StatusOf<M>);
    });
    const offLink = client.onLink((link) => {
      if (link === 'open') void load();
    });
    return () => {
      generation += 1;
      offChanged();
      offLink();
    };
  }, [client, method, event]);
  return status;
}
