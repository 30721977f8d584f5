import { existsSync, rmSync } from 'node:fs';
import { getPriority } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isMainThread, Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asBackgroundThread } from '../../node/thread-priority';
import { bundleForNode } from '../helpers/bundle';

let out: string;
beforeAll(async () => {
  out = await bundleForNode('thread-priority-', { 'thread-priority': 'node/thread-priority.ts' });
}, 60_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** What a worker thread reports after asking to be a background thread: whether it was, its own nice value and the process's. */
function inWorker(): Promise<{ lowered: boolean; thread: number; process: number }> {
  const module = pathToFileURL(join(out, 'thread-priority.js')).href;
  const code = `
    const { parentPort } = require('node:worker_threads');
    const { getPriority } = require('node:os');
    const { readlinkSync } = require('node:fs');
    import(${JSON.stringify(module)}).then(({ asBackgroundThread }) => {
      const lowered = asBackgroundThread();
      const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
      parentPort.postMessage({ lowered, thread: getPriority(tid), process: getPriority(process.pid) });
    });`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, { eval: true });
    worker.once('message', (message) => {
      resolve(message);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

describe('background worker threads', () => {
  it.skipIf(!isMainThread)('never lowers the main thread', () => {
    const before = getPriority(process.pid);
    expect(asBackgroundThread()).toBe(false);
    expect(getPriority(process.pid)).toBe(before);
  });

  it.skipIf(!existsSync('/proc/thread-self'))(
    'lowers only the worker thread that asks, below the process (Linux: nice per thread)',
    async () => {
      const before = getPriority(process.pid);
      const seen = await inWorker();
      expect(seen.lowered).toBe(true);
      expect(seen.thread).toBeGreaterThan(before);
      expect(seen.process).toBe(before);
      expect(getPriority(process.pid)).toBe(before);
    },
  );
});
