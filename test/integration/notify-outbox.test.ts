import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readCheckpoint } from '../../electron/notify/checkpoint';
import { NOTIFY_EVENT } from '../../shared/notify/events';
import { LINK_AT_SEND } from '../../shared/notify/text';
import { type NotifyDesk, notice, Opened, smsChannel, startNotifyDesk } from '../helpers/notify-desk';
import { type Sink, startSmsSink, startWecomSink } from '../helpers/notify-sinks';
import { until } from '../helpers/until';

/**
 * The durable outbox: requests journalled first, delivered in order per
 * channel, at least once, through outages, restarts and bad configuration,
 * with every attempt and result journalled.
 */

const KEY = 'wecom-key-outbox';
const SMS_SECRET = 'sms-secret-outbox';

let desk: NotifyDesk | null = null;
const opened = new Opened();

afterEach(async () => {
  desk = null;
  await opened.closeAll();
});

async function robots() {
  const wecom = await startWecomSink(KEY, { now: () => desk?.clock.now() ?? Date.now() });
  const sms = await startSmsSink(SMS_SECRET);
  opened.keep(wecom);
  opened.keep(sms);
  const channels = [
    { id: 'crew', type: 'wecom', url: wecom.url, key: KEY },
    smsChannel('sms', sms.url, SMS_SECRET),
  ];
  return { wecom, sms, channels };
}

const numbers = (sink: Sink) =>
  sink.received.map((r) => Number(/#(\d+)/.exec(JSON.stringify(r.body))?.[1] ?? Number.NaN));

describe('notification outbox', () => {
  it('holds a channel through a 10-minute provider outage and delivers everything in order after it; other channels go on', async () => {
    const { wecom, sms, channels } = await robots();
    desk = opened.keep(await startNotifyDesk(channels));
    const { notifier, clock } = desk;
    wecom.mode = 'down';
    const start = clock.now();
    const ids = [1, 2, 3, 4, 5].map((n) => notifier.request(notice('crew', n), { subject: `WO-${n}` }).id);
    notifier.request(notice('sms', 6, { mobiles: ['13700003333'] }), { subject: 'WO-6' });
    await sms.waitFor(1);
    const head = () => notifier.message(ids[0] as string);
    // Just past the next try: the skipping clock also runs in real time, so its timers can land a millisecond late.
    const toNextTry = () => clock.skip((head()?.nextAttemptAt ?? clock.now()) - clock.now() + 10);
    // Ten minutes of desk time, each retry let through as it comes due.
    for (;;) {
      await until(() => head()?.state === 'retrying', 'the failed attempt journalled');
      if (clock.now() - start >= 600_000) break;
      const attempts = head()?.attempts ?? 0;
      toNextTry();
      await until(() => (head()?.attempts ?? 0) > attempts, 'the next attempt');
    }
    expect(wecom.received).toEqual([]);
    expect(notifier.pendingCount('crew')).toBe(5);
    expect(notifier.pending().map((m) => m.position)).toEqual([0, 1, 2, 3, 4]);
    expect(head()).toMatchObject({ state: 'retrying', code: 'http-503' });

    const retries = desk.events().filter((e) => e.type === NOTIFY_EVENT.retrying);
    const waits = retries.map((e) => (e.data as { retryAt: number }).retryAt - e.ts);
    // Backoff: doubling from 2 s (half of it as jitter) up to the one-minute cap, so ten minutes take a dozen tries, not hundreds.
    expect(waits.slice(0, 4)).toEqual([1500, 3000, 6000, 12_000]);
    expect(Math.max(...waits)).toBe(45_000);
    expect(wecom.requests).toBe(retries.length);
    expect(retries.every((e) => (e.data as { uncertain: boolean }).uncertain === false)).toBe(true);

    wecom.mode = 'ok';
    toNextTry();
    await wecom.waitFor(5);
    expect(numbers(wecom)).toEqual([1, 2, 3, 4, 5]);
    await until(() => notifier.pendingCount() === 0, 'the outbox to empty');
    expect(ids.map((id) => notifier.message(id)?.mayDuplicate)).toEqual([false, false, false, false, false]);
    expect(desk.events().filter((e) => e.type === NOTIFY_EVENT.refused)).toEqual([]);
  });

  it('keeps what is waiting across a restart, in order, with its attempts, and delivers it after', async () => {
    const { wecom, channels } = await robots();
    desk = opened.keep(await startNotifyDesk(channels));
    wecom.mode = 'down';
    const ids = [1, 2, 3].map(
      (n) => desk?.notifier.request(notice('crew', n), { subject: `WO-${n}` }).id as string,
    );
    await until(() => desk?.notifier.message(ids[0] as string)?.state === 'retrying', 'a failed attempt');
    await desk.restart();
    const { notifier, clock } = desk;
    expect(notifier.pending().map((m) => [m.id, m.state, m.attempts])).toEqual([
      [ids[0], 'retrying', 1],
      [ids[1], 'queued', 0],
      [ids[2], 'queued', 0],
    ]);
    wecom.mode = 'ok';
    clock.skip(60_000);
    await wecom.waitFor(3);
    expect(numbers(wecom)).toEqual([1, 2, 3]);
    await until(() => notifier.pendingCount() === 0, 'the outbox to empty');

    // Settled: the checkpoint moves past it all, so the next start replays nothing old.
    await desk.restart();
    const file = join(desk.dir, 'notify-outbox.json');
    const lastNotify = desk.events().at(-1)?.seq ?? 0;
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ fromSeq: lastNotify + 1 });
    const idAt = (seq: number) => desk?.journal.read({ afterSeq: seq - 1, limit: 1 })[0]?.id ?? null;
    expect(readCheckpoint(file, desk.journal.deskId, idAt)).toBe(lastNotify + 1);
    // A checkpoint for other events at those seqs (a journal restored from an older backup) is not trusted.
    expect(readCheckpoint(file, desk.journal.deskId, () => 'another-event')).toBe(1);
    expect(readCheckpoint(file, 'another-desk', idAt)).toBe(1);
    expect(desk.notifier.pendingCount()).toBe(0);
  });

  it('sends again after a dropped connection and says the message may have gone twice', async () => {
    const { wecom, channels } = await robots();
    desk = opened.keep(await startNotifyDesk(channels));
    const { notifier, clock } = desk;
    wecom.mode = 'reset';
    const id = notifier.request(notice('crew', 1), { subject: 'WO-1' }).id;
    await until(() => notifier.message(id)?.state === 'retrying', 'the dropped attempt');
    expect(notifier.message(id)).toMatchObject({ code: 'connection-lost', mayDuplicate: false });
    expect(desk.events().at(-1)?.data).toMatchObject({ reason: 'transient', uncertain: true });
    wecom.mode = 'ok';
    clock.skip(5_000);
    await until(() => notifier.message(id)?.state === 'accepted', 'the second attempt');
    expect(notifier.message(id)).toMatchObject({ attempts: 2, mayDuplicate: true });
  });

  it('keeps messages for a misconfigured channel, says which field is wrong, and sends them once it is fixed', async () => {
    const { wecom, channels } = await robots();
    const broken = [{ id: 'crew', type: 'wecom', url: wecom.url }, channels[1]];
    desk = opened.keep(await startNotifyDesk(broken));
    const { notifier } = desk;
    expect(notifier.channels().find((c) => c.id === 'crew')).toMatchObject({
      state: 'misconfigured',
      problem: 'notify.channels[0].key: Invalid input: expected string, received undefined',
    });
    expect(desk.logs.join('\n')).toContain('notify.channels[0].key');
    const waiting = notifier.request(notice('crew', 1), { subject: 'WO-1' });
    expect(waiting).toMatchObject({
      state: 'queued',
      blocked: expect.stringContaining('notify.channels[0].key'),
    });
    notifier.configure({ language: 'zh-CN', timeZone: 'Asia/Shanghai', digestSeconds: 60, channels });
    await wecom.waitFor(1);
    await until(() => notifier.message(waiting.id)?.state === 'accepted', 'delivery after the fix');
    expect(notifier.message(waiting.id)?.blocked).toBeNull();
  });

  it('cancels a waiting message with a reason, journalled, and lets the next one go', async () => {
    const { wecom, channels } = await robots();
    desk = opened.keep(await startNotifyDesk(channels));
    const { notifier, clock } = desk;
    wecom.mode = 'down';
    const stuck = notifier.request(notice('crew', 1), { subject: 'WO-1' });
    const next = notifier.request(notice('crew', 2), { subject: 'WO-2' });
    await until(() => notifier.message(stuck.id)?.state === 'retrying', 'a failed attempt');
    const lead = { user: 'li.qiang', role: 'shift-lead' };
    expect(() => notifier.cancel(stuck.id, ' ', lead)).toThrow(/a reason is required/);
    expect(notifier.cancel(stuck.id, '已电话通知班组', lead)).toMatchObject({ state: 'cancelled' });
    expect(desk.events().find((e) => e.type === NOTIFY_EVENT.cancelled)).toMatchObject({
      type: NOTIFY_EVENT.cancelled,
      actor: lead,
      reason: '已电话通知班组',
    });
    wecom.mode = 'ok';
    clock.skip(1);
    await wecom.waitFor(1);
    expect(numbers(wecom)).toEqual([2]);
    await until(() => notifier.message(next.id)?.state === 'accepted', 'the next message');
    expect(() => notifier.cancel(next.id, 'late', lead)).toThrow(/already accepted/);
  });
});

