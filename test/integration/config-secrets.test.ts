import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDACTED } from '../../shared/config/redact';
import { createAccounts } from '../helpers/accounts';
import { overWebSocket, signIn, startDesk, TEST_ADMIN, type Transport } from '../helpers/desk';

/**
 * config.get over the real bridge: whoever may not edit the configuration
 * gets it without its secrets, and an admin's save of a redacted view keeps
 * them as they were.
 */
const SYNC_TOKEN = 'sync-server-password-do-not-show';
const TV_HASH = createHash('sha256').update('tv-token').digest('hex');
const TLS = { cert: '/etc/dutydesk/tls/desk-cert.pem', key: '/etc/dutydesk/tls/desk-key.pem' };
const SECRETS = [SYNC_TOKEN, TV_HASH, TLS.cert, TLS.key];

let desk: Awaited<ReturnType<typeof startDesk>>;
const open: Transport[] = [];
let admin: Transport;

async function connect(token?: string): Promise<Transport> {
  const t = await overWebSocket(desk.engine, token ? { token } : {});
  open.push(t);
  return t;
}

beforeAll(async () => {
  desk = await startDesk({
    stations: 1,
    access: { tokens: [{ name: 'lobby-tv', role: 'wallboard', sha256: TV_HASH }], tls: TLS },
    // Nothing listens on port 9: the desk records a sync error and goes on.
    sync: { url: 'http://127.0.0.1:9', token: SYNC_TOKEN },
  });
  admin = await connect();
  await createAccounts(admin.client, 'reads the configuration', {
    user: 'office.manager',
    role: 'manager',
    password: 'manager-password',
  });
}, 30_000);

afterAll(async () => {
  for (const t of open) await t.close();
  await desk?.stop();
});

describe('config.get for callers who may not edit the configuration', () => {
  it.each(['wallboard', 'manager', 'signed-out', 'locked'] as const)(
    'as %s: no secret in the reply',
    async (who) => {
      const t = await connect(who === 'wallboard' ? 'tv-token' : undefined);
      if (who === 'manager') await signIn(t.client, { user: 'office.manager', password: 'manager-password' });
      if (who === 'locked') {
        await signIn(t.client, TEST_ADMIN);
        await t.client.request('auth.lock', {});
      }
      const view = await t.client.request('config.get', {});
      const text = JSON.stringify(view);
      for (const secret of SECRETS) expect(text).not.toContain(secret);
      expect(view.config.sync).toMatchObject({ url: 'http://127.0.0.1:9', token: REDACTED });
      expect(view.config.access.tokens).toEqual([{ name: 'lobby-tv', role: 'wallboard', sha256: REDACTED }]);
      expect(view.config.access.tls).toEqual({ cert: REDACTED, key: REDACTED });
      // What the desk needs to show is still there.
      expect(view.config.stations.length).toBe(desk.config.stations.length);
    },
  );
});

describe('config.get and config.update for an admin', () => {
  it('shows token hashes and TLS paths, never the sync token', async () => {
    const view = await admin.client.request('config.get', {});
    expect(view.config.access.tokens[0]?.sha256).toBe(TV_HASH);
    expect(view.config.access.tls).toEqual(TLS);
    expect(view.config.sync?.token).toBe(REDACTED);
    expect(JSON.stringify(view)).not.toContain(SYNC_TOKEN);
  });

  it('saving the view as shown keeps every secret as it was', async () => {
    const reader = await connect('tv-token');
    const redacted = (await reader.client.request('config.get', {})).config;
    const saved = await admin.client.request('config.update', {
      config: { ...redacted, pollIntervalMs: 300 },
      reason: 'slower polling for the night',
    });
    expect(saved.config.pollIntervalMs).toBe(300);
    const file = JSON.parse(readFileSync(desk.configPath, 'utf8'));
    expect(file.sync.token).toBe(SYNC_TOKEN);
    expect(file.access.tokens).toEqual([{ name: 'lobby-tv', role: 'wallboard', sha256: TV_HASH }]);
    expect(file.access.tls).toEqual(TLS);
    expect(readFileSync(desk.configPath, 'utf8')).not.toContain(REDACTED);
    // The wallboard token still works: its hash was kept, not replaced by the placeholder.
    expect((await (await connect('tv-token')).client.request('desk.info', {})).product).toBe('DutyDesk');

    const db = new Database(`${desk.dataDir}/journal.sqlite`, { readonly: true });
    try {
      const row = db
        .prepare("SELECT data FROM journal WHERE type = 'config.changed' ORDER BY seq DESC LIMIT 1")
        .get() as { data: string };
      expect(JSON.parse(row.data).secretsChanged).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('a new secret is saved and journalled by name only; a placeholder with nothing to keep is refused', async () => {
    const view = (await admin.client.request('config.get', {})).config;
    const newHash = createHash('sha256').update('office-token').digest('hex');
    await admin.client.request('config.update', {
      config: {
        ...view,
        access: {
          ...view.access,
          tokens: [...view.access.tokens, { name: 'office', role: 'manager', sha256: newHash }],
        },
      },
      reason: 'office browser',
    });
    const file = JSON.parse(readFileSync(desk.configPath, 'utf8'));
    expect(file.access.tokens.map((t: { sha256: string }) => t.sha256)).toEqual([TV_HASH, newHash]);
    expect(file.sync.token).toBe(SYNC_TOKEN);
    const db = new Database(`${desk.dataDir}/journal.sqlite`, { readonly: true });
    try {
      const row = db
        .prepare("SELECT data FROM journal WHERE type = 'config.changed' ORDER BY seq DESC LIMIT 1")
        .get() as { data: string };
      expect(row.data).not.toContain(newHash);
      expect(JSON.parse(row.data).secretsChanged).toEqual(['access.tokens[1].sha256']);
    } finally {
      db.close();
    }

    const refused = await admin.client.raw({
      type: 'request',
      id: 77,
      method: 'config.update',
      params: {
        config: {
          ...view,
          access: {
            ...view.access,
            tokens: [{ name: 'nobody-had-this', role: 'manager', sha256: REDACTED }],
          },
        },
        reason: 'a token with no hash',
      },
    });
    expect(refused.ok === false && refused.error).toMatchObject({
      code: 'invalid',
      message: expect.stringMatching(/access\.tokens\[0\]\.sha256: .* none to keep/),
    });
  });
});
