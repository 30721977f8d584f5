import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../log/logger';

/**
 * Encryption by the operating system's keychain (Electron's safeStorage:
 * DPAPI, Keychain, libsecret/kwallet). The engine never loads electron, so
 * main.ts hands it in; the headless desk has none.
 */
export type SecretCipher = {
  encrypt(plain: string): Buffer;
  decrypt(sealed: Buffer): string;
};

export type SecretStore = {
  /** How the secrets are kept, for the log and the operator. */
  readonly protection: 'os-encrypted' | 'plain-file-0600';
  /** The folder the secrets are in. */
  readonly dir: string;
  get(name: SecretName): string | null;
  set(name: SecretName, value: string): void;
  remove(name: SecretName): void;
};

/** The secrets the desk keeps: its sync server token, its bridge token. */
export type SecretName = 'sync-token' | 'bridge-token';

export class SecretError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretError';
  }
}

/** Written to a new file, synced, then renamed over the old one: a crash leaves the old or the new value. */
function writeAtomically(file: string, data: Buffer): void {
  const temp = `${file}.${process.pid}.tmp`;
  const fd = openSync(temp, 'w', 0o600);
  try {
    writeSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, file);
}

function readIfThere(file: string): Buffer | null {
  try {
    return readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * Secrets in `<dataDir>/secrets`, one file each, readable by this user only.
 * With a cipher they are sealed by the OS; without one (headless) they are
 * stored unencrypted with 0600 permissions, and the log says so once.
 */
export function openSecretStore(dataDir: string, cipher: SecretCipher | null, log: Logger): SecretStore {
  const dir = join(dataDir, 'secrets');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const sealedFile = (name: SecretName) => join(dir, `${name}.sealed`);
  const plainFile = (name: SecretName) => join(dir, `${name}.txt`);
  if (!cipher) {
    log.warn(`no OS keychain here: secrets are stored unencrypted with 0600 permissions in ${dir}`);
  }
  return {
    protection: cipher ? 'os-encrypted' : 'plain-file-0600',
    dir,
    get(name) {
      const sealed = readIfThere(sealedFile(name));
      if (sealed) {
        if (!cipher) {
          throw new SecretError(
            `${sealedFile(name)} was sealed by the OS keychain, which this process cannot use; start the desk window once, or set the secret again`,
          );
        }
        return cipher.decrypt(sealed);
      }
      return readIfThere(plainFile(name))?.toString('utf8') ?? null;
    },
    set(name, value) {
      if (value.length === 0) throw new SecretError(`${name}: an empty secret is not a secret`);
      if (cipher) {
        writeAtomically(sealedFile(name), cipher.encrypt(value));
        // A plain copy from an earlier headless run must not outlive the sealed one.
        rmSync(plainFile(name), { force: true });
      } else {
        writeAtomically(plainFile(name), Buffer.from(value, 'utf8'));
      }
    },
    remove(name) {
      rmSync(sealedFile(name), { force: true });
      rmSync(plainFile(name), { force: true });
    },
  };
}
