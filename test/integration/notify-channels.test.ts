import { afterEach, describe, expect, it } from 'vitest';
import { NotifyError } from '../../electron/notify/notifier';
import { NOTIFY_EVENT } from '../../shared/notify/events';
import { type NotifyDesk, notice, Opened, smsChannel, startNotifyDesk } from '../helpers/notify-desk';
import {
  type Sink,
  startDingtalkSink,
  startFeishuSink,
  startSmsSink,
  startWecomSink,
} from '../helpers/notify-sinks';
import { until } from '../helpers/until';

/**
 * Each channel adapter against a sink that behaves as its provider does:
 * the format arrives as the provider documents it, signatures verify, and a
 * refusal is journalled with the provider's code and never with a secret.
 */

const SECRETS = [
  'wecom-key-7c1e',
  'ding-token-51f0',
  'SECding-9a8b7c6d',
  'feishu-hook-33aa',
  'feishu-secret-x1',
  'sms-secret-42',
];

let desk: NotifyDesk | null = null;
const opened = new Opened();

afterEach(async () => {
  desk = null;
  await opened.closeAll();
});

const sink = async <T extends Sink>(started: Promise<T>): Promise<T> => opened.keep(await started);

function expectNoSecrets(d: NotifyDesk): void {
  const text = `${d.logs.join('\n')}\n${JSON.stringify(d.events())}`;
  for (const secret of SECRETS) {
    expect(text).not.toContain(secret);
    expect(text).not.toContain(encodeURIComponent(secret));
  }
}

