import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { z } from 'zod';
import { REDACTED, redactedField } from '../../shared/config/redact';
import { DeskConfig, fieldPath } from '../../shared/config/schema';
import { JsonMappingError, jsonPointMap } from '../../shared/profile/json-binding';
import type { Profile } from '../../shared/profile/schema';

/** A configuration the desk refuses to start with; the message names file and field. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

function firstIssue(file: string, error: z.ZodError): ConfigError {
  const [issue] = error.issues;
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problem(s))` : '';
  const where = issue?.path.length ? fieldPath(issue.path) : '(top level)';
  return new ConfigError(`config file ${file}: ${where}: ${issue?.message ?? 'invalid'}${more}`);
}

/** Validates an already-parsed config against the schema and the shipped profiles. */
export function checkConfig(file: string, raw: unknown, profiles: ReadonlyMap<string, Profile>): DeskConfig {
  const parsed = DeskConfig.safeParse(raw);
  if (!parsed.success) throw firstIssue(file, parsed.error);
  const placeholder = redactedField(parsed.data);
  if (placeholder) {
    throw new ConfigError(
      `config file ${file}: ${placeholder}: "${REDACTED}" is what a redacted view shows, not a value: put the real one here`,
    );
  }
  parsed.data.devices.forEach((device, i) => {
    if (!profiles.has(device.profile)) {
      const known = [...profiles.keys()].sort().join(', ');
      throw new ConfigError(
        `config file ${file}: devices[${i}].profile: no profile "${device.profile}" (known: ${known})`,
      );
    }
    try {
      if (device.json) jsonPointMap(profiles.get(device.profile) as Profile, device.json);
    } catch (error) {
      if (!(error instanceof JsonMappingError)) throw error;
      const field = error.field.startsWith('profile') ? error.field : `devices[${i}].${error.field}`;
      throw new ConfigError(`config file ${file}: ${field}: ${error.message}`);
    }
  });
  return parsed.data;
}

export function loadConfigFile(path: string, profiles: ReadonlyMap<string, Profile>): DeskConfig {
  const file = resolve(path);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(
      code === 'ENOENT' ? `config file ${file}: not found` : `config file ${file}: cannot be read (${code})`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`config file ${file}: not valid JSON: ${(error as Error).message}`);
  }
  return checkConfig(file, raw, profiles);
}
