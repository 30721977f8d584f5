import type { ShiftEvent, ShiftReport } from '../api/reports';
import { HANDOVER_EVENT } from '../handover/events';
import type { Shift } from '../handover/schedule';
import type { JsonValue } from '../journal/event';
import { Tier } from '../triage/tiers';
import { type ReportEvent, SESSION_EVENT } from './facts';
import { kpi } from './kpi';

/** How many events of one shift the report lists; the counts cover all of them. */
export const SHIFT_EVENT_LIMIT = 500;

type Data = Record<string, JsonValue>;
const record = (data: JsonValue): Data =>
  data !== null && typeof data === 'object' && !Array.isArray(data) ? data : {};
const word = (v: JsonValue | undefined) => (v === undefined || v === null ? '' : String(v));

const annunciated = (e: ReportEvent) => {
  const d = record(e.data);
  return (
    e.type.startsWith('alarm.') && d.to === 'active-unacknowledged' && d.from !== 'active-unacknowledged'
  );
};

/** A few words for one event in the shift's list: codes and ids, which read the same in both languages. */
function summary(e: ReportEvent): string {
  const d = record(e.data);
  if (e.type.startsWith('alarm.')) {
    const move = d.from && d.to ? ` ${word(d.from)} → ${word(d.to)}` : '';
    return `${word(d.cause)}${move}${e.reason ? ` · ${e.reason}` : ''}`.trim();
  }
  if (e.type.startsWith('workorder.')) return [word(d.detail), e.reason ?? ''].filter(Boolean).join(' · ');
  if (e.type.startsWith('application.'))
    return [word(d.kind), word(d.reason), e.reason ?? ''].filter(Boolean).join(' · ');
  if (e.type === SESSION_EVENT) {
    const kwh = typeof d.energyKwh === 'number' ? d.energyKwh.toFixed(2) : '?';
    return `gun ${word(d.gun)} · ${kwh} kWh · ${word(d.endState)}`;
  }
  if (e.type.startsWith('device.write')) {
    const outcome = d.outcome ? ` · ${word(d.outcome)}` : '';
    return `${word(d.key)} = ${word(d.value)}${outcome}${e.reason ? ` · ${e.reason}` : ''}`;
  }
  return e.reason ?? '';
}

/**
 * One shift from the journal: what was raised, acknowledged, dispatched,
 * filed, charged and controlled between its start and its end (or now),
 * and where its handover record stands. `handover` are the events of its
 * record (subject handover/<shift id>), wherever in time they were written.
 */
export function shiftReport(input: {
  shift: Shift;
  events: readonly ReportEvent[];
  handover: readonly ReportEvent[];
  now: number;
}): ShiftReport {
  const { shift } = input;
  const events = input.events.filter((e) => e.ts >= shift.startsAt && e.ts < shift.endsAt);
  const count = (test: (e: ReportEvent) => boolean) => events.filter(test).length;
  const of = (type: string) => (e: ReportEvent) => e.type === type;
  const J = 'journal: ';

  const raised = events.filter(annunciated);
  const sessions = events.filter(of(SESSION_EVENT));
  const energy = sessions.reduce((n, e) => {
    const kwh = record(e.data).energyKwh;
    return n + (typeof kwh === 'number' ? kwh : 0);
  }, 0);

  const perAlarm = new Map<string, { e: ReportEvent; count: number }>();
  for (const e of raised) {
    const entry = perAlarm.get(e.subject) ?? { e, count: 0 };
    entry.count++;
    perAlarm.set(e.subject, entry);
  }
  const top = [...perAlarm.values()]
    .sort((a, b) => b.count - a.count || a.e.subject.localeCompare(b.e.subject))
    .slice(0, 10)
    .map(({ e, count }) => {
      const d = record(e.data);
      return {
        alarmId: e.subject,
        cause: word(d.cause),
        deviceId: typeof d.deviceId === 'string' ? d.deviceId : null,
        stationId: word(d.stationId),
        count,
        share: count / raised.length,
      };
    });

  const signed = input.handover.find(of(HANDOVER_EVENT.signed));
  const accepted = input.handover.find(of(HANDOVER_EVENT.accepted));
  const listed: ShiftEvent[] = [...events]
    .sort((a, b) => b.ts - a.ts)
    .slice(0, SHIFT_EVENT_LIMIT)
    .map((e) => ({ ts: e.ts, type: e.type, subject: e.subject, by: e.actor.user, summary: summary(e) }));

  return {
    shift,
    generatedAt: input.now,
    counts: [
      kpi('alarmsAnnunciated', raised.length, 'count', `${J}alarm events entering active-unacknowledged`),
      kpi('alarmsAcked', count(of('alarm.acked')), 'count', `${J}alarm.acked`),
      kpi('alarmsShelved', count(of('alarm.shelved')), 'count', `${J}alarm.shelved`),
      kpi('alarmsCleared', count(of('alarm.cleared')), 'count', `${J}alarm.cleared`),
      kpi(
        'slaBreaches',
        count((e) => e.type === 'alarm.sla-breached' || e.type === 'workorder.sla-breached'),
        'count',
        `${J}alarm.sla-breached, workorder.sla-breached`,
      ),
      kpi('workOrdersCreated', count(of('workorder.created')), 'count', `${J}workorder.created`),
      kpi('workOrdersDispatched', count(of('workorder.dispatched')), 'count', `${J}workorder.dispatched`),
      kpi('workOrdersResolved', count(of('workorder.resolved')), 'count', `${J}workorder.resolved`),
      kpi('workOrdersAccepted', count(of('workorder.accepted')), 'count', `${J}workorder.accepted`),
      kpi('applicationsFiled', count(of('application.filed')), 'count', `${J}application.filed`),
      kpi(
        'applicationsDecided',
        count((e) => e.type === 'application.approved' || e.type === 'application.rejected'),
        'count',
        `${J}application.approved, application.rejected`,
      ),
      kpi('sessions', sessions.length, 'count', `${J}${SESSION_EVENT}`),
      kpi('energy', energy, 'kWh', `${J}${SESSION_EVENT} energyKwh`),
      kpi('remoteControls', count(of('device.write.requested')), 'count', `${J}device.write.requested`),
      kpi('configChanges', count(of('config.changed')), 'count', `${J}config.changed`),
    ],
    alarmsByTier: Tier.options.map((tier) => ({
      tier,
      count: raised.filter((e) => record(e.data).tier === tier).length,
    })),
    top,
    handover: {
      state: accepted ? 'accepted' : signed ? 'signed' : input.handover.length > 0 ? 'draft' : 'none',
      signedBy: signed?.actor.user ?? null,
      acceptedBy: accepted?.actor.user ?? null,
      notes: input.handover.filter(of(HANDOVER_EVENT.note)).length,
      checks: input.handover.filter(of(HANDOVER_EVENT.check)).length,
    },
    events: listed,
    more: events.length > listed.length,
  };
}
