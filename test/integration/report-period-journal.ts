import { deskDayEvents, stormEvents } from '../../bench/desk-years';
import { type SyntheticFleet, syntheticMonth } from '../../bench/report-month';
import type { JournalInput } from '../../shared/journal/event';
import { RULES_EVENT } from '../../shared/report/rules';
import { SHAOXING_PRESET } from '../../shared/triage/sla';
import { deriveSeed, mulberry32, type Rng } from '../../sim/random';

/**
 * Random journals over several months for the period-report property test
 * (report-period.test.ts): the synthetic months of bench/, and on top of
 * them what a month of tidy faults never has — alarms that stand, are
 * shelved, suppressed or taken out of service across month ends, raised
 * again the very millisecond they returned to normal, closed and raised
 * again; work orders accepted months after they were opened, ids used
 * twice, steps of orders never created; outages, decommissions and
 * exemptions that span months; configuration revisions. On odd seeds the
 * desk clock steps back an hour part-way.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SYSTEM = { user: 'dutydesk', role: 'system' };
const MONITOR = { user: 'mon-a', role: 'monitor' };
const LEAD = { user: 'lead-b', role: 'shift-lead' };

type Walk = { state: string; condition: boolean };

const HIDDEN = new Set(['shelved', 'suppressed-by-design', 'out-of-service']);

/** One step of an alarm point's state machine, picked at random among those that apply. */
function step(rng: Rng, walk: Walk): { type: string; to: string | null } {
  const { state, condition } = walk;
  const options: { type: string; to: string | null }[] = [];
  if (!condition)
    options.push({ type: 'alarm.raised', to: HIDDEN.has(state) ? state : 'active-unacknowledged' });
  if (condition) {
    const to =
      state === 'active-unacknowledged'
        ? 'returned-unacknowledged'
        : state === 'active-acknowledged'
          ? 'normal'
          : state;
    options.push({ type: 'alarm.cleared', to });
  }
  if (state === 'active-unacknowledged') options.push({ type: 'alarm.acked', to: 'active-acknowledged' });
  if (state === 'returned-unacknowledged') options.push({ type: 'alarm.acked', to: 'normal' });
  const back = condition ? 'active-unacknowledged' : 'normal';
  if (!HIDDEN.has(state)) {
    options.push({ type: 'alarm.shelved', to: 'shelved' });
    options.push({ type: 'alarm.suppressed', to: 'suppressed-by-design' });
    options.push({ type: 'alarm.removed-from-service', to: 'out-of-service' });
  }
  if (state === 'shelved') options.push({ type: 'alarm.unshelved', to: back });
  if (state === 'suppressed-by-design') options.push({ type: 'alarm.unsuppressed', to: back });
  if (state === 'out-of-service') options.push({ type: 'alarm.returned-to-service', to: back });
  options.push({ type: 'alarm.retiered', to: null });
  if (rng() < 0.03) return { type: 'alarm.closed', to: null };
  return options[Math.floor(rng() * options.length)] ?? { type: 'alarm.retiered', to: null };
}

/** A gap before the next event: often none, mostly minutes to days, now and then weeks. */
function gap(rng: Rng): number {
  const r = rng();
  if (r < 0.12) return 0;
  if (r < 0.6) return Math.round(rng() * 3 * HOUR);
  if (r < 0.9) return Math.round(rng() * 5 * DAY);
  return Math.round(rng() * 40 * DAY);
}

function alarmWalks(rng: Rng, fleet: SyntheticFleet, from: number, to: number): JournalInput[] {
  const events: JournalInput[] = [];
  const devices = fleet.devices.filter(() => rng() < 0.4);
  for (const d of devices) {
    for (const cause of ['fanFault', 'comms.device', 'gun1.faulted']) {
      if (rng() < 0.4) continue;
      const subject = `${d.id}:${cause}`;
      const walk: Walk = { state: 'normal', condition: false };
      for (let t = from + Math.round(rng() * 20 * DAY); t < to; t += gap(rng)) {
        const next = step(rng, walk);
        const tier = next.type === 'alarm.retiered' ? 'emergency' : rng() < 0.5 ? 'on-site' : 'remote';
        events.push({
          type: next.type,
          subject,
          ts: t,
          data: {
            from: walk.state,
            ...(next.to === null ? (next.type === 'alarm.retiered' ? { to: tier } : {}) : { to: next.to }),
            cause,
            source: rng() < 0.1 ? 'limit' : 'status',
            deviceId: d.id,
            stationId: d.stationId,
            tier,
            priority: ['low', 'medium', 'high', 'critical'][Math.floor(rng() * 4)] ?? 'low',
            defectClass: 'general',
            ruleId: cause,
          },
          reason: null,
          actor: next.type === 'alarm.acked' ? MONITOR : SYSTEM,
        });
        if (next.type === 'alarm.closed') Object.assign(walk, { state: 'normal', condition: false });
        else {
          if (next.to !== null) walk.state = next.to;
          if (next.type === 'alarm.raised') walk.condition = true;
          if (next.type === 'alarm.cleared') walk.condition = false;
        }
      }
    }
  }
  return events;
}

