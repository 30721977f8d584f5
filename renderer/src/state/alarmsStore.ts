import {
  ALARMS_PER_FRAME,
  type AlarmsDelta,
  type AlarmsPage,
  type AlarmView,
  type FloodView,
  type SlaBreach,
} from '../../../shared/api';
import type { DeskClient } from '../transport';
import { type AlarmsState, applyAlarmsDelta, emptyAlarms, fromList, PendingAlarms } from './alarms';
import { followLink, messageOf } from './followLink';
import { FrameBatch, type ScheduleFrame, Store } from './store';

/** The queue as it is being loaded, page by page. */
type Loading = { alarms: Map<string, AlarmView>; flood: FloodView | null };

/**
 * Holds the alarm queue. Like the fleet, deltas are folded as they come and
 * applied once per animation frame, so an alarm storm costs one render per
 * frame however many records it changes.
 */
export class AlarmStore extends Store<AlarmsState> {
  private readonly pending = new PendingAlarms();
  private readonly frame: FrameBatch;
  /**
   * The queue being loaded: list pages and deltas go in as they arrive, so
   * each record ends as the engine last sent it (the channel is ordered),
   * and the whole replaces the shown queue once the last page is in.
   */
  private loading: Loading | null = null;

  constructor(scheduleFrame: ScheduleFrame) {
    super(emptyAlarms);
    this.frame = new FrameBatch(scheduleFrame, () => this.flush());
  }

  /**
   * A load starts: records still held are older than any page to come and
   * go; breaches are events, not state, so the held ones still count.
   */
  beginList(): void {
    this.countBreaches(this.pending.take()?.breaches ?? []);
    this.loading = { alarms: new Map(), flood: null };
  }

  /** One page of alarms.list; the last (next: null) replaces the shown queue. */
  addPage(page: AlarmsPage): void {
    const loading = this.loading;
    if (!loading) return;
    // Deltas that arrived before this reply were sent before it was made.
    this.foldInto(loading, this.pending.take());
    for (const alarm of page.alarms) loading.alarms.set(alarm.id, alarm);
    loading.flood = page.flood;
    if (page.next !== null) return;
    this.loading = null;
    const whole = { alarms: [...loading.alarms.values()], flood: loading.flood, breaches: [], removed: [] };
    this.set(fromList(whole, this.get()));
  }

  /** The whole queue in one reply. */
  setList(list: AlarmsDelta): void {
    this.beginList();
    this.addPage({ ...list, next: null });
  }

  queueDelta(delta: AlarmsDelta): void {
    this.pending.add(delta);
    this.frame.request();
  }

  flush(): void {
    const delta = this.pending.take();
    if (!delta) return;
    if (this.loading) this.foldInto(this.loading, delta);
    else this.set(applyAlarmsDelta(this.get(), delta));
  }

  private foldInto(loading: Loading, delta: AlarmsDelta | null): void {
    if (!delta) return;
    for (const alarm of delta.alarms) loading.alarms.set(alarm.id, alarm);
    for (const id of delta.removed) loading.alarms.delete(id);
    loading.flood = delta.flood;
    this.countBreaches(delta.breaches);
  }

  private countBreaches(breaches: readonly SlaBreach[]): void {
    if (breaches.length === 0) return;
    const state = this.get();
    this.set({
      ...state,
      breachCount: state.breachCount + breaches.length,
      lastBreach: breaches.at(-1) ?? state.lastBreach,
    });
  }
}

/**
 * Keeps the alarm store in step with the engine: the whole list whenever the
 * link (re)opens, since deltas missed while it was down are gone, then
 * deltas. A failed load is retried from the first page while the link stays up.
 */
export function startAlarmSession(client: DeskClient, alarms: AlarmStore, retryMs = 5000): () => void {
  // A storm's queue does not fit in one frame: it comes in pages, deltas still flowing in between.
  const list = followLink(client, {
    retryMs,
    load: async (current) => {
      alarms.beginList();
      let after: string | null = null;
      do {
        const page: AlarmsPage = await client.request(
          'alarms.list',
          after === null ? { limit: ALARMS_PER_FRAME } : { after, limit: ALARMS_PER_FRAME },
        );
        if (!current()) return;
        alarms.addPage(page);
        after = page.next;
      } while (after !== null);
    },
    onFailure: (error) => console.warn(`alarm list: ${messageOf(error)}`),
  });
  const offDelta = client.on('alarms.delta', (delta) => alarms.queueDelta(delta));
  return () => {
    list.stop();
    offDelta();
  };
}
