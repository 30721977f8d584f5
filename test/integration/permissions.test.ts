import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MethodName, methodNames, methods } from '../../shared/api/contract';
import type { Permission } from '../../shared/auth/roles';
import { REDACTED } from '../../shared/config/redact';
import {
  LOBBY_TV,
  overIpcStandIn,
  overWebSocket,
  sha256,
  signIn,
  startDesk,
  TEST_ADMIN,
  type Transport,
} from '../helpers/desk';

/**
 * Every method of the contract × everyone who can be at the other end of a
 * connection. Generated from `methods`, so a method added later is covered
 * the moment it exists; a new permission fails to compile here until the
 * table below says who holds it.
 */
type Principal = 'wallboard' | 'manager' | 'monitor' | 'shift-lead' | 'admin' | 'signed-out' | 'locked';
const EVERYONE: readonly Principal[] = [
  'wallboard',
  'manager',
  'monitor',
  'shift-lead',
  'admin',
  'signed-out',
  'locked',
];

/** The specification (README "Who may do what", issue 8): nobody signed in, or locked, only watches. */
const ALLOWED: Record<Permission, readonly Principal[]> = {
  session: EVERYONE,
  read: EVERYONE,
  'device.control': ['monitor', 'shift-lead', 'admin'],
  'config.edit': ['admin'],
  'accounts.manage': ['admin'],
  'duty.approve': ['shift-lead', 'admin'],
  'handover.duty': ['monitor', 'shift-lead', 'admin'],
  'handover.sign': ['shift-lead', 'admin'],
  'training.run': ['shift-lead', 'admin'],
};

/** Params no method accepts: a call that passes the role check is refused for its params, and does nothing. */
const PROBE = 'permission-probe';

let desk: Awaited<ReturnType<typeof startDesk>>;
const connections = new Map<Principal, Transport>();

beforeAll(async () => {
  desk = await startDesk({
    stations: 1,
    access: { tokens: [{ name: LOBBY_TV.name, role: LOBBY_TV.role, sha256: sha256(LOBBY_TV.token) }] },
  });
  const admin = await overWebSocket(desk.engine);
  await signIn(admin.client);
  for (const role of ['manager', 'monitor', 'shift-lead'] as const) {
    await admin.client.request('account.create', {
      user: `op-${role}`,
      role,
      password: `password-of-${role}`,
      reason: 'permission matrix',
    });
    const t = await overWebSocket(desk.engine);
    await signIn(t.client, { user: `op-${role}`, password: `password-of-${role}` });
    connections.set(role, t);
  }
  connections.set('admin', admin);
  connections.set('wallboard', await overWebSocket(desk.engine, { token: LOBBY_TV.token }));
  connections.set('signed-out', await overWebSocket(desk.engine));
  const locked = await overWebSocket(desk.engine);
  await signIn(locked.client, TEST_ADMIN);
  await locked.client.request('auth.lock', {});
  connections.set('locked', locked);
}, 60_000);

afterAll(async () => {
  for (const t of connections.values()) await t.close();
  await desk?.stop();
});

const cases = methodNames.flatMap((method) =>
  EVERYONE.map((who) => [method, who] as [MethodName, Principal]),
);

describe('permission matrix', () => {
  it('covers every method of the contract', () => {
    expect(cases.length).toBe(methodNames.length * EVERYONE.length);
    expect(methodNames).toEqual(expect.arrayContaining(['device.write', 'config.update', 'account.create']));
  });

  it.each(cases)('%s as %s', async (method, who) => {
    const connection = connections.get(who);
    if (!connection) throw new Error(`no connection for ${who}`);
    const journalBefore = await countJournal();
    const reply = await connection.client.raw({ type: 'request', id: 7, method, params: PROBE });
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    const allowed = ALLOWED[methods[method].permission].includes(who);
    expect(reply.error.code, reply.error.message).toBe(allowed ? 'bad-params' : 'forbidden');
    expect(await countJournal()).toBe(journalBefore);
  });
});

describe('the same rules over the Electron port (MessagePort stand-in)', () => {
  it.each(['signed-out', 'admin'] as const)('every method as %s', async (who) => {
    const ipc = await overIpcStandIn(desk.engine);
    try {
      if (who === 'admin') await signIn(ipc.client);
      for (const method of methodNames) {
        const reply = await ipc.client.raw({ type: 'request', id: 9, method, params: PROBE });
        const allowed = ALLOWED[methods[method].permission].includes(who);
        expect(reply.ok === false && reply.error.code, method).toBe(allowed ? 'bad-params' : 'forbidden');
      }
    } finally {
      await ipc.close();
    }
  });
});

/** Who may see where the devices are on the station network: whoever controls or configures them. */
const SEES_ENDPOINTS: readonly Principal[] = ['monitor', 'shift-lead', 'admin'];

describe('device endpoints (host, port, unit id)', () => {
  it.each(EVERYONE)('in config.get and fleet.snapshot as %s', async (who) => {
    const connection = connections.get(who);
    if (!connection) throw new Error(`no connection for ${who}`);
    const { config } = await connection.client.request('config.get', {});
    const { devices } = await connection.client.request('fleet.snapshot', {});
    const real = desk.config.devices;
    if (SEES_ENDPOINTS.includes(who)) {
      expect(config.devices.map(({ host, port, unitId }) => ({ host, port, unitId }))).toEqual(
        real.map(({ host, port, unitId }) => ({ host, port, unitId })),
      );
      expect(devices.map((d) => d.endpoint)).toEqual(real.map((d) => `${d.host}:${d.port}`));
      return;
    }
    const shown = JSON.stringify({ config, devices });
    for (const device of real) expect(shown).not.toContain(`${device.host}:${device.port}`);
    expect(new Set(config.devices.map((d) => d.host))).toEqual(new Set([REDACTED]));
    expect(new Set(devices.map((d) => d.endpoint))).toEqual(new Set([REDACTED]));
    expect(config.devices.map((d) => [d.port, d.unitId])).not.toEqual(real.map((d) => [d.port, d.unitId]));
    // What the views show is still there.
    expect(config.devices.map((d) => d.name)).toEqual(real.map((d) => d.name));
  });
});

describe('a refusal comes before the params are looked at', () => {
  it('a valid-looking write from a manager is refused as forbidden, not checked', async () => {
    const manager = connections.get('manager');
    const reply = await manager?.client.raw({
      type: 'request',
      id: 8,
      method: 'config.update',
      params: { config: 'not even a config', reason: '' },
    });
    expect(reply?.ok === false && reply.error.code).toBe('forbidden');
  });
});

async function countJournal(): Promise<number> {
  const Database = (await import('better-sqlite3')).default;
  const db = new Database(`${desk.dataDir}/journal.sqlite`, { readonly: true });
  try {
    // What the plant does meanwhile (a charging session ending in the simulator) is not the request's doing.
    return (
      db.prepare("SELECT count(*) AS n FROM journal WHERE actor_role <> 'system'").get() as { n: number }
    ).n;
  } finally {
    db.close();
  }
}
