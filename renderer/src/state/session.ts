import type { DeskInfo, SessionInfo } from '../../../shared/api';
import type { Permission } from '../../../shared/auth/roles';
import type { DeskClient, LinkState } from '../transport';
import type { FleetStore } from './fleetStore';
import type { Store } from './store';

export type DeskState = {
  link: LinkState;
  info: DeskInfo | null;
  /** Who sits at this desk and what they may do; null until the engine has said, so nothing is offered. */
  session: SessionInfo | null;
  /** Why the fleet could not be loaded; shown until a load succeeds. */
  loadError: string | null;
  /** Frames the engine sent that failed validation and were dropped. */
  badFrames: { count: number; last: string } | null;
};

export const initialDesk: DeskState = {
  link: 'connecting',
  info: null,
  session: null,
  loadError: null,
  badFrames: null,
};

export function recordBadFrame(desk: Store<DeskState>, error: Error): void {
  desk.update((s) => ({ ...s, badFrames: { count: (s.badFrames?.count ?? 0) + 1, last: error.message } }));
}

export function mayDo(desk: Pick<DeskState, 'session'>, permission: Permission): boolean {
  return desk.session?.permissions.includes(permission) ?? false;
}

/**
 * Keeps the fleet store in step with the engine: loads the snapshot whenever
 * the link (re)opens, since deltas missed while it was down are gone, and
 * whenever the engine says stations or devices changed; retries a failed
 * load while the link stays up.
 */
export function startSession(
  client: DeskClient,
  fleet: FleetStore,
  desk: Store<DeskState>,
  retryMs = 5000,
): () => void {
  let generation = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const loadSession = async (mine: number) => {
    try {
      const session = await client.request('session.info', {});
      if (mine === generation) desk.update((s) => ({ ...s, session }));
    } catch (error) {
      // The wall still works without it; only the actions a session grants stay hidden.
      if (mine === generation) desk.update((s) => ({ ...s, session: null }));
      console.warn(error instanceof Error ? error.message : String(error));
    }
  };

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

  const reload = () => {
    generation += 1;
    clearTimeout(retryTimer);
    void loadSession(generation);
    void load(generation);
  };

  const offDelta = client.on('fleet.delta', (delta) => fleet.queueDelta(delta));
  // A changed config can also change the workstation's role, so the session is fetched again too.
  const offChanged = client.on('fleet.changed', () => {
    if (client.link === 'open') reload();
  });
  const offLink = client.onLink((link) => {
    desk.update((s) => ({ ...s, link }));
    if (link === 'open') reload();
    else {
      generation += 1;
      clearTimeout(retryTimer);
    }
  });

  return () => {
    generation += 1;
    clearTimeout(retryTimer);
    offDelta();
    offChanged();
    offLink();
  };
}
