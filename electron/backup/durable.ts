import { closeSync, fsyncSync, openSync } from 'node:fs';

/**
 * Flushes a file or a folder entry to the disk. A backup is only worth
 * something if it survives the power cut that makes it needed; on Windows
 * a folder cannot be opened for fsync, and NTFS orders renames itself.
 */
export function fsyncPath(path: string): void {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    if (process.platform === 'win32') return;
    throw error;
  }
  try {
    fsyncSync(fd);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (process.platform !== 'win32' || (code !== 'EPERM' && code !== 'EISDIR')) throw error;
  } finally {
    closeSync(fd);
  }
}