describe('notification channels against provider sinks', () => {
  it('WeCom: text with the crew mentioned by mobile; a bad key is refused with 93000 and the next message still goes', async () => {
    const wecom = await sink(startWecomSink(SECRETS[0] as string));
    desk = opened.keep(
      await startNotifyDesk([
        { id: 'crew', type: 'wecom', url: wecom.url, key: SECRETS[0] },
        { id: 'wrong', type: 'wecom', url: wecom.url, key: 'not-the-key' },
      ]),
    );
    const { notifier } = desk;
    const bad = notifier.request(notice('wrong', 1), { subject: 'WO-0001' });
    const good = notifier.request(notice('crew', 2, { mobiles: ['13800001111'] }), { subject: 'WO-0002' });
    await wecom.waitFor(1);
    await until(() => notifier.message(bad.id)?.state === 'refused', 'the refusal');
    expect(wecom.received[0]?.body).toEqual({
      msgtype: 'text',
      text: {
        content: `${notice('crew', 2).title}\n${notice('crew', 2).body}`,
        mentioned_list: [],
        mentioned_mobile_list: ['13800001111'],
      },
    });
    await until(() => notifier.message(good.id)?.state === 'accepted', 'acceptance');
    expect(notifier.message(bad.id)).toMatchObject({ state: 'refused', code: '93000', attempts: 1 });
    const typesOf = (subject: string) =>
      desk
        ?.events()
        .filter((e) => e.subject === subject)
        .map((e) => e.type);
    expect(typesOf('WO-0001')).toEqual([NOTIFY_EVENT.requested, NOTIFY_EVENT.sending, NOTIFY_EVENT.refused]);
    expect(typesOf('WO-0002')).toEqual([NOTIFY_EVENT.requested, NOTIFY_EVENT.sending, NOTIFY_EVENT.accepted]);
    expect(desk.events().find((e) => e.type === NOTIFY_EVENT.refused)?.data).toMatchObject({ code: '93000' });
    expect(notifier.pendingCount()).toBe(0);
    expectNoSecrets(desk);
  });

  it('DingTalk: signed with timestamp and secret, at.atMobiles filled; a wrong secret is refused with 310000', async () => {
    const ding = await sink(startDingtalkSink(SECRETS[1] as string, SECRETS[2] as string));
    desk = opened.keep(
      await startNotifyDesk([
        {
          id: 'crew',
          type: 'dingtalk',
          url: ding.url,
          accessToken: SECRETS[1],
          secret: SECRETS[2],
          msgtype: 'markdown',
        },
        { id: 'forged', type: 'dingtalk', url: ding.url, accessToken: SECRETS[1], secret: 'SECwrong' },
      ]),
    );
    const sent = desk.notifier.request(notice('crew', 1, { mobiles: ['13900002222'] }), {
      subject: 'WO-0001',
    });
    const forged = desk.notifier.request(notice('forged', 2), { subject: 'WO-0002' });
    await ding.waitFor(1);
    const body = ding.received[0]?.body as {
      msgtype: string;
      markdown: { title: string; text: string };
      at: unknown;
    };
    expect(body.msgtype).toBe('markdown');
    expect(body.markdown.title).toBe(notice('crew', 1).title);
    expect(body.markdown.text).toContain('@13900002222');
    expect(body.at).toEqual({ atMobiles: ['13900002222'], atUserIds: [], isAtAll: false });
    await until(() => desk?.notifier.message(forged.id)?.state === 'refused', 'the refusal');
    expect(desk.notifier.message(forged.id)).toMatchObject({ code: '310000' });
    await until(() => desk?.notifier.message(sent.id)?.state === 'accepted', 'acceptance');
    expectNoSecrets(desk);
  });

  it('Feishu: signed in the body, mentions by user id; a wrong hook token is refused with its code', async () => {
    const feishu = await sink(startFeishuSink(SECRETS[3] as string, SECRETS[4] as string));
    desk = opened.keep(
      await startNotifyDesk([
        { id: 'crew', type: 'feishu', url: feishu.url, token: SECRETS[3], secret: SECRETS[4] },
        { id: 'gone', type: 'feishu', url: feishu.url, token: 'deleted-bot', secret: SECRETS[4] },
      ]),
    );
    desk.notifier.request(notice('crew', 1, { userIds: ['ou_7d8a6e6df7621556ce0d21922b676706ccs'] }), {
      subject: 'WO-0001',
    });
    const gone = desk.notifier.request(notice('gone', 2), { subject: 'WO-0002' });
    await feishu.waitFor(1);
    const body = feishu.received[0]?.body as { msg_type: string; content: { text: string } };
    expect(body.msg_type).toBe('text');
    expect(body.content.text).toContain('<at user_id="ou_7d8a6e6df7621556ce0d21922b676706ccs"></at>');
    await until(() => desk?.notifier.message(gone.id)?.state === 'refused', 'the refusal');
    expect(desk.notifier.message(gone.id)?.code).toBe('19001');
    expectNoSecrets(desk);
  });

  it('SMS gateway: the JSON template filled, HMAC header verified; success judged by the configured path', async () => {
    const sms = await sink(startSmsSink(SECRETS[5] as string));
    const channel = (id: string, secret: string) =>
      smsChannel(id, sms.url, secret, {
        body: { phones: '{{mobileList}}', content: '【DutyDesk】{{text}}', outId: '{{messageId}}' },
        retryCodes: ['RATE_LIMIT'],
      });
    desk = opened.keep(
      await startNotifyDesk([channel('sms', SECRETS[5] as string), channel('sms-bad', 'not-the-secret')]),
    );
    const ok = desk.notifier.request(notice('sms', 1, { mobiles: ['13700003333', '13700004444'] }), {
      subject: 'WO-1',
    });
    const bad = desk.notifier.request(notice('sms-bad', 2, { mobiles: ['13700003333'] }), {
      subject: 'WO-2',
    });
    const none = desk.notifier.request(notice('sms', 3), { subject: 'WO-3' });
    await sms.waitFor(1);
    expect(sms.received[0]?.body).toEqual({
      phones: ['13700003333', '13700004444'],
      content: `【DutyDesk】${notice('sms', 1).title}\n${notice('sms', 1).body}`,
      outId: ok.id,
    });
    await until(() => desk?.notifier.message(bad.id)?.state === 'refused', 'the bad signature');
    await until(() => desk?.notifier.message(none.id)?.state === 'refused', 'no recipient');
    expect(desk.notifier.message(bad.id)?.code).toBe('BAD_SIGN');
    expect(desk.notifier.message(none.id)?.code).toBe('no-recipient');
    expect(desk.notifier.message(ok.id)).toMatchObject({ state: 'accepted', code: 'OK' });
    expectNoSecrets(desk);
  });

  it('keeps to 20 a minute per WeCom robot by itself, and retries a 45009 refusal later instead of dropping it', async () => {
    const wecom = await sink(
      startWecomSink(SECRETS[0] as string, { now: () => desk?.clock.now() ?? Date.now() }),
    );
    desk = opened.keep(
      await startNotifyDesk([{ id: 'crew', type: 'wecom', url: wecom.url, key: SECRETS[0] }]),
    );
    const { notifier, clock } = desk;
    const ids = Array.from(
      { length: 25 },
      (_, n) => notifier.request(notice('crew', n), { subject: `WO-${n}` }).id,
    );
    await until(() => notifier.message(ids[19] as string)?.state === 'accepted', 'the first 20');
    // The 21st waits for the oldest send to leave the minute: the robot never had to refuse.
    expect(notifier.message(ids[20] as string)).toMatchObject({ state: 'queued', position: 0 });
    expect(notifier.channels()[0]?.nextSendAt).toBeGreaterThan(clock.now());
    clock.skip(60_000);
    await wecom.waitFor(25);
    expect(wecom.answers.filter((a) => a === '45009')).toEqual([]);

    // Another desk posting to the same robot uses up its minute: the robot refuses with 45009.
    for (let i = 0; i < 20; i++) {
      await fetch(`${wecom.url}?key=${SECRETS[0]}`, {
        method: 'POST',
        body: JSON.stringify({ msgtype: 'text', text: { content: `other desk ${i}` } }),
      });
    }
    const late = notifier.request(notice('crew', 99), { subject: 'WO-99' });
    await until(() => notifier.message(late.id)?.state === 'retrying', 'the rate-limit refusal');
    const refusal = desk.events().at(-1);
    expect(refusal?.data).toMatchObject({ reason: 'rate-limit', code: '45009', uncertain: false });
    // WeCom counts per minute: the next try is a minute after the refusal.
    expect(notifier.message(late.id)).toMatchObject({
      code: '45009',
      nextAttemptAt: (refusal?.ts ?? 0) + 60_000,
    });
    clock.skip(60_000);
    await until(() => notifier.message(late.id)?.state === 'accepted', 'the retry');
    expect(notifier.message(late.id)).toMatchObject({ attempts: 2, mayDuplicate: false });
    expect(wecom.received.at(-1)?.body).toMatchObject({ text: { content: expect.stringContaining('#99') } });
  });

  it('refuses a request for no configured channel or with a bad field, journalling nothing', async () => {
    desk = opened.keep(await startNotifyDesk([{ id: 'crew', type: 'wecom', key: SECRETS[0] }]));
    const before = desk.journal.count();
    expect(() => desk?.notifier.request(notice('nowhere', 1), { subject: 'WO-1' })).toThrow(
      new NotifyError(
        'notification refused, nothing recorded: no channel "nowhere" in notify.channels (known: crew)',
      ),
    );
    expect(() => desk?.notifier.request({ ...notice('crew', 1), title: ' ' }, { subject: 'WO-1' })).toThrow(
      /notification refused, nothing recorded: title: /,
    );
    expect(() =>
      desk?.notifier.request(notice('crew', 1, { mobiles: ['call me'] }), { subject: 'WO-1' }),
    ).toThrow(/to\.mobiles\.0: a mobile number/);
    expect(desk.journal.count()).toBe(before);
  });
});
