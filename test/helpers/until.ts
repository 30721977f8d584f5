/** What `until` hands back: the first value `check` gave that counts as holding. */
export type Held<T> = Exclude<T, undefined | null | false | 0 | ''>;

/**
 * Polls `check` every 10 ms until it gives a truthy value (a boolean, or what
 * was waited for) and returns that value; fails naming `what` (by default
 * the check's own source) after `timeoutMs`. Real time on purpose: the tests
 * that wait are waiting on sockets, brokers and child processes.
 */
export async function until<T>(
  check: () => T | Promise<T>,
  what: string = String(check),
  timeoutMs = 20_000,
): Promise<Held<T>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as Held<T>;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 10));
  }
}
