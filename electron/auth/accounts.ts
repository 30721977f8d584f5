import { hash, verify } from '@node-rs/argon2';
import type Database from 'better-sqlite3';
import type { AccountView } from '../../shared/api/auth';
import { Role, type Session } from '../../shared/auth/roles';
import type { Journal } from '../store/journal';
import type { Authenticator } from './authenticator';

/** After this many wrong passwords in a row the account refuses every attempt for LOCKOUT_MS. */
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;

/**
 * OWASP's argon2id baseline (19 MiB, 2 passes). Argon2id is the library's
 * default algorithm (its const enum cannot be imported under verbatimModuleSyntax).
 */
const ARGON2 = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

type Row = {
  user: string;
  role: string;
  hash: string;
  disabled: number;
  failed_logins: number;
  locked_until: number | null;
  created_at: number;
  last_login_at: number | null;
};

export type Account = AccountView;

/** Why a password check failed; `locked` also says until when. */
export type CheckResult =
  | { ok: true; account: Account }
  | { ok: false; why: 'unknown' | 'wrong' | 'disabled' }
  | { ok: false; why: 'locked'; until: number };

/** Who is acting on an account, as written into the journal. */
export type Actor = { user: string; role: string };

/**
 * An account as a training desk takes it over from the real desk: the
 * name, the role it has there, and the argon2 hash of the password, so the
 * trainee signs in with their own password. The hash never goes into a
 * journal or a log; the password itself is never known.
 */
export type CopiedAccount = { user: string; role: Role; hash: string };

export class AccountError extends Error {
  constructor(
    readonly code: 'invalid' | 'forbidden',
    message: string,
  ) {
    super(message);
    this.name = 'AccountError';
  }
}

function toAccount(row: Row): Account {
  return {
    user: row.user,
    role: Role.parse(row.role),
    disabled: row.disabled === 1,
    failedLogins: row.failed_logins,
    lockedUntil: row.locked_until,
    createdAt: row.created_at,
    lastLoginAt: row.last_login_at,
  };
}

/**
 * Local operator accounts in the desk's own SQLite file, next to the journal.
 * The table holds the current state; every change and every sign-in attempt
 * is also a journal event in the same transaction, so the audit trail never
 * misses one that took effect.
 */
export class AccountStore {
  private readonly byUser: Database.Statement<[string], Row>;
  private readonly all: Database.Statement<[], Row>;
  private readonly total: Database.Statement<[], { n: number }>;
  /** Checked against when the user does not exist, so a wrong name costs as long as a wrong password. */
  private decoy: Promise<string> | null = null;

  constructor(
    private readonly db: Database.Database,
    private readonly journal: Journal,
    private readonly now: () => number = Date.now,
  ) {
    this.byUser = db.prepare('SELECT * FROM accounts WHERE user = ?');
    this.all = db.prepare('SELECT * FROM accounts ORDER BY user COLLATE NOCASE');
    this.total = db.prepare('SELECT count(*) AS n FROM accounts');
  }

  count(): number {
    return this.total.get()?.n ?? 0;
  }

  get(user: string): Account | null {
    const row = this.byUser.get(user);
    return row ? toAccount(row) : null;
  }

  list(): Account[] {
    return this.all.all().map(toAccount);
  }

  /**
   * The first admin of a fresh install. Refused once any account exists, so
   * a second caller racing the first cannot make itself admin too.
   */
  async createFirstAdmin(user: string, password: string, how: string): Promise<Account> {
    const digest = await hash(password, ARGON2);
    return this.db.transaction(() => {
      if (this.count() > 0) throw new AccountError('invalid', 'the first admin account already exists');
      this.insert(user, 'admin', digest);
      this.record('auth.setup', user, { user, role: 'admin' }, { role: 'admin' }, how);
      return this.must(user);
    })();
  }

  async create(user: string, role: Role, password: string, actor: Actor, reason: string): Promise<Account> {
    const digest = await hash(password, ARGON2);
    return this.db.transaction(() => {
      if (this.byUser.get(user)) throw new AccountError('invalid', `an account "${user}" already exists`);
      this.insert(user, role, digest);
      this.record('account.created', user, actor, { role }, reason);
      return this.must(user);
    })();
  }

  setDisabled(user: string, disabled: boolean, actor: Actor, reason: string): Account {
    return this.db.transaction(() => {
      const account = this.must(user);
      if (disabled && account.role === 'admin' && !account.disabled && this.enabledAdmins() === 1) {
        throw new AccountError('invalid', `${account.user} is the last admin; create another admin first`);
      }
      this.db.prepare('UPDATE accounts SET disabled = ? WHERE user = ?').run(disabled ? 1 : 0, user);
      this.record(disabled ? 'account.disabled' : 'account.enabled', account.user, actor, {}, reason);
      return this.must(user);
    })();
  }

  /**
   * Someone's account for a training desk: name, role and password hash;
   * null for an unknown or disabled account, which cannot be copied.
   */
  copyOf(user: string, role: Role): CopiedAccount | null {
    const row = this.byUser.get(user);
    return row && row.disabled === 0 ? { user: row.user, role, hash: row.hash } : null;
  }

