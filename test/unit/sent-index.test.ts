import { describe, expect, it } from 'vitest';
import { SentIndex } from '../../electron/duty-snapshot/sent-index';
import { ESCALATION_SENT } from '../../electron/workorders/steps-sent';
import { NOTIFY_EVENT } from '../../shared/notify/events';

/**
 * Which notify and escalation events a duty snapshot names (issue 16): what
 * a start needs so that nothing goes twice and no notice goes missing, and
 * nothing of what is over.
 */

let seq = 0;
const requested = (id: string, refs: Record<string, string>) => ({
  seq: ++seq,
  id,
  type: NOTIFY_EVENT.requested,
  data: { refs },
});
const attempt = (type: string, message: string) => ({ seq: ++seq, id: `e${seq}`, type, data: { message } });
const escalated = (step: number, alarms: string[]) => ({
  seq: ++seq,
  id: `e${seq}`,
  type: ESCALATION_SENT,
  data: { tier: 'on-site', step, alarms },
});

describe('SentIndex', () => {
  it('names every message of the work orders it is asked for, and those still on their way of any other', () => {
    const index = new SentIndex();
    const events = [
      requested('m1', { workOrder: 'WO-1', followUp: 'WO-1|arrive@1:soon' }),
      attempt(NOTIFY_EVENT.sending, 'm1'),
      attempt(NOTIFY_EVENT.accepted, 'm1'),
      requested('m2', { workOrder: 'WO-2' }),
      attempt(NOTIFY_EVENT.sending, 'm2'),
      attempt(NOTIFY_EVENT.retrying, 'm2'),
      requested('m3', { workOrder: 'WO-3' }),
      attempt(NOTIFY_EVENT.cancelled, 'm3'),
      // Neither a work order's nor an escalation's: no start reads it.
      requested('m4', { station: 'st1' }),
    ];
    for (const e of events) index.observe(e);
    const [m1, s1, a1, m2, s2, r2] = events.map((e) => e.seq);
    // WO-2 is not asked for, but its message is still retrying: its next result comes in a later tail.
    expect(index.pick(new Set(['WO-1']))).toEqual([m1, s1, a1, m2, s2, r2]);
    expect(index.pick(new Set())).toEqual([m2, s2, r2]);
  });

  it('keeps only the latest incident of each alarm, as FollowUps does', () => {
    const index = new SentIndex();
    const early = escalated(0, ['a1|100', 'a2|100']);
    const message = requested('m1', { alarm: 'a1', followUp: 'a1|100|1' });
    const settled = attempt(NOTIFY_EVENT.accepted, 'm1');
    const later = escalated(0, ['a1|200']);
    for (const e of [early, message, settled, later]) index.observe(e);
    // a1's first incident is over: its escalation and its settled message are let go; a2's is still its latest.
    expect(index.pick(new Set(['a1']))).toEqual([later.seq]);
    expect(index.pick(new Set(['a2']))).toEqual([early.seq]);
    // A step that is not a whole number marks nothing, so it starts no incident either.
    index.observe(escalated(0.5, ['a1|300']));
    expect(index.pick(new Set(['a1']))).toEqual([later.seq]);
  });

  it('adopts only messages it does not know: those it has, the start brought further', () => {
    const index = new SentIndex();
    const known = requested('m1', { workOrder: 'WO-1' });
    const sent = attempt(NOTIFY_EVENT.sending, 'm1');
    index.observe(known);
    index.observe(sent);
    const old = requested('m0', { workOrder: 'WO-1' });
    index.adopt([old, known, sent, attempt(NOTIFY_EVENT.accepted, 'm1')]);
    expect(index.pick(new Set(['WO-1']))).toEqual([known.seq, sent.seq, old.seq].sort((a, b) => a - b));
  });
});
