import type { DeskClient } from '../transport';

type Options = {
  /**
   * Fetches and applies; `current()` turns false once the link dropped or a
   * newer load began, and nothing may be applied after that.
   */
  load(current: () => boolean): Promise<void>;
  /** Says what failed (the load is not current any more when this is not called). */
  onFailure(error: unknown): void;
  /** A failed load is tried again after this long while the link stays up; null: not at all. */
  retryMs: number | null;
};

export type LinkedLoad = {
  /** Starts over now, as a (re)opened link does: the configuration changed, say. */
  reload(): void;
  stop(): void;
};

/**
 * A load that follows the link: run whenever the link (re)opens, since
 * deltas missed while it was down are gone; abandoned when the link drops
 * or a newer load starts; retried after a failure while the link stays up.
 */
export function followLink(client: DeskClient, { load, onFailure, retryMs }: Options): LinkedLoad {
  let generation = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const run = async (mine: number) => {
    const current = () => mine === generation;
    try {
      await load(current);
    } catch (error) {
      if (!current()) return;
      onFailure(error);
      if (retryMs !== null && client.link === 'open') retryTimer = setTimeout(() => void run(mine), retryMs);
    }
  };
  const abandon = () => {
    generation += 1;
    clearTimeout(retryTimer);
  };
  const reload = () => {
    abandon();
    void run(generation);
  };
  const offLink = client.onLink((link) => (link === 'open' ? reload() : abandon()));

  return {
    reload,
    stop: () => {
      abandon();
      offLink();
    },
  };
}

/** An error's message for the log or the screen. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
