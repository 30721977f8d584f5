import { can, type Role } from '../auth/roles';
import { keepNotifySecrets, notifyPlaceholderField, redactNotify } from '../notify/secrets';
import { keepEndpoints, seesEndpoints, withheldEndpointIndex, withholdEndpoints } from './endpoints';
import type { DeskConfig } from './schema';

/**
 * Stands in for a secret in the configuration a client is shown. Sent back
 * in `config.update` it means "keep the value the desk has now", so an
 * editor can save a configuration it was never shown the secrets of.
 */
export const REDACTED = '<redacted>';

/** Where the configuration holds something a reader must not get. */
export type SecretField =
  | 'sync.token'
  | 'mqtt.password'
  | `access.tokens[${number}].sha256`
  | 'access.tls.cert'
  | 'access.tls.key'
  | `notify.channels[${number}].${string}`
  | `devices[${number}].host`;

/**
 * The configuration as a client may see it. The sync token is a password
 * to another system that no screen shows, so nobody gets it; token hashes
 * (guessable for short tokens) and the paths of the TLS key tell an
 * attacker where to look, so only whoever may edit the configuration sees them.
 * Device endpoints go only to roles that control or configure devices (endpoints.ts).
 */
export function redactConfig(config: DeskConfig, role: Role): DeskConfig {
  const synced =
    config.sync?.token === undefined ? config : { ...config, sync: { ...config.sync, token: REDACTED } };
  // Robot keys, signing secrets and mail passwords are passwords to other systems, like the sync token.
  const notified = config.notify ? { ...synced, notify: redactNotify(config.notify, REDACTED) } : synced;
  // The broker password likewise: whoever holds it can feed the wall false values.
  const brokered =
    notified.mqtt?.password === undefined
      ? notified
      : { ...notified, mqtt: { ...notified.mqtt, password: REDACTED } };
  const shown = seesEndpoints(role) ? brokered : withholdEndpoints(brokered, REDACTED);
  if (can(role, 'config.edit')) return shown;
  const { access } = config;
  return {
    ...shown,
    access: {
      ...access,
      tokens: access.tokens.map((t) => ({ ...t, sha256: REDACTED })),
      ...(access.tls ? { tls: { cert: REDACTED, key: REDACTED } } : {}),
    },
  };
}

export type KeptSecrets =
  | { ok: true; config: DeskConfig; changed: SecretField[] }
  | { ok: false; field: SecretField; message: string };

/**
 * `next` with every REDACTED put back to the value `current` has: a token
 * hash by the token's name, a device endpoint by the device's id, the others
 * by their place. A placeholder with
 * nothing to keep is refused, not saved. `changed` names the secrets that
 * got a new value, for the journal (which never records the values).
 */
export function keepRedacted(next: DeskConfig, current: DeskConfig): KeptSecrets {
  const changed: SecretField[] = [];
  const missing = (field: SecretField): KeptSecrets => ({
    ok: false,
    field,
    message: `${field}: "${REDACTED}" keeps the current value, but the desk has none to keep: give the value`,
  });

  let sync = next.sync;
  if (sync?.token === REDACTED) {
    const kept = current.sync?.token;
    if (kept === undefined) return missing('sync.token');
    sync = { ...sync, token: kept };
  } else if (sync?.token !== undefined && sync.token !== current.sync?.token) changed.push('sync.token');

  let mqtt = next.mqtt;
  if (mqtt?.password === REDACTED) {
    const kept = current.mqtt?.password;
    if (kept === undefined) return missing('mqtt.password');
    mqtt = { ...mqtt, password: kept };
  } else if (mqtt?.password !== undefined && mqtt.password !== current.mqtt?.password)
    changed.push('mqtt.password');

  const tokens = [];
  for (const [i, token] of next.access.tokens.entries()) {
    const field: SecretField = `access.tokens[${i}].sha256`;
    const before = current.access.tokens.find((t) => t.name === token.name);
    if (token.sha256 === REDACTED) {
      if (!before) return missing(field);
      tokens.push({ ...token, sha256: before.sha256 });
    } else {
      if (token.sha256 !== before?.sha256) changed.push(field);
      tokens.push(token);
    }
  }

  let tls = next.access.tls;
  if (tls) {
    const cert = tls.cert === REDACTED ? current.access.tls?.cert : tls.cert;
    if (cert === undefined) return missing('access.tls.cert');
    const key = tls.key === REDACTED ? current.access.tls?.key : tls.key;
    if (key === undefined) return missing('access.tls.key');
    if (cert !== current.access.tls?.cert) changed.push('access.tls.cert');
    if (key !== current.access.tls?.key) changed.push('access.tls.key');
    tls = { cert, key };
  }

  const notify = keepNotifySecrets(next.notify, current.notify, REDACTED);
  if (!notify.ok) return missing(notify.field);
  changed.push(...notify.changed);

  const endpoints = keepEndpoints(next, current, REDACTED);
  if (!endpoints.ok) return missing(`devices[${endpoints.index}].host`);

  const access = { ...next.access, tokens, ...(tls ? { tls } : {}) };
  return {
    ok: true,
    config: {
      ...next,
      devices: endpoints.devices,
      access,
      ...(sync ? { sync } : {}),
      ...(mqtt ? { mqtt } : {}),
      ...(notify.notify ? { notify: notify.notify } : {}),
    },
    changed,
  };
}

/** The first placeholder left in a configuration, e.g. in a file someone pasted from a redacted view. */
export function redactedField(config: DeskConfig): SecretField | null {
  if (config.sync?.token === REDACTED) return 'sync.token';
  if (config.mqtt?.password === REDACTED) return 'mqtt.password';
  const i = config.access.tokens.findIndex((t) => t.sha256 === REDACTED);
  if (i >= 0) return `access.tokens[${i}].sha256`;
  if (config.access.tls?.cert === REDACTED) return 'access.tls.cert';
  if (config.access.tls?.key === REDACTED) return 'access.tls.key';
  const device = withheldEndpointIndex(config, REDACTED);
  if (device >= 0) return `devices[${device}].host`;
  return notifyPlaceholderField(config.notify, REDACTED);
}
