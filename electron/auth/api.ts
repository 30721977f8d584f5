import type { authMethods } from '../../shared/api/auth';
import type { DeskApi } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/frames';
import type { ConnectionAuth } from '../../shared/auth/connection';
import type { AccountStore } from './accounts';
import { explainAccountError } from './connection';

type AuthApi = Pick<DeskApi, keyof typeof authMethods>;

function own(connection: ConnectionAuth | undefined): ConnectionAuth {
  if (!connection)
    throw new ApiError('unavailable', 'signing in needs a connection (WebSocket or desk window)');
  return connection;
}

/** The contract's auth and account methods; the permission check has already run in serve-channel. */
export function authApi(accounts: AccountStore): AuthApi {
  return {
    'auth.state': async (_p, _s, c) => own(c).state(),
    'auth.login': (p, _s, c) => own(c).login(p.user, p.password),
    'auth.logout': async (_p, _s, c) => own(c).logout(),
    'auth.lock': async (_p, _s, c) => own(c).lock(),
    'auth.unlock': (p, _s, c) => own(c).unlock(p.user, p.password),
    'auth.setup': (p, _s, c) => own(c).setup(p.user, p.password),
    'account.list': async () => ({ accounts: accounts.list() }),
    'account.create': (p, s) =>
      explainAccountError(() => accounts.create(p.user, p.role, p.password, s, p.reason)),
    'account.disable': (p, s) =>
      explainAccountError(() => accounts.setDisabled(p.user, p.disabled, s, p.reason)),
    'account.reset': (p, s) => explainAccountError(() => accounts.reset(p.user, p.password, s, p.reason)),
  };
}
