import { closeSync, fsyncSync, openSync } from 'node:fs';
import { open } from 'node:fs/promises';

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

/**
 * fsyncPath off the engine's thread (in libuv's pool): flushing a
 * just-copied journal of a few GB takes seconds, and the backups that do it
 * run beside the live desk.
 */
export async function fsyncPathAsync(path: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if (process.platform === 'win32') return;
    throw error;
  }
  try {
    await handle.sync();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (process.platform !== 'win32' || (code !== 'EPERM' && code !== 'EISDIR')) throw error;
  } finally {
    await handle.close();
  }
}
