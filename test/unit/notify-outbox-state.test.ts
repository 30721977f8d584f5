import { describe, expect, it } from 'vitest';
import type { JournalEvent } from '../../shared/journal/event';
import { NOTIFY_EVENT } from '../../shared/notify/events';
import { OutboxState } from '../../shared/notify/outbox-state';

/** Journal events as the outbox reads them; the projection does not look at hashes. */
function journal() {
  let seq = 0;
  const event = (type: string, data: JournalEvent['data'], id?: string): JournalEvent => {
    seq++;
    return {
      id: id ?? `0190b6a0-0000-7000-8000-${String(seq).padStart(12, '0')}`,
      seq,
      ts: seq * 1000,
      desk: 'desk',
      actor: { user: 'dutydesk', role: 'system' },
      type,
      subject: 'WO-0001',
      data,
      reason: null,
      prevHash: '0'.repeat(64),
      hash: '0'.repeat(64),
    };
  };
  const requested = (channel: string, title: string) =>
    event(NOTIFY_EVENT.requested, { channel, kind: 'dispatch', title, body: `${title} body` });
  const step = (
    type: string,
    message: JournalEvent,
    extra: Record<string, string | number | boolean | null>,
  ) => event(type, { message: message.id, channel: (message.data as { channel: string }).channel, ...extra });
  return { requested, step };
}

describe('OutboxState', () => {
  it('keeps each channel in request order and moves on only when the head settles', () => {
    const j = journal();
    const state = new OutboxState();
    const a = j.requested('wecom', 'A');
    const b = j.requested('sms', 'B');
    const c = j.requested('wecom', 'C');
    for (const e of [a, b, c]) state.apply(e);
    expect(state.head('wecom')?.title).toBe('A');
    expect(state.head('sms')?.title).toBe('B');
    expect(state.pending().map((m) => m.title)).toEqual(['A', 'B', 'C']);
    state.apply(j.step(NOTIFY_EVENT.sending, a, { attempt: 1 }));
    state.apply(
      j.step(NOTIFY_EVENT.retrying, a, {
        attempt: 1,
        code: 'http-503',
        detail: 'down',
        reason: 'transient',
        retryAt: 99_000,
        uncertain: false,
      }),
    );
    expect(state.head('wecom')).toMatchObject({
      title: 'A',
      state: 'retrying',
      nextAttemptAt: 99_000,
      failures: 1,
    });
    state.apply(j.step(NOTIFY_EVENT.sending, a, { attempt: 2 }));
    state.apply(j.step(NOTIFY_EVENT.accepted, a, { attempt: 2, code: '0' }));
    expect(state.head('wecom')?.title).toBe('C');
    expect(state.get(a.id)).toMatchObject({ state: 'accepted', attempts: 2, mayDuplicate: false, code: '0' });
    expect(state.pendingCount()).toBe(2);
    expect(state.position(state.get(c.id) as never)).toBe(0);
  });

  it('marks a message sent again after a cut-off attempt as a possible duplicate', () => {
    const j = journal();
    const state = new OutboxState();
    const a = j.requested('wecom', 'A');
    state.apply(a);
    state.apply(j.step(NOTIFY_EVENT.sending, a, { attempt: 1 }));
    // The desk died here; on restart the message is still open, its last attempt unknown.
    expect(state.get(a.id)).toMatchObject({ state: 'sending', lastUncertain: true, mayDuplicate: false });
    state.apply(j.step(NOTIFY_EVENT.sending, a, { attempt: 2 }));
    state.apply(j.step(NOTIFY_EVENT.accepted, a, { attempt: 2, code: '0' }));
    expect(state.get(a.id)).toMatchObject({ state: 'accepted', mayDuplicate: true });
  });

  it('says a known refusal or a rate limit is no duplicate, a timeout is', () => {
    const j = journal();
    const state = new OutboxState();
    const a = j.requested('wecom', 'A');
    state.apply(a);
    const retry = (uncertain: boolean, attempt: number) =>
      j.step(NOTIFY_EVENT.retrying, a, {
        attempt,
        code: 'x',
        detail: 'x',
        reason: 'rate-limit',
        retryAt: 0,
        uncertain,
      });
    state.apply(j.step(NOTIFY_EVENT.sending, a, { attempt: 1 }));
    state.apply(retry(false, 1));
    state.apply(j.step(NOTIFY_EVENT.sending, a, { attempt: 2 }));
    expect(state.get(a.id)?.mayDuplicate).toBe(false);
    state.apply(retry(true, 2));
    state.apply(j.step(NOTIFY_EVENT.sending, a, { attempt: 3 }));
    expect(state.get(a.id)?.mayDuplicate).toBe(true);
  });

  it('replays from the oldest open request, and past everything once all is settled', () => {
    const j = journal();
    const state = new OutboxState();
    const a = j.requested('wecom', 'A');
    const b = j.requested('wecom', 'B');
    state.apply(a);
    state.apply(b);
    expect(state.replayFrom()).toBe(a.seq);
    state.apply(
      j.step(NOTIFY_EVENT.refused, a, { attempt: 1, code: '93000', detail: 'invalid webhook url' }),
    );
    expect(state.replayFrom()).toBe(b.seq);
    const done = j.step(NOTIFY_EVENT.cancelled, b, {});
    state.apply(done);
    expect(state.replayFrom()).toBe(done.seq + 1);
    expect(state.get(a.id)).toMatchObject({ state: 'refused', code: '93000' });
    expect(state.settled().map((m) => m.title)).toEqual(['B', 'A']);
  });

  it('ignores a request seen twice, results for messages it never saw, and malformed data', () => {
    const j = journal();
    const state = new OutboxState();
    const a = j.requested('wecom', 'A');
    expect(state.apply(a)).not.toBeNull();
    expect(state.apply(a)).toBeNull();
    const stranger = j.requested('wecom', 'X');
    expect(state.apply(j.step(NOTIFY_EVENT.accepted, stranger, { attempt: 1, code: '0' }))).toBeNull();
    expect(state.apply({ ...j.requested('wecom', 'Y'), data: { channel: 'wecom' } })).toBeNull();
    expect(state.pendingCount()).toBe(1);
  });
});
