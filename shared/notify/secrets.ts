import type { NotifyConfig } from './config';

/**
 * The fields of a channel that are passwords to another system: robot keys
 * and tokens (whoever has one can post to the group), signing secrets, the
 * SMTP password and the SMS gateway's secret. Nobody is shown them, editors
 * included, as with the sync token; they never reach a log or the journal.
 */
export const CHANNEL_SECRET_KEYS = ['key', 'accessToken', 'token', 'secret', 'password'] as const;

/** How an operator finds a notify secret in the file. */
export type NotifySecretField = `notify.channels[${number}].${string}`;

/** One secret in a notify section, where the file has it. */
export type NotifySecret = { field: NotifySecretField; channel: string | null; key: string; value: string };

function entries(notify: NotifyConfig | undefined): { index: number; channel: Record<string, unknown> }[] {
  return (notify?.channels ?? []).flatMap((channel, index) =>
    typeof channel === 'object' && channel !== null && !Array.isArray(channel)
      ? [{ index, channel: channel as Record<string, unknown> }]
      : [],
  );
}

/** Every secret the section holds, with the field path an operator would look for. */
export function notifySecrets(notify: NotifyConfig | undefined): NotifySecret[] {
  return entries(notify).flatMap(({ index, channel }) =>
    CHANNEL_SECRET_KEYS.flatMap((key) => {
      const value = channel[key];
      return typeof value === 'string'
        ? [
            {
              field: `notify.channels[${index}].${key}`,
              channel: typeof channel.id === 'string' ? channel.id : null,
              key,
              value,
            },
          ]
        : [];
    }),
  );
}

/** The section with each secret replaced by what `replace` gives for it. */
function mapSecrets(notify: NotifyConfig, replace: (secret: NotifySecret) => string): NotifyConfig {
  const secrets = notifySecrets(notify);
  return {
    ...notify,
    channels: notify.channels.map((channel, index) => {
      const own = secrets.filter((s) => s.field.startsWith(`notify.channels[${index}].`));
      if (own.length === 0) return channel;
      const copy = { ...(channel as Record<string, unknown>) };
      for (const secret of own) copy[secret.key] = replace(secret);
      return copy;
    }),
  };
}

/** The section as any reader may see it: every secret shown as `placeholder`. */
export function redactNotify(notify: NotifyConfig, placeholder: string): NotifyConfig {
  return mapSecrets(notify, () => placeholder);
}

export type KeptNotifySecrets =
  | { ok: true; notify: NotifyConfig | undefined; changed: NotifySecretField[] }
  | { ok: false; field: NotifySecretField };

/**
 * `next` with each `placeholder` put back to the value the channel of the
 * same id has in `current`. `changed` names the secrets given a new value
 * (never the values); a placeholder with nothing to keep is refused.
 */
export function keepNotifySecrets(
  next: NotifyConfig | undefined,
  current: NotifyConfig | undefined,
  placeholder: string,
): KeptNotifySecrets {
  if (!next) return { ok: true, notify: next, changed: [] };
  const before = notifySecrets(current);
  const keptValue = (secret: NotifySecret) =>
    before.find((b) => b.channel !== null && b.channel === secret.channel && b.key === secret.key)?.value;
  const changed: NotifySecretField[] = [];
  for (const secret of notifySecrets(next)) {
    const kept = keptValue(secret);
    if (secret.value === placeholder && kept === undefined) return { ok: false, field: secret.field };
    if (secret.value !== placeholder && secret.value !== kept) changed.push(secret.field);
  }
  return {
    ok: true,
    notify: mapSecrets(next, (secret) =>
      secret.value === placeholder ? (keptValue(secret) ?? '') : secret.value,
    ),
    changed,
  };
}

/** The first placeholder left in the section, e.g. in a file pasted from a redacted view. */
export function notifyPlaceholderField(
  notify: NotifyConfig | undefined,
  placeholder: string,
): NotifySecretField | null {
  return notifySecrets(notify).find((s) => s.value === placeholder)?.field ?? null;
}

/**
 * `text` (a provider's answer, an error message) with every secret cut out,
 * as given and URL-encoded, before it is logged or journalled: a provider
 * or a network error may echo the address, which holds the key.
 */
export function scrubSecrets(text: string, secrets: readonly string[], placeholder: string): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) out = out.split(form).join(placeholder);
  }
  return out;
}
