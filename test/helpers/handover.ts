import type { Authenticator } from '../../electron/auth/authenticator';
import type { WorkSource } from '../../electron/handover/work-source';
import type { Session } from '../../shared/auth/roles';

/** Accounts as the accounts module would answer; each verify waits a turn, as argon2 does. */
export const PEOPLE: Record<string, { password: string; session: Session }> = {
  'lead-a': { password: 'a-pass', session: { user: 'lead-a', role: 'shift-lead' } },
  'lead-b': { password: 'b-pass', session: { user: 'lead-b', role: 'shift-lead' } },
  mon: { password: 'm-pass', session: { user: 'mon', role: 'monitor' } },
};

export const fakeAuthenticator: Authenticator = {
  async verify(user, password) {
    await new Promise((r) => setTimeout(r, 5));
    const person = PEOPLE[user];
    return person && person.password === password ? person.session : null;
  },
};

/** No work orders or outages to show: the handover's snapshot lists none. */
export const noWork: WorkSource = { openWorkOrders: async () => null, outagesInForce: async () => null };

/** What the handover snapshot reads of the desk, empty. */
export const emptySources = {
  stations: () => [],
  devices: () => [],
  status: () => [],
  alarms: async () => [],
  work: noWork,
};
