import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../electron/log/logger';
import { AlarmNotices } from '../../electron/notify/storm';
import type { AlarmNotice } from '../../shared/notify/digest';
import { FrozenClock, Opened, smsChannel, startNotifyDesk } from '../helpers/notify-desk';
import { startSmsSink } from '../helpers/notify-sinks';
import { until } from '../helpers/until';

/** An alarm flood through the digest and the outbox to a gateway: a digest per station and cause, not a message per alarm. */

const SECRET = 'sms-secret-storm';
const opened = new Opened();
afterEach(() => opened.closeAll());

describe('alarm storm to notifications', () => {
  it('turns 2,000 alarms in two minutes on 10 stations × 2 causes into one message per station and cause per minute', async () => {
    const sink = opened.keep(await startSmsSink(SECRET, { perMinute: 6000 }));
    const channel = smsChannel('oncall', sink.url, SECRET, { retryCodes: ['RATE_LIMIT'], perMinute: 6000 });
    const desk = opened.keep(await startNotifyDesk([channel], new FrozenClock()));
    const { clock, notifier } = desk;
    const notices = new AlarmNotices({
      notifier,
      clock,
      log: createLogger('test', () => {}),
      intervalMs: 60_000,
      language: 'zh-CN',
      timeZone: 'Asia/Shanghai',
      linkBase: 'https://desk.example.cn/',
      route: () => [{ channel: 'oncall', to: { mobiles: ['13800001111'] } }],
    });
    const start = clock.now();
    for (let n = 0; n < 2000; n++) {
      clock.skip(60);
      const alarm: AlarmNotice = {
        alarmId: `sx${n % 10}:dc${n % 7}:${n}`,
        stationId: `sx${n % 10}`,
        stationName: `站点${n % 10}`,
        deviceName: `${n % 7}号直流桩`,
        cause: n % 20 < 10 ? '绝缘故障' : '通信中断',
        tier: n % 3 === 0 ? 'emergency' : 'on-site',
        deadline: start + 4 * 3_600_000,
        raisedAt: clock.now(),
      };
      notices.raised(alarm);
    }
    clock.skip(60_000);
    expect(notices.held()).toBe(0);
    notices.stop();
    await until(() => notifier.pendingCount() === 0, 'the digests delivered');
    const messages = notifier.recent();
    // 20 keys over 121 s: the first at once, then at most one digest a minute each.
    expect(messages.length).toBeLessThanOrEqual(20 * 3);
    expect(messages.reduce((sum, m) => sum + Number(m.refs.count), 0)).toBe(2000);
    const byKey = new Map<string, number[]>();
    for (const m of messages) {
      const key = `${m.refs.station}/${m.refs.cause}`;
      byKey.set(key, [...(byKey.get(key) ?? []), m.requestedAt]);
    }
    expect(byKey.size).toBe(20);
    for (const list of byKey.values()) {
      const times = list.sort((a, b) => a - b);
      for (let i = 1; i < times.length; i++)
        expect((times[i] as number) - (times[i - 1] as number)).toBeGreaterThanOrEqual(60_000);
    }
    const digest = messages.find((m) => m.kind === 'digest');
    expect(digest?.title).toMatch(/^【紧急抢修】站点\d (绝缘故障|通信中断) ×\d+$/);
    expect(digest?.body).toContain('条告警');
    expect(digest?.link).toMatch(/^https:\/\/desk\.example\.cn\/\?station=sx\d$/);
    expect(sink.received).toHaveLength(messages.length);
  });
});
