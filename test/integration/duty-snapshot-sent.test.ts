import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readSnapshot, snapshotFile } from '../../electron/duty-snapshot/file';
import { DutySnapshots } from '../../electron/duty-snapshot/start';
import { requestInput } from '../../electron/notify/notifier';
import { Journal } from '../../electron/store/journal';
import { sentHistory } from '../../electron/workorders/follow-up';
import { dutyHistory } from '../../electron/workorders/projection';
import { ESCALATION_SENT, Told } from '../../electron/workorders/steps-sent';
import type { AlarmView, WorkOrderView } from '../../shared/api/contract';
import type { JournalInput, StoredEvent } from '../../shared/journal/event';
import { NOTIFY_ACTOR, NOTIFY_EVENT } from '../../shared/notify/events';
import { mulberry32 } from '../../sim/random';
import { desk, FROM, month, stillAt, withoutIds } from '../helpers/duty-snapshot-desk';
import { capture } from '../helpers/log-lines';

/**
 * What went out, across snapshot starts (issue 16): a snapshot start reads
 * the notify and escalation events of what is open and the tail, not every
 * one since the desk began. For random journals with escalations and
 * messages journalled between restarts (some still on their way, settled
 * after a later snapshot), it brings back the same escalation steps and
 * follow-ups as a whole replay, so none goes twice and none is lost, and the
 * same notices on every work order's timeline, closed ones included.
 */

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dutydesk-snapshot-sent-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const SYSTEM = { user: 'dutydesk', role: 'system' } as const;
const CHANNEL = 'crew-wecom';

/** One message as planned: its request, and how far it gets now (the rest, if any, at a later turn). */
type Planned = { about: string; refs: Record<string, string>; kind: 'escalation' | 'reminder'; fate: number };

/**
 * What the desk sent for the state it restarted in, drawn from `rng`:
 * escalation steps of the alarms' current incidents (journalled as escalation.sent,
 * some covering several alarms, or as an escalation message) and reminders
 * of work orders.
 */
function plan(rng: () => number, alarms: readonly AlarmView[], orders: readonly WorkOrderView[], t: number) {
  const escalations: JournalInput[] = [];
  const messages: Planned[] = [];
  // Any alarm point's current incident: one acknowledged since keeps its steps as journalled all the same.
  const waiting = alarms;
  for (let i = 0; i < waiting.length; i++) {
    const alarm = waiting[i] as AlarmView;
    if (rng() < 0.4) continue;
    const key = `${alarm.id}|${alarm.raisedAt}`;
    for (let step = 0; step < 1 + Math.floor(rng() * 3); step++) {
      if (rng() < 0.5) {
        const also = waiting.slice(i + 1, i + 1 + Math.floor(rng() * 3));
        escalations.push({
          type: ESCALATION_SENT,
          subject: `escalation:${alarm.stationId}`,
          data: { tier: alarm.tier, step, alarms: [key, ...also.map((a) => `${a.id}|${a.raisedAt}`)] },
          reason: null,
          actor: SYSTEM,
          ts: t,
        });
      } else {
        const refs = { alarm: alarm.id, station: alarm.stationId, count: '1', followUp: `${key}|${step}` };
        messages.push({ about: alarm.id, refs, kind: 'escalation', fate: rng() });
      }
    }
  }
  for (const order of orders) {
    if (rng() < 0.5) continue;
    for (const report of ['arrive', 'status'].slice(0, 1 + Math.floor(rng() * 2))) {
      const refs = {
        workOrder: order.id,
        station: order.stationId,
        followUp: `${order.id}|${report}@${t}:soon`,
      };
      messages.push({ about: order.id, refs, kind: 'reminder', fate: rng() });
    }
  }
  return { escalations, messages };
}

/** An open message: its id and the subject its events are journalled under. */
type Open = { id: string; about: string };

/** A result of an attempt at `message`, as the outbox journals it: under the message's subject. */
function result(type: string, message: Open, t: number, extra: Record<string, unknown> = {}): JournalInput {
  return {
    type,
    subject: message.about,
    data: { message: message.id, channel: CHANNEL, ...extra },
    reason: null,
    actor: NOTIFY_ACTOR,
    ts: t,
  };
}

/**
 * Journals the plan into `journal`: most messages accepted at once, some
 * retrying or queued (open); of those left open by an earlier turn, half
 * settle now. Returns the ids of the messages still open.
 */
function journalPlan(journal: Journal, planned: ReturnType<typeof plan>, open: Open[], t: number): Open[] {
  journal.appendMany(planned.escalations);
  const still: Open[] = [];
  open.forEach((m, i) => {
    if (i % 2 === 0) still.push(m);
    else journal.append(result(NOTIFY_EVENT.accepted, m, t, { attempt: 1, code: null }));
  });
  for (const m of planned.messages) {
    const request = {
      channel: CHANNEL,
      kind: m.kind,
      title: `${m.kind} ${m.about}`,
      body: `${m.kind} for ${m.about}`,
      refs: m.refs,
    };
    const { id } = journal.append(requestInput(request, { subject: m.about, actor: SYSTEM }, t));
    const message = { id, about: m.about };
    if (m.fate < 0.25) {
      still.push(message);
      continue;
    }
    journal.append(result(NOTIFY_EVENT.sending, message, t, { attempt: 1 }));
    if (m.fate < 0.4) {
      const retry = { attempt: 1, code: '503', detail: 'busy', reason: 'transient', retryAt: t + 60_000 };
      journal.append(result(NOTIFY_EVENT.retrying, message, t, { ...retry, uncertain: false }));
      still.push(message);
    } else journal.append(result(NOTIFY_EVENT.accepted, message, t, { attempt: 1, code: null }));
  }
  return still;
}

