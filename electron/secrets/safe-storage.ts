import type { SecretCipher } from './store';

/** The part of Electron's safeStorage used here, declared so this module never loads electron. */
export type SafeStorageLike = {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(sealed: Buffer): string;
  getSelectedStorageBackend?(): string;
};

/**
 * safeStorage as a SecretCipher, or null where it cannot protect anything:
 * on Linux without a keyring it falls back to a hard-coded key ("basic_text"),
 * which is no better than a 0600 file and must not be called encryption.
 */
export function cipherFromSafeStorage(
  safeStorage: SafeStorageLike,
  platform = process.platform,
): SecretCipher | null {
  if (!safeStorage.isEncryptionAvailable()) return null;
  if (platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text') return null;
  return {
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (sealed) => safeStorage.decryptString(sealed),
  };
}
