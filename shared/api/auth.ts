import { z } from 'zod';
import { Permission, Role } from '../auth/roles';
import { NoParams, Reason } from './method';

/** Account names as written into the journal: short, no spaces, no look-alike tricks. */
export const UserName = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, dot, dash or underscore; at most 64');

/** Long enough to resist guessing at the console; the lockout handles the rest. */
export const NewPassword = z.string().min(10, 'at least 10 characters').max(256);
/** What someone typed at the login prompt: checked against the hash, never against rules. */
const GivenPassword = z.string().min(1).max(256);

export const AuthState = z.object({
  /** sandbox: the built-in demo, where the local user acts as admin without an account. */
  mode: z.enum(['sandbox', 'accounts']),
  /** No account exists yet: the first admin must be created before anyone can sign in. */
  setupNeeded: z.boolean(),
  /** Whether this connection may create that first admin (only the workstation itself may). */
  canSetup: z.boolean(),
  /** How this connection came in: the workstation itself, or a browser with a bridge token. */
  via: z.enum(['local', 'token']),
  token: z.string().nullable(),
  /** The person signed in on this connection, even while locked; null when nobody is. */
  user: z.string().nullable(),
  /** That person's own role, which applies again once unlocked. */
  userRole: Role.nullable(),
  /** The role every call is checked against now (watch-only while locked or signed out). */
  actingAs: z.object({ user: z.string(), role: Role }),
  permissions: z.array(Permission),
  locked: z.boolean(),
  /** The UI locks itself after this long without keyboard or pointer input. */
  lockAfterMs: z.number().int().positive(),
});
export type AuthState = z.infer<typeof AuthState>;

export const AccountView = z.object({
  user: z.string(),
  role: Role,
  disabled: z.boolean(),
  failedLogins: z.number().int().min(0),
  lockedUntil: z.number().nullable(),
  createdAt: z.number(),
  lastLoginAt: z.number().nullable(),
});
export type AccountView = z.infer<typeof AccountView>;

const Credentials = z.object({ user: UserName, password: GivenPassword }).strict();

/**
 * Signing in and out happens per connection: each window or browser carries
 * its own session. `session` methods are open to everyone connected; the
 * engine refuses what does not fit (e.g. setup once an account exists).
 */
export const authMethods = {
  'auth.state': { params: NoParams, result: AuthState, permission: 'session' },
  /** Also the fast user switch at shift change: a new sign-in replaces whoever was signed in. */
  'auth.login': { params: Credentials, result: AuthState, permission: 'session' },
  'auth.logout': { params: NoParams, result: AuthState, permission: 'session' },
  'auth.lock': { params: NoParams, result: AuthState, permission: 'session' },
  /** Only the person who locked it (or an admin) unlocks; anyone else signs in instead. */
  'auth.unlock': { params: Credentials, result: AuthState, permission: 'session' },
  /** First start of a fresh install: creates the first admin, from the workstation only. */
  'auth.setup': {
    params: z.object({ user: UserName, password: NewPassword }).strict(),
    result: AuthState,
    permission: 'session',
  },
  'account.list': {
    params: NoParams,
    result: z.object({ accounts: z.array(AccountView) }),
    permission: 'accounts.manage',
  },
  'account.create': {
    params: z.object({ user: UserName, role: Role, password: NewPassword, reason: Reason }).strict(),
    result: AccountView,
    permission: 'accounts.manage',
  },
  'account.disable': {
    params: z.object({ user: UserName, disabled: z.boolean(), reason: Reason }).strict(),
    result: AccountView,
    permission: 'accounts.manage',
  },
  /** Sets a new password and clears a lockout. */
  'account.reset': {
    params: z.object({ user: UserName, password: NewPassword, reason: Reason }).strict(),
    result: AccountView,
    permission: 'accounts.manage',
  },
} as const;
