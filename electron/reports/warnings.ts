import type { JournalEvent } from '../../shared/journal/event';
import {
  CONFIRM_WITHIN_MS,
  type DeviceFault,
  type MonthlyWarnings,
  monthlyWarnings,
  WarningEvent,
} from '../../shared/warning/monthly';
import type { Journal } from '../store/journal';
import { readAll, seqBefore } from './journal-reader';

/** The warning events the month's counts read; `warning.cleared` changes none of them. */
const WARNING_TYPES = ['warning.raised', 'warning.acted', 'warning.dismissed'] as const;

/**
 * The monthly report's early-warning counts: the warnings raised in
 * [from, to), what was done about them whenever it was done, and whether an
 * alarm at the same device (or gateway) followed within CONFIRM_WITHIN_MS.
 * Read by type from the month's start on, so the cost is the month's and
 * the following weeks' warnings and alarms, not the desk's age.
 */
export function monthWarnings(journal: Journal, from: number, to: number): MonthlyWarnings {
  const start = seqBefore(journal, from);
  const events: WarningEvent[] = [];
  for (const type of WARNING_TYPES)
    for (const e of readAll(journal, { type }, start)) {
      const parsed = WarningEvent.safeParse(e.data);
      if (parsed.success) events.push(parsed.data);
    }
  const past = (e: JournalEvent) => e.ts >= to + CONFIRM_WITHIN_MS;
  const faults: DeviceFault[] = readAll(journal, { type: 'alarm.raised' }, start, past).map((e) => ({
    deviceId: faultDevice(e),
    atMs: e.ts,
  }));
  return monthlyWarnings(events, faults, from, to);
}

/** The device an alarm is about; a gateway's alarm names no device, its point id is `${gateway}:${cause}`. */
function faultDevice(e: JournalEvent): string {
  const data = (e.data ?? {}) as Record<string, unknown>;
  if (typeof data.deviceId === 'string') return data.deviceId;
  const suffix = typeof data.cause === 'string' ? `:${data.cause}` : null;
  return suffix && e.subject.endsWith(suffix) ? e.subject.slice(0, -suffix.length) : e.subject;
}
