import { useSyncExternalStore } from 'react';

/** The smallest store useSyncExternalStore needs; state objects are replaced, never mutated. */
export class Store<T> {
  private listeners = new Set<() => void>();

  constructor(private state: T) {}

  readonly get = (): T => this.state;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  set(next: T): void {
    if (Object.is(next, this.state)) return;
    this.state = next;
    for (const listener of this.listeners) listener();
  }

  update(change: (current: T) => T): void {
    this.set(change(this.state));
  }
}

export function useStore<T>(store: Store<T>): T {
  return useSyncExternalStore(store.subscribe, store.get, store.get);
}

export type ScheduleFrame = (callback: () => void) => void;

/**
 * Runs `run` at the next animation frame, once however often it is asked
 * for before then: a storm of deltas costs one render per frame.
 */
export class FrameBatch {
  private scheduled = false;

  constructor(
    private readonly schedule: ScheduleFrame,
    private readonly run: () => void,
  ) {}

  request(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.schedule(() => {
      this.scheduled = false;
      this.run();
    });
  }
}