describe('a link minted at send time', () => {
  it('goes out minted from the message refs, is never journalled, and is left out when it cannot be minted', async () => {
    const { wecom, channels } = await robots();
    desk = opened.keep(await startNotifyDesk(channels));
    const { notifier } = desk;
    const secret = 'https://sync.example.cn/crew/secret-capability';
    notifier.resolveLinks(({ refs }) => (refs.linkable === 'yes' ? `${secret}-${refs.n}` : null));
    const base = notice('crew', 1);
    notifier.request(
      { ...base, body: `${base.body}\n链接：${LINK_AT_SEND}`, refs: { n: '1', linkable: 'yes' } },
      { subject: 'WO-1' },
    );
    const other = notice('crew', 2);
    notifier.request(
      { ...other, body: `${other.body}\n链接：${LINK_AT_SEND}`, refs: { n: '2', linkable: 'no' } },
      { subject: 'WO-2' },
    );
    await wecom.waitFor(2);
    const texts = wecom.received.map(
      (r) => (r.body as { text?: { content: string } }).text?.content ?? JSON.stringify(r.body),
    );
    expect(texts[0]).toContain(`链接：${secret}-1`);
    // Without a link to mint (sync off), the line goes rather than the mark.
    expect(texts[1]).not.toContain('链接');
    expect(texts.join()).not.toContain(LINK_AT_SEND);
    expect(JSON.stringify(desk.events())).not.toContain(secret);
  });
});
