import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountStore, LOCKOUT_MS, MAX_FAILED_LOGINS } from '../../electron/auth/accounts';
import { openDatabase } from '../../electron/store/database';
import { Journal } from '../../electron/store/journal';
import { createAccounts } from '../helpers/accounts';
import { overWebSocket, signIn, startDesk, TEST_ADMIN, type Transport } from '../helpers/desk';
import { withDeskJournal } from '../helpers/desk-journal';

type Desk = Awaited<ReturnType<typeof startDesk>>;

const journalOf = (desk: Desk, type: string) =>
  withDeskJournal(desk.dataDir, (journal) => journal.read({ type, limit: 10_000 }));

describe('signing in on a desk with a config file', () => {
  let desk: Desk;
  beforeAll(async () => {
    desk = await startDesk({ stations: 1 });
  }, 30_000);
  afterAll(() => desk?.stop());

  /** Runs `use` on fresh connections to the desk, one session each, and closes them after. */
  async function connected(count: number, use: (...connections: Transport[]) => Promise<void>) {
    const connections = await Promise.all(Array.from({ length: count }, () => overWebSocket(desk.engine)));
    try {
      await use(...connections);
    } finally {
      for (const c of connections) await c.close();
    }
  }

  it('watches only until someone signs in, then acts as that account', () =>
    connected(1, async (t) => {
      const before = await t.client.request('auth.state', {});
      expect(before).toMatchObject({ mode: 'accounts', user: null, setupNeeded: false, locked: false });
      expect(before.permissions).toEqual(['session', 'read']);
      await expect(t.client.request('account.list', {})).rejects.toThrow(/forbidden: .*nobody is signed in/);

      const after = await signIn(t.client);
      expect(after).toMatchObject({ user: 'admin', actingAs: { user: 'admin', role: 'admin' } });
      expect((await t.client.request('account.list', {})).accounts.map((a) => a.user)).toEqual(['admin']);
      expect(journalOf(desk, 'auth.login').at(-1)).toMatchObject({
        actor: { user: 'admin', role: 'admin' },
        subject: 'account:admin',
      });
    }));

  it('each connection carries its own session', () =>
    connected(2, async (a, b) => {
      await signIn(a.client);
      expect((await b.client.request('auth.state', {})).user).toBeNull();
      expect((await b.client.request('session.info', {})).permissions).not.toContain('device.control');
    }));

  it('locks to watch-only, unlocks with the password, switches user at shift change, signs out', () =>
    connected(1, async (admin) => {
      await createAccounts(admin.client, 'new shift lead', {
        user: 'li.wei',
        role: 'shift-lead',
        password: 'night-shift-lead',
      });
      const locked = await admin.client.request('auth.lock', {});
      expect(locked).toMatchObject({ locked: true, user: 'admin', actingAs: { role: 'wallboard' } });
      await expect(admin.client.request('account.list', {})).rejects.toThrow(
        /forbidden: .*the desk is locked/,
      );
      await expect(
        admin.client.request('auth.unlock', { user: 'admin', password: 'not the password' }),
      ).rejects.toThrow(/forbidden: wrong user name or password/);
      expect((await admin.client.request('auth.state', {})).locked).toBe(true);

      const unlocked = await admin.client.request('auth.unlock', TEST_ADMIN);
      expect(unlocked).toMatchObject({ locked: false, actingAs: { role: 'admin' } });

      const switched = await admin.client.request('auth.login', {
        user: 'li.wei',
        password: 'night-shift-lead',
      });
      expect(switched).toMatchObject({ user: 'li.wei', actingAs: { role: 'shift-lead' } });
      expect(journalOf(desk, 'auth.switch').at(-1)).toMatchObject({
        actor: { user: 'li.wei', role: 'shift-lead' },
        data: { from: 'admin' },
      });
      expect((await admin.client.request('auth.logout', {})).user).toBeNull();
      expect(journalOf(desk, 'auth.logout').at(-1)?.actor.user).toBe('li.wei');
      expect(journalOf(desk, 'auth.lock').length).toBeGreaterThan(0);
      expect(journalOf(desk, 'auth.unlock').at(-1)?.actor.user).toBe('admin');
    }));

  it('disabling an account signs it out everywhere at its next call', () =>
    connected(2, async (admin, op) => {
      await createAccounts(admin.client, 'joins the day shift', {
        user: 'zhang.min',
        role: 'monitor',
        password: 'monitor-password',
      });
      await signIn(op.client, { user: 'zhang.min', password: 'monitor-password' });
      expect((await op.client.request('session.info', {})).role).toBe('monitor');
      await admin.client.request('account.disable', {
        user: 'zhang.min',
        disabled: true,
        reason: 'left the company',
      });
      expect((await op.client.request('auth.state', {})).user).toBeNull();
      await expect(signIn(op.client, { user: 'zhang.min', password: 'monitor-password' })).rejects.toThrow(
        /forbidden/,
      );
      expect(journalOf(desk, 'account.disabled').at(-1)).toMatchObject({
        actor: { user: 'admin' },
        subject: 'account:zhang.min',
        reason: 'left the company',
      });
      await expect(
        admin.client.request('account.disable', { user: 'admin', disabled: true, reason: 'oops' }),
      ).rejects.toThrow(/invalid: admin is the last admin/);
    }));

  it(`locks an account after ${MAX_FAILED_LOGINS} wrong passwords; an admin reset lets it in again`, () =>
    connected(2, async (admin, guesser) => {
      await createAccounts(admin.client, 'lockout test', {
        user: 'wang.fang',
        role: 'monitor',
        password: 'the-right-password',
      });
      for (let i = 0; i < MAX_FAILED_LOGINS; i++) {
        await expect(signIn(guesser.client, { user: 'wang.fang', password: `guess ${i}` })).rejects.toThrow(
          /forbidden/,
        );
      }
      await expect(
        signIn(guesser.client, { user: 'wang.fang', password: 'the-right-password' }),
      ).rejects.toThrow(/locked after repeated wrong passwords/);
      const failed = journalOf(desk, 'auth.failed').filter((e) => e.subject === 'account:wang.fang');
      expect(failed.map((e) => e.reason)).toEqual([
        'wrong password (1 in a row)',
        'wrong password (2 in a row)',
        'wrong password (3 in a row)',
        'wrong password (4 in a row)',
        'wrong password (5 in a row)',
        'account locked after repeated failures',
      ]);
      expect(journalOf(desk, 'auth.lockout').at(-1)).toMatchObject({ subject: 'account:wang.fang' });
      const list = await admin.client.request('account.list', {});
      expect(list.accounts.find((a) => a.user === 'wang.fang')?.lockedUntil).not.toBeNull();

      await admin.client.request('account.reset', {
        user: 'wang.fang',
        password: 'a-new-password',
        reason: 'locked out, identity checked by phone',
      });
      expect((await signIn(guesser.client, { user: 'wang.fang', password: 'a-new-password' })).user).toBe(
        'wang.fang',
      );
    }));

  it('journals a failed attempt on an unknown account too', () =>
    connected(1, async (t) => {
      await expect(signIn(t.client, { user: 'nobody.here', password: 'whatever' })).rejects.toThrow(
        /forbidden/,
      );
      expect(journalOf(desk, 'auth.failed').at(-1)).toMatchObject({
        subject: 'account:nobody.here',
        reason: 'no such account',
      });
    }));
});

