import type { RecordedEvent } from '../alarms/recorded';
import type { Journal } from '../store/journal';
import { recordedOf } from '../workorders/projection';
import type { ReplayEntry } from './replay-index';

/** Event heads scanned per slice: a few tens of milliseconds of the engine's thread. */
const HEADS_PER_SLICE = 50_000;
/** Events read and replayed per slice; whole subjects only, so none is seen half-way through its life. */
const EVENTS_PER_SLICE = 3_000;

export type ArchiveParts = {
  journal: Journal;
  /** The snapshot's seq: every archived subject's events are at or before it. */
  upTo: number;
  /** Subjects the start brought back already. */
  restored: ReadonlySet<string>;
  /** Replays the events of whole work orders and applications, in seq order. */
  restore(events: RecordedEvent[]): void;
  /** Tells the snapshot keeper the subject's events, for later snapshots. */
  adopt(subject: string, entry: ReplayEntry): void;
  /** True once the desk is stopping: the rest stays in the journal. */
  stopped(): boolean;
};

const archivable = (type: string) => type.startsWith('workorder.') || type.startsWith('application.');
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Brings back, after the queue, the closed work orders and applications a
 * snapshot start left in the journal, so the lists end up as a whole
 * replay has them. It runs in slices on the engine's thread, yielding
 * between them: first a scan of event heads (seq, type, subject) for
 * which events are whose, then each subject's events read and replayed
 * whole. Closed, they journal nothing and set no clock. Returns how many
 * subjects came back.
 */
export async function bringBackArchive(parts: ArchiveParts): Promise<number> {
  const { journal, upTo, restored } = parts;
  // The queue first: the desk answers before the archive takes its first slice.
  await nextTurn();
  const seqsOf = new Map<string, number[]>();
  for (let after = 0; after < upTo; ) {
    const heads = journal.heads(after, Math.min(HEADS_PER_SLICE, upTo - after));
    const end = heads.at(-1);
    if (!end) break;
    for (const h of heads) {
      if (!archivable(h.type) || restored.has(h.subject)) continue;
      const seqs = seqsOf.get(h.subject);
      if (seqs) seqs.push(h.seq);
      else seqsOf.set(h.subject, [h.seq]);
    }
    after = end.seq;
    await nextTurn();
    if (parts.stopped()) return 0;
  }
  // Subjects in the order they began, a slice of whole subjects at a time.
  const subjects = [...seqsOf];
  for (let i = 0; i < subjects.length; ) {
    const slice: number[] = [];
    for (; i < subjects.length && slice.length < EVENTS_PER_SLICE; i++) {
      const [subject, seqs] = subjects[i] as [string, number[]];
      slice.push(...seqs);
      parts.adopt(subject, { seqs, starts: [] });
    }
    slice.sort((a, b) => a - b);
    parts.restore(journal.readSeqs(slice).map(recordedOf));
    await nextTurn();
    if (parts.stopped()) return i;
  }
  return subjects.length;
}
