import { closeSync, fsyncSync, openSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Replaces the config file so that a crash leaves either the old file or
 * the new one, never half of one: write a sibling, flush it, rename over.
 * Any JSON object: the secrets migration rewrites a file as it was written, not as parsed.
 */
export function saveConfigFile(path: string, config: object): void {
  const temp = join(dirname(path), `.${Date.now()}.${process.pid}.dutydesk-config.tmp`);
  writeFileSync(temp, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  const fd = openSync(temp, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
  // The rename itself must reach the disk too.
  const dir = openSync(dirname(path), 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}
