import type { Session } from '../../shared/auth/roles';

/**
 * Checks a person's own credentials at the moment they act (signing a
 * handover, unlocking the desk). The accounts module implements it; other
 * capabilities take it as a port so they never see password hashes.
 */
export type Authenticator = {
  /** The person's session if the password is theirs and the account is usable; null otherwise. */
  verify(user: string, password: string): Promise<Session | null>;
};
