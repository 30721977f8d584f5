import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fieldPath } from '../../shared/config/schema';
import { Profile } from '../../shared/profile/schema';

/**
 * Every `*.json` in `dir`, validated, by profile id. A bad file stops the
 * load with its name and the offending field, so whoever edits the register
 * maps can fix them without reading code.
 */
export function loadProfiles(dir: string): Map<string, Profile> {
  const profiles = new Map<string, Profile>();
  const origin = new Map<string, string>();
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  for (const name of files) {
    const file = join(dir, name);
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new Error(`${file}: not valid JSON: ${(err as Error).message}`);
    }
    const parsed = Profile.safeParse(data);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) =>
        i.path.length ? `${fieldPath(i.path)}: ${i.message}` : i.message,
      );
      throw new Error(`${file}: ${problems.join('; ')}`);
    }
    const previous = origin.get(parsed.data.id);
    if (previous) throw new Error(`${file}: id "${parsed.data.id}" is already used by ${previous}`);
    origin.set(parsed.data.id, file);
    profiles.set(parsed.data.id, parsed.data);
  }
  return profiles;
}

/**
 * The app's `resources` folder: $DUTYDESK_RESOURCES, else the nearest one
 * above this module. The walk covers both layouts this file runs in: bundled
 * into out/main/ and imported from source by the tests.
 */
export function resourcesDir(): string {
  const fromEnv = process.env.DUTYDESK_RESOURCES;
  if (fromEnv) return resolve(fromEnv);
  for (const start of [dirname(fileURLToPath(import.meta.url)), process.cwd()]) {
    for (let dir = start; ; dir = dirname(dir)) {
      if (existsSync(join(dir, 'resources', 'profiles'))) return join(dir, 'resources');
      if (dirname(dir) === dir) break;
    }
  }
  throw new Error('cannot find the resources folder (with profiles/); set DUTYDESK_RESOURCES to its path');
}
