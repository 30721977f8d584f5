import { deskDayEvents, stormEvents } from '../../bench/desk-years';
import { syntheticFleet, syntheticMonth } from '../../bench/report-month';
import type { DeskClock } from '../../electron/alarms/clock';
import { snapshotFile } from '../../electron/duty-snapshot/file';
import type { Journal } from '../../electron/store/journal';
import { startDuty } from '../../electron/workorders/duty';
import type { JournalInput } from '../../shared/journal/event';
import { DEFAULT_SLA_SETTINGS } from '../../shared/triage/sla';
import { deriveSeed, mulberry32 } from '../../sim/random';
import { falseBreaches } from './duty-breaches';
import { capture } from './log-lines';

/** Random journals of a small fleet's month and desks restarted on them, for the snapshot + tail ≡ replay tests. */

export const FROM = Date.UTC(2026, 5, 1) - 8 * 3_600_000;
export const TO = Date.UTC(2026, 6, 1) - 8 * 3_600_000;
export const fleet = syntheticFleet(2);

/** A desk clock standing still at `t`: no deadline fires, so two desks compared at `t` see the same. */
export const stillAt = (t: number): DeskClock => ({ now: () => t, after: () => () => {} });

/** A duty desk on the journal, restored, at desk time `t`; `snapshot` false replays the whole journal. */
export function desk(journal: Journal, t: number, snapshot: boolean) {
  const { log, lines } = capture();
  const duty = startDuty({
    journal,
    emit: () => {},
    log,
    sla: DEFAULT_SLA_SETTINGS,
    clock: stillAt(t),
    snapshotFile: snapshot ? snapshotFile(journal.file) : null,
    snapshotFromEvents: 0,
  });
  const before = journal.count();
  duty.setFleet(fleet.stations, fleet.devices, new Map(), DEFAULT_SLA_SETTINGS);
  duty.restore();
  const actor = { user: 'duty-test', role: 'monitor' } as const;
  // The lists as they stand once the closed orders a snapshot start left in the journal are back.
  const state = async () => ({
    archived: await duty.archived(),
    alarms: await duty.api['alarms.list']({}, actor),
    workOrders: await duty.api['workorders.list']({}, actor),
    applications: await duty.api['applications.list']({}, actor),
  });
  /** The breaches the restart journalled that its own restored clocks do not show. */
  const unbacked = async () => {
    const { alarms, workOrders } = await state();
    const journalled = journal.read({ afterSeq: before, limit: 1_000_000 });
    return falseBreaches(journalled, { alarms: alarms.alarms, workOrders: workOrders.workOrders });
  };
  return { duty, lines, state, unbacked };
}

/**
 * A month of the fleet's records with the desk's own, in journal order,
 * from `seed`; on odd seeds the desk clock steps somewhere in it (an NTP
 * correction): back an hour, or forward a day, and every later event is
 * stamped by the stepped clock.
 */
export function month(seed: number): JournalInput[] {
  const rng = mulberry32(deriveSeed(seed, 'desk'));
  const events = [
    ...syntheticMonth(fleet, FROM, TO, seed).events,
    ...stormEvents(fleet, FROM, TO, rng),
    ...deskDayEvents(FROM, TO, rng),
  ].sort((a, b) => (a.ts ?? 0) - (b.ts ?? 0));
  if (seed % 2 === 0) return events;
  const at = Math.floor(events.length * rng());
  const step = seed % 4 === 1 ? -3_600_000 : 86_400_000;
  return events.map((e, i) => (i < at ? e : { ...e, ts: (e.ts ?? 0) + step }));
}

export const withoutIds = <T>(value: T): T =>
  JSON.parse(JSON.stringify(value, (key, v) => (key === 'journalId' ? undefined : v)));
