import type { AuthState } from '../api/auth';

/**
 * One connection's sign-in, as the engine's auth methods see it. Each
 * WebSocket and each Electron port has its own; the transport creates it and
 * hands it to every call made over that connection.
 */
export type ConnectionAuth = {
  state(): AuthState;
  login(user: string, password: string): Promise<AuthState>;
  logout(): AuthState;
  lock(): AuthState;
  unlock(user: string, password: string): Promise<AuthState>;
  setup(user: string, password: string): Promise<AuthState>;
};
