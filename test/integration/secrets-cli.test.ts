import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfigFile } from '../../electron/config/load';
import { type EngineOptions, startEngine } from '../../electron/engine/engine';
import { createLogger } from '../../electron/log/logger';
import { moveSyncTokenToStore, readSecret, setSecretCommand } from '../../electron/secrets/cli';
import { openSecretStore, SecretError } from '../../electron/secrets/store';
import { loadProfiles } from '../../node/profiles';
import { startFleet } from '../../sim/fleet';
import { quietLog, resources } from '../helpers/desk';

/**
 * What of the secrets path runs without Electron: `--set-secret` into the
 * plain-Node fallback (a 0600 file, said to be unencrypted), and a sync
 * token found in the config file moved into the store on start, then used
 * by the engine against a real HTTP listener.
 */
const stdin = (text: string) => Readable.from([Buffer.from(text)]);

function logLines() {
  const lines: string[] = [];
  return { lines, log: createLogger('test', (line) => lines.push(line)) };
}

describe('--set-secret without an OS keychain', () => {
  it('stores the line from stdin in a 0600 file and says it is unencrypted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dutydesk-set-secret-'));
    const store = openSecretStore(dir, null, quietLog);
    const said = await setSecretCommand(store, 'sync-token', stdin('desk-07-sync-token\n'));
    expect(said).toMatch(
      /sync-token is stored UNENCRYPTED in .*secrets\/sync-token\.txt, readable by this user only \(0600\)/,
    );
    const file = join(dir, 'secrets', 'sync-token.txt');
    expect(readFileSync(file, 'utf8')).toBe('desk-07-sync-token');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    await setSecretCommand(store, 'bridge-token', stdin('lan-token\r\n'));
    expect(store.get('bridge-token')).toBe('lan-token');
  });

  it('refuses an unknown name, nothing on stdin, several lines, and a whole file', async () => {
    const store = openSecretStore(mkdtempSync(join(tmpdir(), 'dutydesk-set-secret-')), null, quietLog);
    await expect(setSecretCommand(store, 'admin-password', stdin('x'))).rejects.toThrow(
      /no secret "admin-password": the desk keeps sync-token and bridge-token/,
    );
    await expect(readSecret(stdin(''))).rejects.toThrow(/nothing on stdin/);
    await expect(readSecret(stdin('\n'))).rejects.toThrow(/nothing on stdin/);
    await expect(readSecret(stdin('line one\nline two\n'))).rejects.toThrow(/several lines/);
    await expect(readSecret(stdin('x'.repeat(5000)))).rejects.toBeInstanceOf(SecretError);
    expect(store.get('sync-token')).toBeNull();
  });
});

describe('a plain-text sync token in the config file', () => {
  let fleet: Awaited<ReturnType<typeof startFleet>>;
  let server: Server;
  const seen: IncomingHttpHeaders[] = [];
  let url: string;

  beforeAll(async () => {
    fleet = await startFleet({ seed: 3, stations: 1 });
    // Stands in for the sync server: only who knocks matters here.
    server = createServer((request, response) => {
      seen.push(request.headers);
      response.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"not a sync server"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await fleet?.stop();
  });

  /** The desk as `npm run serve` starts it on that config file. */
  const headlessEngine = (configPath: string, dataDir: string, more: Partial<EngineOptions> = {}) =>
    startEngine({ shell: 'headless', configPath, resourcesDir: resources, dataDir, log: quietLog, ...more });

  function configFile(sync: Record<string, unknown>) {
    const dir = mkdtempSync(join(tmpdir(), 'dutydesk-migrate-'));
    const path = join(dir, 'stations.json');
    writeFileSync(path, JSON.stringify({ ...fleet.config, pollIntervalMs: 500, sync: { url, ...sync } }));
    return { dir, path, dataDir: join(dir, 'data') };
  }

  it('is moved into the store with a warning, and the engine syncs with it from there', async () => {
    const { path, dataDir } = configFile({ token: 'plain-text-sync-token', intervalMs: 1000 });
    const store = openSecretStore(dataDir, null, quietLog);
    const { lines, log } = logLines();
    expect(moveSyncTokenToStore(path, () => store, log)).toBe(true);
    expect(lines.join('\n')).toMatch(
      /WARN.*held the sync token in plain text: moved it out of the file; sync-token is stored UNENCRYPTED/,
    );
    const text = readFileSync(path, 'utf8');
    expect(text).not.toContain('plain-text-sync-token');
    expect(JSON.parse(text).sync).toEqual({ url, intervalMs: 1000 });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(store.get('sync-token')).toBe('plain-text-sync-token');
    // Once moved, there is nothing left to move.
    expect(moveSyncTokenToStore(path, () => store, log)).toBe(false);
    expect(loadConfigFile(path, loadProfiles(join(resources, 'profiles'))).sync?.token).toBeUndefined();

    const engine = await headlessEngine(path, dataDir, { syncToken: store.get('sync-token') });
    try {
      const end = Date.now() + 10_000;
      while (seen.length === 0 && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(seen[0]?.authorization).toBe('Bearer plain-text-sync-token');
      const status = await engine.api['sync.status']({}, { user: 'test', role: 'admin' });
      expect(status.serverUrl).toBe(url);
    } finally {
      await engine.stop();
    }
  });

  it('with no token stored, sync says how to set one, and the desk runs on', async () => {
    const { path, dataDir } = configFile({});
    const engine = await headlessEngine(path, dataDir);
    try {
      const status = await engine.api['sync.status']({}, { user: 'test', role: 'admin' });
      expect(status).toMatchObject({
        state: 'error',
        lastError: expect.stringMatching(/--set-secret sync-token/),
      });
    } finally {
      await engine.stop();
    }
  });

  it('leaves a file it cannot parse to the engine, which names the problem', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dutydesk-migrate-'));
    const path = join(dir, 'stations.json');
    writeFileSync(path, '{"sync": {"token": "x"');
    const store = openSecretStore(join(dir, 'data'), null, quietLog);
    expect(moveSyncTokenToStore(path, () => store, quietLog)).toBe(false);
    expect(store.get('sync-token')).toBeNull();
    expect(() => loadConfigFile(path, new Map())).toThrow(ConfigError);
  });
});
