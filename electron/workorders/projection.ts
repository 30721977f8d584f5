import { isDutyType } from '../../shared/duty/snapshot-subjects';
import type { StoredEvent } from '../../shared/journal/event';
import type { RecordedEvent } from '../alarms/recorded';
import type { Journal } from '../store/journal';

const PAGE = 5_000;

/** A journal event as the duty services replay it: without its place in the chain. */
export const recordedOf = (e: StoredEvent): RecordedEvent => ({
  id: e.id,
  type: e.type,
  subject: e.subject,
  data: e.data,
  reason: e.reason,
  actor: e.actor,
  ts: e.ts,
});

/** The alarm, work-order and application events of the journal, oldest first, for rebuilding state on start. */
export function dutyHistory(journal: Journal): RecordedEvent[] {
  const events: RecordedEvent[] = [];
  for (let afterSeq = 0; ; ) {
    const page = journal.read({ afterSeq, limit: PAGE });
    for (const e of page) if (isDutyType(e.type)) events.push(recordedOf(e));
    const last = page.at(-1);
    if (!last || page.length < PAGE) return events;
    afterSeq = last.seq;
  }
}
