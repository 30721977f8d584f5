import type { AlarmsDelta } from '../../../shared/api';
import type { DeskClient } from '../transport';
import { type AlarmsState, applyAlarmsDelta, emptyAlarms, fromList, PendingAlarms } from './alarms';
import type { ScheduleFrame } from './fleetStore';
import { Store } from './store';

/**
 * Holds the alarm queue. Like the fleet, deltas are folded as they come and
 * applied once per animation frame, so an alarm storm costs one render per
 * frame however many records it changes.
 */
export class AlarmStore extends Store<AlarmsState> {
  private readonly pending = new PendingAlarms();
  private scheduled = false;

  constructor(private readonly scheduleFrame: ScheduleFrame) {
    super(emptyAlarms);
  }

  setList(list: AlarmsDelta): void {
    // The channel is ordered: every record still held arrived before this reply and is in it.
    // Breaches are events, not state: the reply has no word of them, so the held ones still count.
    const held = this.pending.take()?.breaches ?? [];
    const next = fromList(list, this.get());
    this.set({
      ...next,
      breachCount: next.breachCount + held.length,
      lastBreach: held.at(-1) ?? next.lastBreach,
    });
  }

  queueDelta(delta: AlarmsDelta): void {
    this.pending.add(delta);
    if (this.scheduled) return;
    this.scheduled = true;
    this.scheduleFrame(() => this.flush());
  }

  flush(): void {
    this.scheduled = false;
    const delta = this.pending.take();
    if (delta) this.set(applyAlarmsDelta(this.get(), delta));
  }
}

/**
 * Keeps the alarm store in step with the engine: the whole list whenever the
 * link (re)opens, since deltas missed while it was down are gone, then
 * deltas. A failed load is retried while the link stays up.
 */
export function startAlarmSession(client: DeskClient, alarms: AlarmStore, retryMs = 5000): () => void {
  let generation = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const load = async (mine: number) => {
    try {
      const list = await client.request('alarms.list', {});
      if (mine === generation) alarms.setList(list);
    } catch (error) {
      if (mine !== generation) return;
      console.warn(`alarm list: ${error instanceof Error ? error.message : String(error)}`);
      if (client.link === 'open') retryTimer = setTimeout(() => load(mine), retryMs);
    }
  };

  const offDelta = client.on('alarms.delta', (delta) => alarms.queueDelta(delta));
  const offLink = client.onLink((link) => {
    generation += 1;
    clearTimeout(retryTimer);
    if (link === 'open') void load(generation);
  });

  return () => {
    generation += 1;
    clearTimeout(retryTimer);
    offDelta();
    offLink();
  };
}
