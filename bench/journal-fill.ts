import type { Journal } from '../electron/store/journal';
import type { JournalInput } from '../shared/journal/event';

const TYPES = [
  'alarm.raised',
  'alarm.acked',
  'alarm.cleared',
  'charging.session',
  'workorder.dispatched',
] as const;
const ACTORS = [
  { user: 'dutydesk', role: 'system' },
  { user: 'li.na', role: 'monitor' },
] as const;

/**
 * The n-th synthetic duty event: the mix of a busy desk (alarms, sessions,
 * work orders over 5,000 devices), about the size of the real ones, dated a
 * few seconds apart from `startTs`. Deterministic in n.
 */
export function syntheticEvent(n: number, startTs: number): JournalInput {
  const type = TYPES[n % TYPES.length] ?? 'alarm.raised';
  return {
    type,
    subject: `st${String(n % 500).padStart(3, '0')}-dc${n % 10}:${type === 'charging.session' ? 'gun1' : 'overTemperature'}`,
    ts: startTs + n * 3_000,
    data: { n, tier: n % 3 === 0 ? 'on-site' : 'remote', value: (n * 7919) % 1000, note: '过温告警' },
    actor: ACTORS[type === 'alarm.acked' ? 1 : 0],
  };
}

/** Appends `count` synthetic events after what the journal holds, in batches as an alarm storm would. */
export function fillJournal(
  journal: Journal,
  count: number,
  startTs: number,
  progress: (done: number) => void = () => {},
): void {
  const batch = 2_000;
  const from = journal.count();
  for (let done = 0; done < count; ) {
    const n = Math.min(batch, count - done);
    journal.appendMany(Array.from({ length: n }, (_, i) => syntheticEvent(from + done + i + 1, startTs)));
    done += n;
    if (done % 500_000 < batch) progress(done);
  }
}
