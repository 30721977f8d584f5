import { describe, expect, it } from 'vitest';
import { fillTemplate, smsOutcome, valueAt } from '../../electron/notify/sms';
import { type AlarmNotice, StormDigest } from '../../shared/notify/digest';
import { httpStatusOutcome, robotOutcome } from '../../shared/notify/outcome';
import { backoffMs, SendWindow } from '../../shared/notify/pacing';
import { alarmText, deskLink, shortTime } from '../../shared/notify/text';

describe('SendWindow', () => {
  it('lets 20 through in a minute, then waits for the oldest to leave the window', () => {
    const window = new SendWindow([{ count: 20, perMs: 60_000 }]);
    for (let i = 0; i < 20; i++) {
      expect(window.nextAt(1000 + i)).toBe(1000 + i);
      window.record(1000 + i);
    }
    expect(window.nextAt(1020)).toBe(61_000);
    window.record(61_000);
    expect(window.nextAt(61_000)).toBe(61_001);
  });

  it('keeps both of Feishu’s limits: 5 a second and 100 a minute', () => {
    const window = new SendWindow([
      { count: 100, perMs: 60_000 },
      { count: 5, perMs: 1000 },
    ]);
    let now = 0;
    const sent: number[] = [];
    while (sent.length < 101) {
      now = window.nextAt(now);
      window.record(now);
      sent.push(now);
    }
    // Five in any second …
    for (let i = 5; i < sent.length; i++)
      expect((sent[i] as number) - (sent[i - 5] as number)).toBeGreaterThanOrEqual(1000);
    // … and the 101st a minute after the first.
    expect(sent[100]).toBe(60_000);
  });

  it('refuses a limit that cannot be kept', () => {
    expect(() => new SendWindow([{ count: 0, perMs: 1000 }])).toThrow(/count ≥ 1/);
  });
});

describe('backoffMs', () => {
  it('doubles from the base, stays within the cap, and jitters within the upper half', () => {
    const policy = { baseMs: 2000, maxMs: 60_000 };
    expect(backoffMs(1, 0, policy)).toBe(1000);
    expect(backoffMs(1, 0.999_999, policy)).toBe(2000);
    expect(backoffMs(2, 0, policy)).toBe(2000);
    expect(backoffMs(3, 0.5, policy)).toBe(6000);
    expect(backoffMs(20, 0.999_999, policy)).toBe(60_000);
    expect(backoffMs(20, 0, policy)).toBe(30_000);
  });
});

describe('robot answers', () => {
  // WeCom: 0 taken, 45009 a minute later, -1 busy, 93000 bad key. DingTalk: 130101 ten minutes later,
  // 310000 signature. Feishu: code, or the older hooks' StatusCode; 11232 frequency, 19021 signature.
  it.each([
    ['wecom', '{"errcode":0,"errmsg":"ok"}', { kind: 'accepted', code: '0' }],
    [
      'wecom',
      '{"errcode":45009,"errmsg":"api freq out of limit"}',
      { kind: 'rate-limited', code: '45009', detail: 'api freq out of limit', retryAfterMs: 60_000 },
    ],
    ['wecom', '{"errcode":-1,"errmsg":"system busy"}', { kind: 'failed', code: '-1', uncertain: false }],
    [
      'wecom',
      '{"errcode":93000,"errmsg":"invalid webhook url"}',
      { kind: 'refused', code: '93000', detail: 'invalid webhook url' },
    ],
    [
      'dingtalk',
      '{"errcode":130101,"errmsg":"send too fast"}',
      { kind: 'rate-limited', retryAfterMs: 600_000 },
    ],
    ['dingtalk', '{"errcode":310000,"errmsg":"sign not match"}', { kind: 'refused', code: '310000' }],
    ['feishu', '{"code":0,"msg":"success","data":{}}', { kind: 'accepted' }],
    ['feishu', '{"StatusCode":0,"StatusMessage":"success"}', { kind: 'accepted' }],
    ['feishu', '{"code":11232,"msg":"frequency limited"}', { kind: 'rate-limited', retryAfterMs: 30_000 }],
    ['feishu', '{"code":19021,"msg":"sign match fail"}', { kind: 'refused', code: '19021' }],
  ] as const)('reads %s answering %s', (type, text, outcome) => {
    expect(robotOutcome(type, 200, text)).toMatchObject(outcome);
  });

  it('retries what a proxy or an outage answers, refuses other HTTP errors', () => {
    expect(robotOutcome('wecom', 200, '<html>portal</html>')).toMatchObject({
      kind: 'failed',
      code: 'bad-answer',
      uncertain: true,
    });
    expect(robotOutcome('wecom', 503, 'down')).toMatchObject({
      kind: 'failed',
      code: 'http-503',
      uncertain: false,
    });
    expect(robotOutcome('wecom', 504, '')).toMatchObject({ kind: 'failed', uncertain: true });
    expect(httpStatusOutcome(429, '', 5000)).toMatchObject({ kind: 'rate-limited', retryAfterMs: 5000 });
    expect(robotOutcome('feishu', 404, 'not found')).toMatchObject({ kind: 'refused', code: 'http-404' });
  });
});

