import type { DeskInfo, SessionInfo } from '../../../shared/api';
import type { Permission } from '../../../shared/auth/roles';
import type { DeskClient, LinkState } from '../transport';
import type { FleetStore } from './fleetStore';
import { followLink, messageOf } from './followLink';
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
  const offLink = client.onLink((link) => desk.update((s) => ({ ...s, link })));
  // The wall still works without it; only the actions a session grants stay hidden.
  const session = followLink(client, {
    retryMs: null,
    load: async (current) => {
      const info = await client.request('session.info', {});
      if (current()) desk.update((s) => ({ ...s, session: info }));
    },
    onFailure: (error) => {
      desk.update((s) => ({ ...s, session: null }));
      console.warn(messageOf(error));
    },
  });
  const snapshot = followLink(client, {
    retryMs,
    load: async (current) => {
      const [info, fresh] = await Promise.all([
        client.request('desk.info', {}),
        client.request('fleet.snapshot', {}),
      ]);
      if (!current()) return;
      fleet.setSnapshot(fresh);
      desk.update((s) => ({ ...s, info, loadError: null }));
    },
    onFailure: (error) => desk.update((s) => ({ ...s, loadError: messageOf(error) })),
  });
  const offDelta = client.on('fleet.delta', (delta) => fleet.queueDelta(delta));
  // A changed config can also change the workstation's role, so the session is fetched again too.
  const offChanged = client.on('fleet.changed', () => {
    if (client.link !== 'open') return;
    session.reload();
    snapshot.reload();
  });

  return () => {
    session.stop();
    snapshot.stop();
    offLink();
    offDelta();
    offChanged();
  };
}
