import type { ShiftEvent, ShiftReport } from '../api/reports';
import { HANDOVER_EVENT } from '../handover/events';
import type { Shift } from '../handover/schedule';
import type { Words } from '../i18n/catalogue';
import { SOURCE_TEXT as SOURCE } from '../i18n/messages/report-sources';
import { causeWords, word } from '../i18n/words';
import type { JsonValue } from '../journal/event';
import { Tier } from '../triage/tiers';
import { type ReportEvent, SESSION_EVENT } from './facts';
import { kpi } from './kpi';
import { METER_ANOMALY_EVENT } from './meter-reconcile';

/** How many events of one shift the report lists; the counts cover all of them. */
export const SHIFT_EVENT_LIMIT = 500;

type Data = Record<string, JsonValue>;
const record = (data: JsonValue): Data =>
  data !== null && typeof data === 'object' && !Array.isArray(data) ? data : {};
const asText = (v: JsonValue | undefined) => (v === undefined || v === null ? '' : String(v));

const annunciated = (e: ReportEvent) => {
  const d = record(e.data);
  return (
    e.type.startsWith('alarm.') && d.to === 'active-unacknowledged' && d.from !== 'active-unacknowledged'
  );
};

/** What a shift counts, in the order it lists them: the count, where it comes from, the event types it counts. */
const COUNTED: readonly (readonly [id: string, source: keyof typeof SOURCE, types: readonly string[]])[] = [
  ['alarmsAnnunciated', 'annunciated', []],
  ['alarmsAcked', 'acked', ['alarm.acked']],
  ['alarmsShelved', 'shelved', ['alarm.shelved']],
  ['alarmsCleared', 'cleared', ['alarm.cleared']],
  ['slaBreaches', 'slaBreaches', ['alarm.sla-breached', 'workorder.sla-breached']],
  ['workOrdersCreated', 'workOrderCreated', ['workorder.created']],
  ['workOrdersDispatched', 'workOrderDispatched', ['workorder.dispatched']],
  ['workOrdersResolved', 'workOrderResolved', ['workorder.resolved']],
  ['workOrdersAccepted', 'workOrderAccepted', ['workorder.accepted']],
  ['applicationsFiled', 'applicationFiled', ['application.filed']],
  ['applicationsDecided', 'applicationsDecided', ['application.approved', 'application.rejected']],
  ['sessions', 'sessionEvents', [SESSION_EVENT]],
  ['energy', 'sessionEnergyEvents', [SESSION_EVENT]],
  ['remoteControls', 'remoteControls', ['device.write.requested']],
  ['configChanges', 'configChanges', ['config.changed']],
];

/** A record's words for the event list: the catalogue's, and a written point's label in its device's profile. */
export type ShiftWords = { t: Words; point(deviceId: string, key: string): string };

/**
 * A few words for one event in the shift's list. Without `words`, codes
 * and ids, which read the same in both languages (the screen's list); with
 * them, the catalogue's words for causes, states, kinds and outcomes and
 * the profile's name of a written point (a record in one language).
 */
function summary(e: ReportEvent, words: ShiftWords | null): string {
  const t = words?.t ?? null;
  const d = record(e.data);
  const say = (prefix: string, v: JsonValue | undefined) => (t ? word(t, prefix, asText(v)) : asText(v));
  const reason = e.reason ?? '';
  if (e.type.startsWith('alarm.')) {
    const cause = t ? causeWords(asText(d.cause), t) : asText(d.cause);
    const move = d.from && d.to ? ` ${say('alarms.state', d.from)} → ${say('alarms.state', d.to)}` : '';
    return `${cause}${move}${reason ? ` · ${reason}` : ''}`.trim();
  }
  if (e.type.startsWith('workorder.')) return [asText(d.detail), reason].filter(Boolean).join(' · ');
  if (e.type.startsWith('application.'))
    return [say('app.kind', d.kind), say('app.reason', d.reason), reason].filter(Boolean).join(' · ');
  if (e.type === SESSION_EVENT) {
    const kwh = typeof d.energyKwh === 'number' ? d.energyKwh.toFixed(2) : '?';
    if (d.reconstructed === true)
      return t ? t('journal.session.reconstructed', { kwh }) : `reconstructed · ${kwh} kWh`;
    if (!t) return `gun ${asText(d.gun)} · ${kwh} kWh · ${asText(d.endState)}`;
    const gun = t('gun.name', { n: asText(d.gun) });
    return t('journal.session', { gun, kwh, state: say('gun', d.endState) });
  }
  if (e.type === METER_ANOMALY_EVENT) {
    const kwh = (v: JsonValue | undefined) => (typeof v === 'number' ? v.toFixed(1) : '?');
    const figures = { expected: kwh(record(d.counter ?? null).expectedKwh), read: kwh(d.accountedKwh) };
    return t
      ? t('journal.meterAnomaly', figures)
      : `expected ${figures.expected} kWh · read ${figures.read} kWh`;
  }
  if (e.type.startsWith('device.write')) {
    const outcome = d.outcome ? ` · ${say('journal.outcome', d.outcome)}` : '';
    const point = words ? words.point(asText(d.deviceId), asText(d.key)) : asText(d.key);
    return `${point} = ${asText(d.value)}${outcome}${reason ? ` · ${reason}` : ''}`;
  }
  return reason;
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
  /** The record's words for the event list; without them, the codes the screen lists. */
  words?: ShiftWords;
}): ShiftReport {
  const { shift } = input;
  const events = input.events.filter((e) => e.ts >= shift.startsAt && e.ts < shift.endsAt);
  const count = (test: (e: ReportEvent) => boolean) => events.filter(test).length;
  const of = (type: string) => (e: ReportEvent) => e.type === type;

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
        cause: asText(d.cause),
        deviceId: typeof d.deviceId === 'string' ? d.deviceId : null,
        stationId: asText(d.stationId),
        count,
        share: count / raised.length,
      };
    });

  // What the shift heard (raises that reached the operator) and charged are not plain counts of event types.
  const value = (id: string, types: readonly string[]) =>
    id === 'alarmsAnnunciated'
      ? raised.length
      : id === 'energy'
        ? energy
        : count((e) => types.includes(e.type));

  const signed = input.handover.find(of(HANDOVER_EVENT.signed));
  const accepted = input.handover.find(of(HANDOVER_EVENT.accepted));
  const listed: ShiftEvent[] = [...events]
    .sort((a, b) => b.ts - a.ts)
    .slice(0, SHIFT_EVENT_LIMIT)
    .map((e) => ({
      ts: e.ts,
      type: e.type,
      subject: e.subject,
      by: e.actor.user,
      summary: summary(e, input.words ?? null),
    }));

  return {
    shift,
    generatedAt: input.now,
    counts: COUNTED.map(([id, source, types]) =>
      kpi(id, value(id, types), id === 'energy' ? 'kWh' : 'count', SOURCE[source]),
    ),
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
