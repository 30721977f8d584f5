import type { AuthState } from '../../shared/api/auth';
import { ApiError } from '../../shared/api/frames';
import type { ConnectionAuth } from '../../shared/auth/connection';
import { permissionsOf, type Session, WATCH_ONLY_ROLE } from '../../shared/auth/roles';
import type { AccessToken } from '../../shared/config/schema';
import { AccountError, type AccountStore, type CheckResult } from './accounts';

/**
 * sandbox: the built-in demo without --accounts; the workstation acts with
 * the configured local role and nobody signs in. accounts: everyone at the
 * workstation signs in with their own account.
 */
export type AccessMode = 'sandbox' | 'accounts';

/** How a connection came in. A token is looked up again on every call, so revoking it applies at once. */
export type ConnectionOrigin =
  | { via: 'local'; loopback: boolean }
  | { via: 'token'; token: () => AccessToken | null };

export type AccessPolicy = {
  mode: AccessMode;
  accounts: AccountStore;
  /** The workstation's role in sandbox mode. */
  localRole: () => Session['role'];
  lockAfterMs: () => number;
};

/** One connection's sign-in, plus the session every call over it is checked against. */
export type Connection = ConnectionAuth & {
  /** Who a call acts as now; null when the connection's token was revoked. */
  session(): Session | null;
};

const WATCH_ONLY_USER = 'nobody';

function refusal(result: Exclude<CheckResult, { ok: true }>): ApiError {
  if (result.why === 'locked') {
    const until = new Date(result.until).toISOString().slice(11, 16);
    return new ApiError(
      'forbidden',
      `this account is locked after repeated wrong passwords until ${until} UTC; an admin can reset it`,
    );
  }
  return new ApiError('forbidden', 'wrong user name or password, or the account is disabled');
}

function asApiError(error: unknown): unknown {
  return error instanceof AccountError ? new ApiError(error.code, error.message) : error;
}

export function openConnection(policy: AccessPolicy, origin: ConnectionOrigin): Connection {
  const { accounts } = policy;
  let user: string | null = null;
  let locked = false;

  /** The signed-in account if it is still usable; an admin disabling it signs it out everywhere. */
  const signedIn = () => {
    if (user === null) return null;
    const account = accounts.get(user);
    if (account && !account.disabled) return account;
    user = null;
    locked = false;
    return null;
  };

  const session = (): Session | null => {
    const token = origin.via === 'token' ? origin.token() : null;
    if (origin.via === 'token' && !token) return null;
    const account = signedIn();
    if (account) return { user: account.user, role: locked ? WATCH_ONLY_ROLE : account.role };
    if (token) return { user: token.name, role: token.role };
    if (policy.mode === 'sandbox') return { user: 'local', role: policy.localRole() };
    return { user: WATCH_ONLY_USER, role: WATCH_ONLY_ROLE };
  };

  const state = (): AuthState => {
    const acting = session() ?? { user: WATCH_ONLY_USER, role: WATCH_ONLY_ROLE };
    const setupNeeded = policy.mode === 'accounts' && accounts.count() === 0;
    const account = signedIn();
    return {
      mode: policy.mode,
      setupNeeded,
      canSetup: setupNeeded && origin.via === 'local' && origin.loopback,
      via: origin.via,
      token: origin.via === 'token' ? (origin.token()?.name ?? null) : null,
      user: account?.user ?? null,
      userRole: account?.role ?? null,
      actingAs: { user: acting.user, role: acting.role },
      permissions: permissionsOf(acting.role),
      locked: account !== null && locked,
      lockAfterMs: policy.lockAfterMs(),
    };
  };

  const needAccounts = (what: string) => {
    if (policy.mode === 'sandbox') {
      throw new ApiError('unavailable', `${what}: the demo sandbox has no accounts; start with --accounts`);
    }
  };

  const signIn = async (name: string, password: string, purpose: 'login' | 'unlock'): Promise<AuthState> => {
    needAccounts('sign in');
    if (origin.via === 'token' && origin.token()?.role === WATCH_ONLY_ROLE) {
      throw new ApiError('forbidden', 'a wallboard token is read-only: nobody signs in through it');
    }
    if (accounts.count() === 0) {
      throw new ApiError('invalid', 'no account exists yet: create the first admin at the workstation');
    }
    const result = await accounts.check(name, password, purpose);
    if (!result.ok) throw refusal(result);
    const next = result.account;
    const previous = signedIn();
    const actor = { user: next.user, role: next.role };
    if (previous && previous.user !== next.user) {
      accounts.record('auth.switch', next.user, actor, { from: previous.user, wasLocked: locked }, null);
    } else if (previous && locked) {
      accounts.record('auth.unlock', next.user, actor, {}, null);
    } else {
      accounts.record('auth.login', next.user, actor, { via: origin.via }, null);
    }
    user = next.user;
    locked = false;
    return state();
  };

  return {
    session,
    state,
    login: (name, password) => signIn(name, password, 'login'),
    unlock: (name, password) => {
      if (!locked) return Promise.reject(new ApiError('invalid', 'the desk is not locked'));
      return signIn(name, password, 'unlock');
    },
    logout() {
      const account = signedIn();
      if (!account) throw new ApiError('invalid', 'nobody is signed in on this desk');
      accounts.record('auth.logout', account.user, { user: account.user, role: account.role }, {}, null);
      user = null;
      locked = false;
      return state();
    },
    lock() {
      const account = signedIn();
      if (!account) throw new ApiError('invalid', 'nobody is signed in on this desk');
      if (!locked)
        accounts.record('auth.lock', account.user, { user: account.user, role: account.role }, {}, null);
      locked = true;
      return state();
    },
    async setup(name, password) {
      needAccounts('first-start setup');
      if (!state().canSetup) {
        throw new ApiError(
          'forbidden',
          accounts.count() > 0
            ? 'the first admin account already exists'
            : 'the first admin can only be created at the workstation itself',
        );
      }
      try {
        const account = await accounts.createFirstAdmin(
          name,
          password,
          'created at the workstation on first start',
        );
        user = account.user;
        locked = false;
      } catch (error) {
        throw asApiError(error);
      }
      return state();
    },
  };
}

/** Runs an account change, turning the store's refusals into the contract's errors. */
export async function explainAccountError<T>(act: () => T | Promise<T>): Promise<T> {
  try {
    return await act();
  } catch (error) {
    throw asApiError(error);
  }
}