function orders(rng: Rng, fleet: SyntheticFleet, from: number, to: number): JournalInput[] {
  const events: JournalInput[] = [];
  for (let n = 0; n < 40; n++) {
    const d = fleet.devices[Math.floor(rng() * fleet.devices.length)] ?? fleet.devices[0];
    if (!d) break;
    // Ids from a small pool: some are used twice, months apart.
    const subject = `XO-${Math.floor(rng() * 30)}`;
    let t = from + Math.round(rng() * (to - from));
    const raisedAt = t - Math.round(rng() * 2 * HOUR);
    const created = rng() < 0.9;
    if (created) {
      events.push({
        type: 'workorder.created',
        subject,
        ts: t,
        data: {
          title: 'fault',
          incidents: [{ alarmId: `${d.id}:fanFault`, raisedAt }],
          stationId: d.stationId,
          deviceIds: [d.id],
          tier: rng() < 0.5 ? 'on-site' : 'emergency',
          defectClass: 'serious',
        },
        reason: null,
        actor: MONITOR,
      });
    }
    const steps: [string, Record<string, string | number | string[]>][] = [
      ['dispatched', { crew: ['张工', '李工'] }],
      ['arrived', { checkInAt: 0 }],
      ['resolved', { work: '已处理' }],
      ['accepted', { by: LEAD.user }],
    ];
    if (rng() < 0.15) steps.splice(1 + Math.floor(rng() * 3), 0, ['cancelled', { reason: '重复' }]);
    for (const [type, event] of steps) {
      if (rng() < 0.1) break;
      t += gap(rng);
      if (type === 'arrived') event.checkInAt = t;
      events.push({
        type: `workorder.${type}`,
        subject,
        ts: t,
        data: { event, detail: null, stationId: d.stationId },
        reason: null,
        actor: type === 'accepted' ? LEAD : MONITOR,
      });
    }
  }
  return events;
}

function applicationEvents(rng: Rng, fleet: SyntheticFleet, from: number, to: number): JournalInput[] {
  const events: JournalInput[] = [];
  for (let n = 0; n < 14; n++) {
    const station = fleet.stations[Math.floor(rng() * fleet.stations.length)];
    if (!station) break;
    const deviceIds = fleet.devices.filter((d) => d.stationId === station.id && rng() < 0.5).map((d) => d.id);
    const subject = `XA-${Math.floor(rng() * 10)}`;
    const kind = ['outage', 'decommission', 'exemption', 'resume'][Math.floor(rng() * 4)] ?? 'outage';
    let t = from + Math.round(rng() * (to - from));
    const span: Record<string, number | null> =
      kind === 'exemption' ? { from: t + gap(rng), until: rng() < 0.2 ? null : t + 60 * DAY * rng() } : {};
    events.push({
      type: 'application.filed',
      subject,
      ts: t,
      data: {
        kind,
        target: { deviceId: deviceIds[0] ?? '' },
        deviceIds,
        stationId: station.id,
        reason: 'other-external',
        note: '',
        ...span,
      },
      reason: null,
      actor: MONITOR,
    });
    const decision = ['approved', 'approved', 'approved', 'rejected', 'withdrawn', null][
      Math.floor(rng() * 6)
    ];
    if (!decision) continue;
    t += gap(rng);
    events.push({
      type: `application.${decision}`,
      subject,
      ts: t,
      data: { kind, from: 'applied', to: decision },
      reason: null,
      actor: LEAD,
    });
    if (decision === 'approved' && rng() < 0.6) {
      t += gap(rng) + gap(rng);
      events.push({
        type: 'application.ended',
        subject,
        ts: t,
        data: { kind, from: 'approved', to: 'ended' },
        reason: null,
        actor: LEAD,
      });
    }
  }
  return events;
}

function revisions(rng: Rng, from: number, to: number): JournalInput[] {
  return [0, 1].map((n) => ({
    type: RULES_EVENT,
    subject: 'desk-config',
    ts: from + Math.round(rng() * (to - from)),
    data: {
      revision: `rev-${n}`,
      sla: { default: n === 0 ? SHAOXING_PRESET.id : 'service-commitment', presetByGroup: {} },
    },
    reason: null,
    actor: SYSTEM,
  }));
}

/** The months from `from` (a month start) to `to`, with everything above, in journal order. */
export function randomJournal(
  fleet: SyntheticFleet,
  months: { from: number; to: number }[],
  seed: number,
): JournalInput[] {
  const rng = mulberry32(deriveSeed(seed, 'period'));
  const from = months[0]?.from ?? 0;
  const to = months.at(-1)?.to ?? 0;
  const events = [
    ...months.flatMap((m, i) => [
      ...syntheticMonth(fleet, m.from, m.to, seed * 100 + i).events,
      ...stormEvents(fleet, m.from, m.to, rng),
      ...deskDayEvents(m.from, m.to, rng),
    ]),
    ...alarmWalks(rng, fleet, from, to),
    ...orders(rng, fleet, from, to),
    ...applicationEvents(rng, fleet, from, to),
    ...revisions(rng, from, to),
  ]
    .filter((e) => (e.ts ?? 0) < to)
    .sort((a, b) => (a.ts ?? 0) - (b.ts ?? 0));
  if (seed % 2 === 0) return events;
  const at = Math.floor(events.length * rng());
  return events.map((e, i) => (i < at ? e : { ...e, ts: (e.ts ?? 0) - HOUR }));
}
