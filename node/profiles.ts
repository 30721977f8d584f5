import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseProfiles } from '../shared/profile/parse';
import type { Profile } from '../shared/profile/schema';

/** Every `*.json` in `dir`, in name order, validated, by profile id (see parseProfiles). */
export function loadProfiles(dir: string): Map<string, Profile> {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  return parseProfiles(
    files.map((name) => {
      const file = join(dir, name);
      return { file, text: readFileSync(file, 'utf8') };
    }),
  );
}
