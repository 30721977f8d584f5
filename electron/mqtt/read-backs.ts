import type { PointValue } from '../../shared/api/model';

/**
 * A write waits for the device to report the point: the first report of the
 * expected value confirms it; any other value reported until the timeout
 * (a report already in flight when the command left can carry the old value)
 * makes it a mismatch; silence leaves it unconfirmed.
 */
export type ReadBack =
  | { kind: 'reported'; value: PointValue }
  | { kind: 'silent' }
  | { kind: 'lost'; reason: string };

type Waiter = {
  key: string;
  expected: PointValue;
  last: { value: PointValue } | null;
  done: (result: ReadBack) => void;
};

export class ReadBacks {
  private readonly waiting = new Map<string, Set<Waiter>>();

  /** True while any write waits: the hot path checks this before looking further. */
  get active(): boolean {
    return this.waiting.size > 0;
  }

  wait(deviceId: string, key: string, expected: PointValue, timeoutMs: number): Promise<ReadBack> {
    return new Promise((resolve) => {
      const waiter: Waiter = {
        key,
        expected,
        last: null,
        done: (result) => {
          clearTimeout(timer);
          const set = this.waiting.get(deviceId);
          set?.delete(waiter);
          if (set?.size === 0) this.waiting.delete(deviceId);
          resolve(result);
        },
      };
      const timer = setTimeout(
        () => waiter.done(waiter.last ? { kind: 'reported', value: waiter.last.value } : { kind: 'silent' }),
        timeoutMs,
      );
      const set = this.waiting.get(deviceId) ?? new Set();
      set.add(waiter);
      this.waiting.set(deviceId, set);
    });
  }

  reported(deviceId: string, key: string, value: PointValue): void {
    for (const waiter of this.waiting.get(deviceId) ?? []) {
      if (waiter.key !== key) continue;
      if (value === waiter.expected) waiter.done({ kind: 'reported', value });
      else waiter.last = { value };
    }
  }

  /** The device went away (death, broker lost) before it confirmed: what it did is unknown. */
  lost(deviceId: string, reason: string): void {
    for (const waiter of [...(this.waiting.get(deviceId) ?? [])]) waiter.done({ kind: 'lost', reason });
  }

  /** Cancels every wait (the host stops). */
  clear(reason: string): void {
    for (const deviceId of [...this.waiting.keys()]) this.lost(deviceId, reason);
  }
}
