import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../electron/log/logger';
import { cipherFromSafeStorage } from '../../electron/secrets/safe-storage';
import { openSecretStore, SecretError } from '../../electron/secrets/store';

function logLines() {
  const lines: string[] = [];
  return { lines, log: createLogger('test', (line) => lines.push(line)) };
}

/** Stands in for the OS keychain: a reversible transform that is visibly not the plain text. */
const quiet = createLogger('test', () => {});

const fakeKeychain = {
  isEncryptionAvailable: () => true,
  encryptString: (plain: string) => Buffer.from(`sealed:${Buffer.from(plain).toString('base64')}`),
  decryptString: (sealed: Buffer) =>
    Buffer.from(sealed.toString().slice('sealed:'.length), 'base64').toString(),
};

describe('secrets without an OS keychain (headless)', () => {
  it('stores them in 0600 files and says so in the log', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dutydesk-secrets-'));
    const { lines, log } = logLines();
    const store = openSecretStore(dir, null, log);
    expect(store.protection).toBe('plain-file-0600');
    expect(lines.join('\n')).toMatch(/stored unencrypted with 0600 permissions/);
    store.set('sync-token', 's3cret-token');
    expect(store.get('sync-token')).toBe('s3cret-token');
    const file = join(dir, 'secrets', 'sync-token.txt');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'secrets')).mode & 0o777).toBe(0o700);
    expect(store.get('bridge-token')).toBeNull();
    store.remove('sync-token');
    expect(store.get('sync-token')).toBeNull();
  });
});

describe('secrets with safeStorage', () => {
  it('keeps only the sealed form on disk and replaces an earlier plain copy', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dutydesk-secrets-'));
    openSecretStore(dir, null, quiet).set('bridge-token', 'plain-before');
    const cipher = cipherFromSafeStorage(fakeKeychain);
    if (!cipher) throw new Error('expected a cipher');
    const store = openSecretStore(dir, cipher, quiet);
    expect(store.protection).toBe('os-encrypted');
    store.set('bridge-token', 'lan-token-123');
    expect(store.get('bridge-token')).toBe('lan-token-123');
    expect(readdirSync(join(dir, 'secrets'))).toEqual(['bridge-token.sealed']);
    expect(readFileSync(join(dir, 'secrets', 'bridge-token.sealed'), 'utf8')).not.toContain('lan-token-123');
  });

  it('a sealed secret is not silently read as missing where no keychain is available', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dutydesk-secrets-'));
    openSecretStore(dir, null, quiet);
    writeFileSync(join(dir, 'secrets', 'sync-token.sealed'), 'sealed:xxx');
    const headless = openSecretStore(dir, null, quiet);
    expect(() => headless.get('sync-token')).toThrow(SecretError);
  });

  it('treats Linux without a keyring (basic_text) as no encryption at all', () => {
    expect(
      cipherFromSafeStorage({ ...fakeKeychain, getSelectedStorageBackend: () => 'basic_text' }, 'linux'),
    ).toBeNull();
    expect(cipherFromSafeStorage({ ...fakeKeychain, isEncryptionAvailable: () => false })).toBeNull();
    expect(
      cipherFromSafeStorage({ ...fakeKeychain, getSelectedStorageBackend: () => 'gnome_libsecret' }, 'linux'),
    ).not.toBeNull();
  });
});