const alarm = (n: number, over: Partial<AlarmNotice> = {}): AlarmNotice => ({
  alarmId: `a${n}`,
  stationId: `st${n % 50}`,
  stationName: `站${n % 50}`,
  deviceName: `${n}号桩`,
  cause: ['绝缘故障', '通信中断', '过温', '急停'][Math.floor(n / 50) % 4] as string,
  tier: 'on-site',
  deadline: 10_000_000 + n,
  raisedAt: n,
  ...over,
});

describe('StormDigest', () => {
  it('sends the first alarm of a station and cause at once and holds the rest of the interval', () => {
    const digest = new StormDigest(60_000);
    const first = digest.offer(alarm(0, { raisedAt: 0 }), 0);
    expect(first.send?.count).toBe(1);
    const second = digest.offer(
      alarm(0, { alarmId: 'b', deviceName: '2号桩', tier: 'emergency', deadline: 5, raisedAt: 10 }),
      10,
    );
    expect(second).toEqual({ send: null, dueAt: 60_000 });
    expect(digest.due(59_999)).toEqual([]);
    const [held] = digest.due(60_000);
    expect(held).toMatchObject({ count: 1, tier: 'emergency', deadline: 5 });
    expect(held?.first.map((a) => a.alarmId)).toEqual(['b']);
    // The digest opened a new interval; after a quiet one the key is forgotten and goes at once again.
    expect(digest.offer(alarm(0, { raisedAt: 70_000 }), 70_000).send).toBeNull();
    digest.due(120_000);
    expect(digest.due(180_000)).toEqual([]);
    expect(digest.offer(alarm(0), 180_001).send?.count).toBe(1);
  });

  it('turns a 10,000-alarm storm into at most one message per station and cause per minute, counting every alarm', () => {
    const digest = new StormDigest(60_000);
    const sent: { key: string; at: number; count: number }[] = [];
    const take = (d: { key: string; count: number }, at: number) =>
      sent.push({ key: d.key, at, count: d.count });
    // 10,000 alarms over 100 s on 50 stations × 4 causes, the clock driven by the test.
    for (let n = 0; n < 10_000; n++) {
      const now = n * 10;
      for (const d of digest.due(now)) take(d, now);
      const { send } = digest.offer(alarm(n, { raisedAt: now }), now);
      if (send) take(send, now);
    }
    for (const d of digest.due(1_000_000)) take(d, 1_000_000);
    expect(sent.reduce((sum, s) => sum + s.count, 0)).toBe(10_000);
    expect(digest.heldCount()).toBe(0);
    const keys = new Set(sent.map((s) => s.key));
    expect(keys.size).toBe(200);
    for (const key of keys) {
      const times = sent.filter((s) => s.key === key).map((s) => s.at);
      for (let i = 1; i < times.length; i++)
        expect((times[i] as number) - (times[i - 1] as number)).toBeGreaterThanOrEqual(60_000);
    }
    expect(sent.length).toBeLessThanOrEqual(200 * 3);
  });
});

