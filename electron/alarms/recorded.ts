import type { Actor, JsonValue } from '../../shared/journal/event';

/** One state change or operator action as the alarm and duty services journal it: who, when, what, why. */
export type JournalEntry = {
  type: string;
  subject: string;
  data: JsonValue;
  reason: string | null;
  actor: Actor;
  ts: number;
};

/** A journalled event as the alarm and duty services get it back on start. */
export type RecordedEvent = JournalEntry & { id: string };

/** State changes the plant or the design logic caused, not a person. */
export const SYSTEM_ACTOR: Actor = { user: 'dutydesk', role: 'system' };

/** The object fields of a recorded event's data; anything else reads as empty. */
export function asRecord(data: JsonValue): Record<string, JsonValue> {
  return data !== null && typeof data === 'object' && !Array.isArray(data) ? data : {};
}

/**
 * Replays each recorded event whose type starts with `prefix`; an event
 * that no longer fits is reported, not fatal, and the rest go on.
 */
export function replayEach(
  events: Iterable<RecordedEvent>,
  prefix: string,
  replay: (event: RecordedEvent) => void,
): string[] {
  const problems: string[] = [];
  for (const e of events) {
    if (!e.type.startsWith(prefix)) continue;
    try {
      replay(e);
    } catch (error) {
      problems.push(`${e.type} ${e.subject}: ${(error as Error).message}`);
    }
  }
  return problems;
}