describe('a lockout ends by itself', () => {
  it(`after ${LOCKOUT_MS / 60_000} minutes the right password works again`, async () => {
    let now = 1_800_000_000_000;
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'dutydesk-lockout-')), 'journal.sqlite'));
    const journal = new Journal(db);
    const accounts = new AccountStore(db, journal, () => now);
    try {
      await accounts.createFirstAdmin('admin', 'first-admin-password', 'test');
      for (let i = 0; i < MAX_FAILED_LOGINS; i++) await accounts.check('admin', 'wrong', 'login');
      expect(await accounts.check('admin', 'first-admin-password', 'login')).toMatchObject({ why: 'locked' });
      now += LOCKOUT_MS - 1;
      expect(await accounts.check('admin', 'first-admin-password', 'login')).toMatchObject({ why: 'locked' });
      now += 1;
      expect(await accounts.check('admin', 'first-admin-password', 'login')).toMatchObject({ ok: true });
      expect(journal.verify()).toMatchObject({ ok: true });
    } finally {
      journal.close();
    }
  });
});

describe('first start of a fresh install', () => {
  let desk: Desk;
  beforeAll(async () => {
    desk = await startDesk({
      stations: 1,
      firstAdmin: null,
      access: { tokens: [{ name: 'office', role: 'admin', sha256: 'e'.repeat(64) }] },
    });
  }, 30_000);
  afterAll(() => desk?.stop());

  it('has no account and no default password: nobody can sign in', async () => {
    const t = await overWebSocket(desk.engine);
    try {
      expect(await t.client.request('auth.state', {})).toMatchObject({ setupNeeded: true, canSetup: true });
      await expect(signIn(t.client, { user: 'admin', password: 'admin' })).rejects.toThrow(
        /no account exists yet/,
      );
    } finally {
      await t.close();
    }
  });

  it('creates the first admin from the workstation once, and signs it in', async () => {
    const t = await overWebSocket(desk.engine);
    const late = await overWebSocket(desk.engine);
    try {
      await expect(t.client.request('auth.setup', { user: 'chief', password: 'short' })).rejects.toThrow(
        /at least 10 characters/,
      );
      const state = await t.client.request('auth.setup', { user: 'chief', password: 'chief-admin-password' });
      expect(state).toMatchObject({ setupNeeded: false, user: 'chief', actingAs: { role: 'admin' } });
      await expect(
        late.client.request('auth.setup', { user: 'intruder', password: 'intruder-password' }),
      ).rejects.toThrow(/forbidden: the first admin account already exists/);
      expect(journalOf(desk, 'auth.setup')).toHaveLength(1);
    } finally {
      await t.close();
      await late.close();
    }
  });
});

describe('first admin from the environment of a headless install', () => {
  it('is created at start, and ignored once accounts exist', async () => {
    const first = await startDesk({
      stations: 1,
      firstAdmin: { user: 'ops', password: 'from-the-environment' },
    });
    try {
      const t = await overWebSocket(first.engine);
      expect((await signIn(t.client, { user: 'ops', password: 'from-the-environment' })).actingAs.role).toBe(
        'admin',
      );
      expect(journalOf(first, 'auth.setup')[0]?.reason).toBe('created on first start from the test');
      await t.close();
    } finally {
      await first.stop();
    }
  });

  it('refuses to start with a weak password', async () => {
    await expect(startDesk({ stations: 1, firstAdmin: { user: 'ops', password: 'weak' } })).rejects.toThrow(
      /the test: password: at least 10 characters/,
    );
  });
});
