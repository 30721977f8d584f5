import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

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
