import type { Actor, JsonValue } from '../../shared/journal/event';

/** A journalled event as the alarm and duty services get it back on start. */
export type RecordedEvent = {
  id: string;
  type: string;
  subject: string;
  data: JsonValue;
  reason: string | null;
  actor: Actor;
  ts: number;
};

/** The object fields of a recorded event's data; anything else reads as empty. */
export function asRecord(data: JsonValue): Record<string, JsonValue> {
  return data !== null && typeof data === 'object' && !Array.isArray(data) ? data : {};
}
