import type { RecordedEvent } from '../alarms/recorded';
import type { Journal } from '../store/journal';

const PAGE = 5_000;

/** The alarm, work-order and application events of the journal, oldest first, for rebuilding state on start. */
export function dutyHistory(journal: Journal): RecordedEvent[] {
  const events: RecordedEvent[] = [];
  for (let afterSeq = 0; ; ) {
    const page = journal.read({ afterSeq, limit: PAGE });
    for (const e of page) {
      if (
        e.type.startsWith('alarm.') ||
        e.type.startsWith('workorder.') ||
        e.type.startsWith('application.')
      ) {
        events.push({
          id: e.id,
          type: e.type,
          subject: e.subject,
          data: e.data,
          reason: e.reason,
          actor: e.actor,
          ts: e.ts,
        });
      }
    }
    const last = page.at(-1);
    if (!last || page.length < PAGE) return events;
    afterSeq = last.seq;
  }
}