describe('message texts', () => {
  const digest = {
    key: 'k',
    stationId: 'sx01',
    stationName: '城东充电站',
    cause: '绝缘故障',
    count: 1,
    first: [alarm(1, { deviceName: '2号直流桩' })],
    covered: [{ alarmId: alarm(1).alarmId, raisedAt: alarm(1).raisedAt }],
    tier: 'emergency' as const,
    // 2026-12-05 06:32 UTC = 14:32 in Shanghai.
    deadline: Date.UTC(2026, 11, 5, 6, 32),
    from: Date.UTC(2026, 11, 5, 6, 1),
    to: Date.UTC(2026, 11, 5, 6, 1),
  };

  it('says station, device, cause, tier, deadline and link in Chinese, in the desk’s time zone', () => {
    const text = alarmText(digest, {
      language: 'zh-CN',
      timeZone: 'Asia/Shanghai',
      link: 'https://desk.example/?alarm=a1',
    });
    expect(text.title).toBe('【紧急抢修】城东充电站 绝缘故障');
    expect(text.body.split('\n')).toEqual([
      '站点：城东充电站',
      '设备：2号直流桩',
      '原因：绝缘故障',
      '等级：紧急抢修',
      '截止：12-05 14:32',
      '链接：https://desk.example/?alarm=a1',
    ]);
  });

  it('counts a digest’s alarms and names its first devices; English on request', () => {
    const many = {
      ...digest,
      count: 37,
      first: [alarm(1, { deviceName: 'DC 2' }), alarm(2, { deviceName: 'DC 3' })],
      to: digest.from + 60_000,
    };
    const en = alarmText(many, { language: 'en', timeZone: 'UTC', link: null });
    expect(en.title).toBe('[emergency] 城东充电站: 绝缘故障 ×37');
    expect(en.body).toContain('Device: DC 2, DC 3 and others: 37 alarms (06:01–06:02)');
    expect(en.body).toContain('Deadline: 12-05 06:32');
    expect(en.body).not.toContain('Link');
    const zh = alarmText(many, { language: 'zh-CN', timeZone: 'Asia/Shanghai', link: null });
    expect(zh.body).toContain('设备：DC 2、DC 3 等，共 37 条告警（14:01–14:02）');
  });

  it('formats times by the zone given, not the machine’s, and builds desk links', () => {
    expect(shortTime(Date.UTC(2026, 0, 1, 16, 5), 'Asia/Shanghai')).toBe('01-02 00:05');
    expect(deskLink('https://desk.example/', { alarm: 'sx01:dc1/fault' })).toBe(
      'https://desk.example/?alarm=sx01%3Adc1%2Ffault',
    );
    expect(deskLink(undefined, { alarm: 'x' })).toBeNull();
  });
});

describe('SMS gateway rules', () => {
  const channel = { success: { path: 'result.code', equals: 0 }, retryCodes: ['1015'] };

  it('judges a 2xx answer by the configured path: success, a retry code, or a refusal with that code', () => {
    expect(smsOutcome(channel, 200, '{"result":{"code":0}}', null)).toEqual({ kind: 'accepted', code: '0' });
    expect(smsOutcome(channel, 200, '{"result":{"code":1015}}', 30_000)).toMatchObject({
      kind: 'rate-limited',
      code: '1015',
      retryAfterMs: 30_000,
    });
    expect(smsOutcome(channel, 200, '{"result":{"code":2001}}', null)).toMatchObject({
      kind: 'refused',
      code: '2001',
    });
    expect(smsOutcome(channel, 200, '{"result":{}}', null)).toMatchObject({
      kind: 'refused',
      code: 'missing',
    });
    expect(smsOutcome(channel, 502, 'bad gateway', null)).toMatchObject({ kind: 'failed', code: 'http-502' });
    expect(smsOutcome({ retryCodes: [] }, 204, '', null)).toEqual({ kind: 'accepted', code: '204' });
  });

  it('fills the template’s placeholders, the number list as an array, and reads dotted paths', () => {
    const values = { text: '派工', mobiles: ['138', '139'], timestamp: 42, secret: 's', messageId: 'm1' };
    expect(
      fillTemplate(
        {
          to: '{{mobileList}}',
          csv: 'n={{mobiles}}',
          msg: ['{{text}} @{{timestamp}}'],
          id: '{{messageId}}',
          n: 1,
        },
        values,
      ),
    ).toEqual({ to: ['138', '139'], csv: 'n=138,139', msg: ['派工 @42'], id: 'm1', n: 1 });
    expect(valueAt({ data: [{ status: 'OK' }] }, 'data.0.status')).toBe('OK');
    expect(valueAt({ data: null }, 'data.status')).toBeUndefined();
  });
});