  /**
   * A training desk's accounts, taken over from the real desk before anyone
   * can sign in; refused once any account exists. Journalled as created, by
   * whoever started the drill, without the hash.
   */
  adopt(accounts: readonly CopiedAccount[], actor: Actor, reason: string): void {
    this.db.transaction(() => {
      if (this.count() > 0) throw new AccountError('invalid', 'this desk has accounts already');
      for (const account of accounts) {
        this.insert(account.user, account.role, account.hash);
        this.record('account.created', account.user, actor, { role: account.role, copied: true }, reason);
      }
    })();
  }

  /** A new password; also lifts a lockout, which is how an admin lets a locked-out operator back in. */
  async reset(user: string, password: string, actor: Actor, reason: string): Promise<Account> {
    this.must(user);
    const digest = await hash(password, ARGON2);
    return this.db.transaction(() => {
      const account = this.must(user);
      this.db
        .prepare('UPDATE accounts SET hash = ?, failed_logins = 0, locked_until = NULL WHERE user = ?')
        .run(digest, user);
      this.record(
        'account.reset',
        account.user,
        actor,
        { lockoutCleared: account.lockedUntil !== null },
        reason,
      );
      return this.must(user);
    })();
  }

  /**
   * Checks a password and records the outcome: a failure is journalled with
   * why, the failure that reaches MAX_FAILED_LOGINS locks the account and is
   * journalled as a lockout. `purpose` says what the check was for (login,
   * unlock, a handover signature). Success is for the caller to record.
   */
  async check(user: string, password: string, purpose: string): Promise<CheckResult> {
    const row = this.byUser.get(user);
    if (!row) {
      this.decoy ??= hash('not anyone’s password', ARGON2);
      await verify(await this.decoy, password);
      this.failure(user, 'none', purpose, 'no such account');
      return { ok: false, why: 'unknown' };
    }
    const now = this.now();
    if (row.locked_until !== null && row.locked_until > now) {
      this.failure(row.user, row.role, purpose, 'account locked after repeated failures');
      return { ok: false, why: 'locked', until: row.locked_until };
    }
    const matches = await verify(row.hash, password).catch(() => false);
    if (row.disabled === 1) {
      this.failure(row.user, row.role, purpose, 'account disabled');
      return { ok: false, why: 'disabled' };
    }
    if (matches) {
      this.db
        .prepare(
          'UPDATE accounts SET failed_logins = 0, locked_until = NULL, last_login_at = ? WHERE user = ?',
        )
        .run(now, row.user);
      return { ok: true, account: this.must(row.user) };
    }
    return this.wrongPassword(row, purpose, now);
  }

  /** The port other capabilities use to have a person confirm it is them (handover signatures). */
  authenticator(purpose = 'verify'): Authenticator {
    return {
      verify: async (user, password): Promise<Session | null> => {
        const result = await this.check(user, password, purpose);
        return result.ok ? { user: result.account.user, role: result.account.role } : null;
      },
    };
  }

  /** Journals an auth event for a person (sign-in, sign-out, lock, switch). */
  record(
    type: string,
    subject: string,
    actor: Actor,
    data: Record<string, string | number | boolean>,
    reason: string | null,
  ): void {
    this.journal.append({ type, subject: `account:${subject}`, actor, data, reason });
  }

  private wrongPassword(row: Row, purpose: string, now: number): CheckResult {
    // An expired lockout starts a fresh count.
    const before = row.locked_until !== null ? 0 : row.failed_logins;
    const failed = before + 1;
    const locks = failed >= MAX_FAILED_LOGINS;
    const until = locks ? now + LOCKOUT_MS : null;
    this.db.transaction(() => {
      this.db
        .prepare('UPDATE accounts SET failed_logins = ?, locked_until = ? WHERE user = ?')
        .run(locks ? 0 : failed, until, row.user);
      this.failure(row.user, row.role, purpose, `wrong password (${failed} in a row)`);
      if (until !== null) {
        this.record(
          'auth.lockout',
          row.user,
          { user: row.user, role: row.role },
          { failures: failed, until },
          `${failed} wrong passwords in a row`,
        );
      }
    })();
    return until !== null ? { ok: false, why: 'locked', until } : { ok: false, why: 'wrong' };
  }

  private failure(user: string, role: string, purpose: string, why: string): void {
    this.record('auth.failed', user, { user, role }, { purpose }, why);
  }

  private insert(user: string, role: Role, digest: string): void {
    this.db
      .prepare('INSERT INTO accounts (user, role, hash, created_at) VALUES (?, ?, ?, ?)')
      .run(user, role, digest, this.now());
  }

  private enabledAdmins(): number {
    return this.list().filter((a) => a.role === 'admin' && !a.disabled).length;
  }

  private must(user: string): Account {
    const account = this.get(user);
    if (!account) throw new AccountError('invalid', `no account "${user}"`);
    return account;
  }
}
