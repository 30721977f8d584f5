import { NewPassword, UserName } from '../../shared/api/auth';
import { ConfigError } from '../config/load';
import type { Logger } from '../log/logger';
import type { AccountStore } from './accounts';

/**
 * The first admin of a headless install, from the environment; there is no
 * default password. Ignored (and said so) once any account exists, so a
 * variable left in a service file cannot reset anything later.
 */
export async function bootstrapAdmin(
  accounts: AccountStore,
  setup: { user: string; password: string; source: string },
  log: Logger,
): Promise<void> {
  if (accounts.count() > 0) {
    log.info(`accounts exist; the first-admin setup from ${setup.source} is ignored`);
    return;
  }
  const user = UserName.safeParse(setup.user);
  if (!user.success) throw new ConfigError(`${setup.source}: user name: ${user.error.issues[0]?.message}`);
  const password = NewPassword.safeParse(setup.password);
  if (!password.success) {
    throw new ConfigError(`${setup.source}: password: ${password.error.issues[0]?.message}`);
  }
  await accounts.createFirstAdmin(user.data, password.data, `created on first start from ${setup.source}`);
  log.info(`first admin account "${user.data}" created from ${setup.source}`);
}
