import type { DeskInfo } from '../../../shared/api';
import type { DeskClient, LinkState } from '../transport';
import type { FleetStore } from './fleetStore';
import type { Store } from './store';

export type DeskState = {
  link: LinkState;
  info: DeskInfo | null;
  /** Why the fleet could not be loaded; shown until a load succeeds. */
  loadError: string | null;
  /** Frames the engine sent that failed validation and were dropped. */
  badFrames: { count: number; last: string } | null;
};

export const initialDesk: DeskState = { link: 'connecting', info: null, loadError: null, badFrames: null };

export function recordBadFrame(desk: Store<DeskState>, error: Error): void {
  desk.update((s) => ({ ...s, badFrames: { count: (s.badFrames?.count ?? 0) + 1, last: error.message } }));
}

/**
 * Keeps the fleet store in step with the engine: loads the snapshot whenever
 * the link (re)opens, since deltas missed while it was down are gone, and
 * retries a failed load while the link stays up.
 */
export function startSession(
  client: DeskClient,
  fleet: FleetStore,
  desk: Store<DeskState>,
  retryMs = 5000,
): () => void {
  let generation = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const load = async (mine: number) => {
    try {
      const [info, snapshot] = await Promise.all([
        client.request('desk.info', {}),
        client.request('fleet.snapshot', {}),
      ]);
      if (mine !== generation) return;
      fleet.setSnapshot(snapshot);
      desk.update((s) => ({ ...s, info, loadError: null }));
    } catch (error) {
      if (mine !== generation) return;
      desk.update((s) => ({ ...s, loadError: error instanceof Error ? error.message : String(error) }));
      if (client.link === 'open') retryTimer = setTimeout(() => load(mine), retryMs);
    }
  };

  const offDelta = client.on('fleet.delta', (delta) => fleet.queueDelta(delta));
  const offLink = client.onLink((link) => {
    desk.update((s) => ({ ...s, link }));
    generation += 1;
    clearTimeout(retryTimer);
    if (link === 'open') void load(generation);
  });

  return () => {
    generation += 1;
    clearTimeout(retryTimer);
    offDelta();
    offLink();
  };
}