/** What went out as a start from these events keeps it. */
function told(sent: readonly StoredEvent[], duty: Parameters<Told['restore']>[0]) {
  const kept = new Told();
  kept.restore([...sent, ...duty.filter((e) => e.type === 'workorder.sla-breached')]);
  return kept;
}

describe('what went out: snapshot + tail ≡ full replay', () => {
  for (let seed = 1; seed <= 8; seed++) {
    it(`random journal ${seed}: escalations, reminders and notices across restarts`, async () => {
      const rng = mulberry32(seed * 104_729);
      const all = month(seed + 20);
      const end = Math.floor(all.length * (0.4 + 0.6 * rng()));
      const cuts = Array.from({ length: 2 + Math.floor(rng() * 2) }, () => Math.floor(end * rng())).sort(
        (a, b) => a - b,
      );
      const journal = Journal.open(join(dir, 'journal.sqlite'));
      const control = Journal.open(join(dir, 'control.sqlite'));
      try {
        let written = 0;
        let open: [Open[], Open[]] = [[], []];
        const reader = { user: 'duty-test', role: 'monitor' } as const;
        for (const cut of [...cuts, end]) {
          journal.appendMany(all.slice(written, cut));
          control.appendMany(all.slice(written, cut));
          written = cut;
          const t = all[Math.max(0, cut - 1)]?.ts ?? FROM;
          const restarted = desk(journal, t, true);
          const replayed = desk(control, t, false);
          const alarms = (await replayed.duty.api['alarms.list']({}, reader)).alarms;
          const orders = (await replayed.duty.api['workorders.list']({}, reader)).workOrders;
          restarted.duty.stop();
          replayed.duty.stop();
          // Sent after the snapshot the stop took: the next start finds these in its tail, the one after in its snapshot.
          const planned = plan(rng, alarms, orders, t);
          open = [journalPlan(journal, planned, open[0], t), journalPlan(control, planned, open[1], t)];
        }
        const t = all[end - 1]?.ts ?? FROM;
        const { log } = capture();
        const start = new DutySnapshots({
          journal,
          file: snapshotFile(journal.file),
          log,
          clock: stillAt(t),
          fromEvents: 0,
        }).history();
        expect(start.from).toBe('snapshot');
        const everySent = sentHistory((query) => journal.read(query));
        // It read only what is open: never more than the journal holds, and on these journals less.
        expect(start.sent.length).toBeLessThanOrEqual(everySent.length);
        expect(readSnapshot(snapshotFile(journal.file)).snapshot?.sent.length).toBeLessThan(everySent.length);

        // Both before the desks start: each journals the breaches of deadlines that passed while it was down.
        const mine = told(start.sent, start.events);
        const whole = told(
          sentHistory((query) => control.read(query)),
          dutyHistory(control),
        );
        const fromSnapshot = desk(journal, t, true);
        const replayed = desk(control, t, false);
        const s = withoutIds(await fromSnapshot.state());
        const f = withoutIds(await replayed.state());
        fromSnapshot.duty.stop();
        replayed.duty.stop();
        const byId = <T extends { id: string }>(list: readonly T[]) =>
          [...list].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
        // The notices on every work order's timeline, open or closed (back from the archive), as a whole replay has them.
        // Message ids differ between the two copies of the journal; nothing else may.
        const orders = (list: readonly WorkOrderView[]) =>
          byId(list).map((o) => ({ ...o, notices: o.notices.map(({ id: _id, ...n }) => n) }));
        expect(orders(s.workOrders.workOrders)).toEqual(orders(f.workOrders.workOrders));
        expect(byId(s.alarms.alarms)).toEqual(byId(f.alarms.alarms));
        expect(s.workOrders.workOrders.some((o) => o.notices.length > 0)).toBe(true);

        // The steps each alarm's incident had and the follow-ups each order had: nothing sent twice, nothing lost.
        const steps = (kept: Told) =>
          byId(f.alarms.alarms).map((a) => ({ id: a.id, sent: [...kept.steps.of(a.id, a.raisedAt)] }));
        const followUps = (kept: Told) =>
          byId(f.workOrders.workOrders)
            .filter((o) => !['accepted', 'cancelled'].includes(o.state))
            .map((o) => [o.id, [...kept.followUpsOf(o.id)].sort()]);
        expect(steps(mine)).toEqual(steps(whole));
        expect(followUps(mine)).toEqual(followUps(whole));
        // Escalations were read back on both sides (for the queue's current incidents, or earlier ones).
        expect(mine.steps.size).toBeGreaterThan(0);
        expect(whole.steps.size).toBeGreaterThan(0);
      } finally {
        journal.close();
        control.close();
      }
    }, 120_000);
  }
});
