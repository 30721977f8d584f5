import type { Role } from '../../shared/auth/roles';
import { type ContractClient, signIn } from './desk';

export type NewAccount = { user: string; password: string; role: Role };

/** Signs `admin` in as the test admin and has it create each account, as the admin's accounts page would. */
export async function createAccounts(admin: ContractClient, reason: string, ...accounts: NewAccount[]) {
  await signIn(admin);
  for (const account of accounts) await admin.request('account.create', { ...account, reason });
}
