import { useCallback, useEffect, useRef, useState } from 'react';
import type { SessionInfo } from '../../../../shared/api';
import type { AuthState } from '../../../../shared/api/auth';
import type { DeskState } from '../../state/session';
import type { DeskClient, LinkState } from '../../transport';

/** Input that counts as someone at the desk; pointer moves too, since a monitor may only watch and point. */
const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel'] as const;
/** Catches an account disabled or a token revoked elsewhere even while nobody clicks. */
const REFRESH_MS = 60_000;
/** A failed look-up (engine busy, link flapping) is asked again soon: without it the header shows nobody. */
const RETRY_MS = 2_000;

export type Auth = {
  state: AuthState | null;
  /** Runs an auth call; the new state replaces the old one when it succeeds. */
  run(call: (client: DeskClient) => Promise<AuthState>): Promise<void>;
  refresh(): void;
};

/**
 * This connection's sign-in as the engine reports it, refreshed when the
 * link opens and after each auth call, plus the inactivity lock: signed in
 * and idle for the engine's lockAfterMs, the desk locks itself.
 */
export function useAuth(client: DeskClient, link: LinkState): Auth {
  const [state, setState] = useState<AuthState | null>(null);
  const [failures, setFailures] = useState(0);
  const refresh = useCallback(() => {
    client.request('auth.state', {}).then(
      (next) => {
        setState(next);
        setFailures(0);
      },
      (error: unknown) => {
        console.warn(error instanceof Error ? error.message : String(error));
        setFailures((n) => n + 1);
      },
    );
  }, [client]);

  useEffect(() => {
    if (link !== 'open') return;
    refresh();
    const timer = setInterval(refresh, REFRESH_MS);
    return () => clearInterval(timer);
  }, [link, refresh]);

  useEffect(() => {
    if (link !== 'open' || failures === 0) return;
    const retry = setTimeout(refresh, RETRY_MS);
    return () => clearTimeout(retry);
  }, [link, failures, refresh]);

  const run = useCallback(
    async (call: (c: DeskClient) => Promise<AuthState>) => {
      setState(await call(client));
    },
    [client],
  );

  const lockWhenIdle = state?.mode === 'accounts' && state.user !== null && !state.locked;
  const lockAfterMs = state?.lockAfterMs ?? 0;
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => {
    if (!lockWhenIdle) return;
    const arm = () => {
      clearTimeout(timer.current);
      timer.current = setTimeout(() => {
        client.request('auth.lock', {}).then(setState, () => refresh());
      }, lockAfterMs);
    };
    arm();
    for (const type of ACTIVITY_EVENTS) window.addEventListener(type, arm, { passive: true });
    return () => {
      clearTimeout(timer.current);
      for (const type of ACTIVITY_EVENTS) window.removeEventListener(type, arm);
    };
  }, [client, lockWhenIdle, lockAfterMs, refresh]);

  return { state, run, refresh };
}

/** The desk as the views see it: what this connection may do now, by its sign-in. */
export function withAuth(desk: DeskState, auth: AuthState | null): DeskState {
  if (!auth) return desk;
  const session: SessionInfo = { ...auth.actingAs, permissions: auth.permissions };
  return { ...desk, session };
}
