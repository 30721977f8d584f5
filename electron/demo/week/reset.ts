import type { DeskApi } from '../../../shared/api/contract';
import { ApiError } from '../../../shared/api/frames';
import type { Actor } from '../../../shared/journal/event';
import type { Journal } from '../../store/journal';
import { DEMO_WEEK_EVENT } from './marker';

/** A shift lead asked for the demo desk to go back to its generated week. */
export const DEMO_RESET_REQUESTED = 'demo.reset-requested';
/** The new week's journal records who reset the demo and why, and which record it replaced. */
export const DEMO_RESET_DONE = 'demo.reset';

export type ResetRequest = { actor: Actor; reason: string; requestedAt: number; replacedHead: string };

/**
 * The reset as a request: the demo desk's journal and history are open
 * while it runs, so the request is journalled (who, why) and carried out as
 * the demo desk next starts, before anything opens them.
 */
export function demoResetApi(journal: Pick<Journal, 'append'>, demo: boolean): Pick<DeskApi, 'demo.reset'> {
  return {
    'demo.reset': async (params, session) => {
      if (!demo)
        throw new ApiError(
          'unavailable',
          'only the built-in demo desk can be reset; this desk keeps a real record',
        );
      const event = journal.append({
        type: DEMO_RESET_REQUESTED,
        subject: 'demo',
        data: {},
        reason: params.reason,
        actor: session,
      });
      return { requestedAt: event.ts, restartNeeded: true };
    },
  };
}

/** The reset asked for since the journal's week was written, if any. */
export function pendingReset(journal: Pick<Journal, 'read' | 'last'>): ResetRequest | null {
  const week = journal.read({ type: DEMO_WEEK_EVENT, limit: 1 })[0];
  const requests = journal.read({ type: DEMO_RESET_REQUESTED, limit: 10_000 });
  const last = requests[requests.length - 1];
  if (!last || (week && last.seq < week.seq)) return null;
  return {
    actor: last.actor,
    reason: last.reason ?? '',
    requestedAt: last.ts,
    replacedHead: journal.last()?.hash ?? '',
  };
}
