import type { JournalEntry } from '../../electron/alarms/recorded';
import { AlarmService, type AlarmServiceOptions } from '../../electron/alarms/service';
import { AlarmsDelta } from '../../shared/api/contract';

/** An alarm service under test, with what it journalled and the deltas it sent, in order. */
export type RecordingAlarmService = { service: AlarmService; journal: JournalEntry[]; deltas: AlarmsDelta[] };

/**
 * An alarm service whose journal is an array and whose deltas are kept, each
 * checked against the contract on the way as the desk's client would; further
 * options (rules, SLA settings) as the test needs.
 */
export function recordingAlarmService(
  options: Omit<AlarmServiceOptions, 'journal' | 'onDelta'> = {},
): RecordingAlarmService {
  const journal: JournalEntry[] = [];
  const deltas: AlarmsDelta[] = [];
  const service = new AlarmService({
    ...options,
    journal: { appendMany: (entries) => journal.push(...entries) },
    onDelta: (d) => deltas.push(AlarmsDelta.parse(d)),
  });
  return { service, journal, deltas };
}
