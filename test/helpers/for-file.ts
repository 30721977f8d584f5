import { afterAll, beforeAll } from 'vitest';

/**
 * What a test file starts once and its tests share (a desk, a fleet):
 * started before the first test, stopped after the last. The getter returns
 * it; called before it started (at collection, outside a test) it throws.
 */
export function startedForFile<T extends { stop(): unknown }>(
  start: () => Promise<T>,
  timeoutMs?: number,
): () => T {
  let started: T | undefined;
  beforeAll(async () => {
    started = await start();
  }, timeoutMs);
  afterAll(async () => {
    await started?.stop();
  });
  return () => {
    if (started === undefined) throw new Error('used before the file’s beforeAll started it');
    return started;
  };
}
