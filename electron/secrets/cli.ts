import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { REDACTED } from '../../shared/config/redact';
import { saveConfigFile } from '../config/save';
import type { Logger } from '../log/logger';
import { SecretError, type SecretName, type SecretStore } from './store';

export const SECRET_NAMES: readonly SecretName[] = ['sync-token', 'bridge-token'];

/** A secret longer than this is not a token someone pasted but the wrong file. */
const MAX_SECRET_BYTES = 4096;

export function secretName(text: string): SecretName {
  const found = SECRET_NAMES.find((name) => name === text);
  if (!found) throw new SecretError(`no secret "${text}": the desk keeps ${SECRET_NAMES.join(' and ')}`);
  return found;
}

/**
 * The secret from standard input, so it is in no command line (`ps`) and no
 * shell history. One line; the newline a file or `echo` ends it with is dropped.
 */
export async function readSecret(input: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of input) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    bytes += buffer.length;
    if (bytes > MAX_SECRET_BYTES)
      throw new SecretError(`more than ${MAX_SECRET_BYTES} bytes on stdin: not a token`);
    chunks.push(buffer);
  }
  const text = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
  if (text.length === 0) throw new SecretError('nothing on stdin: pipe the secret in, e.g. < token.txt');
  if (/[\r\n]/.test(text)) throw new SecretError('the secret spans several lines: give one line');
  return text;
}

/** Where and how a secret now is, in words for the operator. */
export function describeKept(store: SecretStore, name: SecretName): string {
  return store.protection === 'os-encrypted'
    ? `${name} is stored sealed by the OS keychain in ${join(store.dir, `${name}.sealed`)}`
    : `${name} is stored UNENCRYPTED in ${join(store.dir, `${name}.txt`)}, readable by this user only (0600): plain Node has no OS keychain; the desktop app (dutydesk --set-secret ${name}) seals it instead`;
}

/** `--set-secret NAME`: reads the secret from stdin into the store; returns what to tell the operator. */
export async function setSecretCommand(store: SecretStore, name: string, input: Readable): Promise<string> {
  const which = secretName(name);
  store.set(which, await readSecret(input));
  return describeKept(store, which);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A sync token written in plain text in the config file is moved into the
 * secret store on start: stored first, then removed from the file, so a
 * crash in between leaves it in both places, never in neither. A file that
 * does not parse is left to the engine, which explains what is wrong with it.
 * Returns whether a token was moved.
 */
export function moveSyncTokenToStore(configPath: string, store: () => SecretStore, log: Logger): boolean {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(configPath, 'utf8'));
  } catch {
    return false;
  }
  if (!isRecord(raw) || !isRecord(raw.sync)) return false;
  const { token, ...rest } = raw.sync;
  if (typeof token !== 'string' || token.length === 0 || token === REDACTED) return false;
  if (rest.tokenEnv !== undefined) return false;
  const secrets = store();
  secrets.set('sync-token', token);
  try {
    saveConfigFile(configPath, { ...raw, sync: rest });
  } catch (error) {
    log.warn(
      `config file ${configPath} holds the sync token in plain text; it is now also in the secret store, but the file could not be rewritten (${(error as Error).message}): remove sync.token from it by hand`,
    );
    return true;
  }
  log.warn(
    `config file ${configPath} held the sync token in plain text: moved it out of the file; ${describeKept(secrets, 'sync-token')}`,
  );
  return true;
}
