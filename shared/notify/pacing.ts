import type { RateLimit } from './outcome';

/**
 * When a channel may send next under its provider's limits, e.g. 20 in any
 * minute: the sends of the longest window are kept, and a send waits for
 * the oldest one it would exceed to leave its window.
 */
export class SendWindow {
  private readonly limits: readonly RateLimit[];
  /** Send times, oldest first, as far back as the longest window reaches. */
  private readonly sent: number[] = [];

  constructor(limits: readonly RateLimit[]) {
    for (const limit of limits) {
      if (!(Number.isInteger(limit.count) && limit.count >= 1 && limit.perMs > 0)) {
        throw new RangeError(`a send limit needs a count ≥ 1 and a window > 0, not ${JSON.stringify(limit)}`);
      }
    }
    this.limits = limits;
  }

  /** The earliest time, not before `now`, at which one more send stays within every limit. */
  nextAt(now: number): number {
    let at = now;
    for (const { count, perMs } of this.limits) {
      if (this.sent.length < count) continue;
      // The send `count` back from the newest must have left the window.
      const blocking = this.sent[this.sent.length - count] as number;
      at = Math.max(at, blocking + perMs);
    }
    return at;
  }

  record(at: number): void {
    let i = this.sent.length;
    while (i > 0 && (this.sent[i - 1] as number) > at) i--;
    this.sent.splice(i, 0, at);
    const longest = Math.max(0, ...this.limits.map((l) => l.perMs));
    const most = Math.max(0, ...this.limits.map((l) => l.count));
    while (this.sent.length > most || (this.sent.length > 0 && (this.sent[0] as number) <= at - longest)) {
      this.sent.shift();
    }
  }
}

export type Backoff = { baseMs: number; maxMs: number };

export const DEFAULT_BACKOFF: Backoff = { baseMs: 2_000, maxMs: 60_000 };

/**
 * The wait before try number `failures + 1` after `failures` passing
 * faults in a row: doubling from baseMs up to maxMs, then a random half of
 * it taken off ("equal jitter"), so desks that lost the same provider at
 * the same moment do not all come back at the same moment. `random` is in
 * [0, 1).
 */
export function backoffMs(failures: number, random: number, policy: Backoff = DEFAULT_BACKOFF): number {
  const exp = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, failures - 1));
  return Math.round(exp / 2 + (exp / 2) * Math.min(Math.max(random, 0), 1));
}
