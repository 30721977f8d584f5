import type { DeskTime } from '../../../shared/api';
import type { DeskClient } from '../transport';
import { followLink, messageOf } from './followLink';

type Anchor = { deskMs: number; localMs: number; rate: number };

/**
 * The desk's time on this screen (issue 18): every age, SLA countdown,
 * "now" line and time range reads it. On a duty desk it is this screen's
 * own clock, as it always was; on a training desk it is the drill's clock,
 * anchored to the engine's last word on it and run on at the drill's rate
 * in between, so a ×60 drill's 4-hour SLA counts down in four minutes
 * instead of showing months overdue against the real date.
 */
export class ScreenClock {
  private anchor: Anchor | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly local: () => number = () => Date.now()) {}

  /** The desk's time now, epoch ms. */
  readonly now = (): number => {
    const a = this.anchor;
    return a ? a.deskMs + (this.local() - a.localMs) * a.rate : this.local();
  };

  /** Desk ms per real ms: how much faster than real time a countdown must tick. */
  get rate(): number {
    return this.anchor?.rate ?? 1;
  }

  /**
   * Takes the engine's time. `sentAtLocal` is when the request left, for a
   * reply: the time was read halfway through the round trip, which at ×60
   * is worth correcting for. A push is taken as read on arrival.
   */
  sync(time: DeskTime, sentAtLocal?: number): void {
    const arrived = this.local();
    this.anchor = time.own
      ? {
          deskMs: time.nowMs,
          localMs: sentAtLocal === undefined ? arrived : (sentAtLocal + arrived) / 2,
          rate: time.rate,
        }
      : null;
    for (const listener of this.listeners) listener();
  }

  /** Called after every sync: a screen that ticks re-reads the rate and the time. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}

/**
 * Keeps the screen's clock on the engine's: asked whenever the link
 * (re)opens, then corrected by every push a desk on its own clock sends.
 */
export function startClockSession(client: DeskClient, clock: ScreenClock, retryMs = 5000): () => void {
  const load = followLink(client, {
    retryMs,
    load: async (current) => {
      const sent = Date.now();
      const time = await client.request('desk.time', {});
      if (current()) clock.sync(time, sent);
    },
    // Until the desk answers, the screen's own clock stands in; a drill desk says so in its band.
    onFailure: (error) => console.warn(`desk time: ${messageOf(error)}`),
  });
  const offPush = client.on('desk.time', (time) => clock.sync(time));
  return () => {
    load.stop();
    offPush();
  };
}
