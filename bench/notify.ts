import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeskClock } from '../electron/alarms/clock';
import { createLogger } from '../electron/log/logger';
import { type MessageView, Notifier } from '../electron/notify/notifier';
import { AlarmNotices } from '../electron/notify/storm';
import { Journal } from '../electron/store/journal';
import { NotifyConfig } from '../shared/notify/config';
import type { AlarmNotice } from '../shared/notify/digest';
import { FrozenClock, smsChannel } from '../test/helpers/notify-desk';
import { type Sink, startSmsSink } from '../test/helpers/notify-sinks';
import { summarize } from './stats';

export type NotifyBenchOptions = {
  samples: number;
  rounds: number;
  stormAlarms: number;
  stations: number;
  causes: number;
};
export const defaultNotifyOptions: NotifyBenchOptions = {
  samples: 300,
  rounds: 3,
  stormAlarms: 10_000,
  stations: 200,
  causes: 5,
};

type Latency = ReturnType<typeof summarize>;
export type NotifyBench = {
  options: NotifyBenchOptions;
  desk: Latency;
  bare: Latency;
  storm: {
    alarms: number;
    keys: number;
    messages: number;
    delivered: number;
    /** Most messages any one station and cause got in any 60 s of desk time. */
    maxPerKeyMinute: number;
    /** Real time to take the storm's alarms into the digest and the outbox. */
    intakeMs: number;
  };
};

const SECRET = 'bench-sms-secret';
const quiet = createLogger('bench', () => {});

function alarm(n: number, options: NotifyBenchOptions, at: number): AlarmNotice {
  return {
    alarmId: `st${n % options.stations}:dc${n % 7}:${n}`,
    stationId: `st${n % options.stations}`,
    stationName: `站点${n % options.stations}`,
    deviceName: `${n % 7}号直流桩`,
    cause: `原因${Math.floor(n / options.stations) % options.causes}`,
    tier: n % 3 === 0 ? 'emergency' : 'on-site',
    deadline: at + 4 * 3_600_000,
    raisedAt: at,
  };
}

function startDesk(dir: string, url: string, clock?: DeskClock) {
  const journal = Journal.open(join(dir, 'journal.sqlite'));
  const notifier = Notifier.start({
    journal,
    config: NotifyConfig.parse({ channels: [smsChannel('oncall', url, SECRET, { perMinute: 6000 })] }),
    dir,
    log: quiet,
    ...(clock ? { clock } : {}),
  });
  return { journal, notifier };
}

/**
 * Alarm raised → provider accepted, one at a time: each alarm is a new
 * station and cause (so the digest lets it through at once), is journalled
 * as notify.requested, journalled again as sent, POSTed (HMAC-signed) to
 * the gateway, and its acceptance journalled — every journal write a
 * synchronous=FULL commit.
 */
async function deskLatencies(sink: Sink, dir: string, count: number, offset: number): Promise<number[]> {
  const { journal, notifier } = startDesk(dir, sink.url);
  const notices = new AlarmNotices({
    notifier,
    clock: {
      now: Date.now,
      after: (ms, fn) =>
        (
          (t) => () =>
            clearTimeout(t)
        )(setTimeout(fn, ms)),
    },
    log: quiet,
    intervalMs: 60_000,
    language: 'zh-CN',
    timeZone: 'Asia/Shanghai',
    route: () => [{ channel: 'oncall', to: { mobiles: ['13800001111'] } }],
  });
  const latencies: number[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const n = offset + i;
      let started = 0;
      const accepted = new Promise<void>((done, fail) => {
        const off = notifier.onChange((m: MessageView) => {
          if (m.refs.alarm !== alarm(n, defaultNotifyOptions, 0).alarmId) return;
          if (m.state === 'accepted') {
            off();
            done();
          } else if (m.state === 'refused' || m.state === 'retrying') {
            off();
            fail(new Error(`notify bench: ${m.state} ${m.code} ${m.detail}`));
          }
        });
      });
      started = performance.now();
      // A new station and cause every time: the first alarm of a key goes at once.
      notices.raised({ ...alarm(n, defaultNotifyOptions, Date.now()), stationId: `lat${n}` });
      await accepted;
      latencies.push(performance.now() - started);
    }
  } finally {
    notices.stop();
    await notifier.stop();
    journal.close();
  }
  return latencies;
}

/** The baseline: the same signed POST of the same text, straight to the same gateway, one at a time. */
async function bareLatencies(sink: Sink, count: number): Promise<number[]> {
  const latencies: number[] = [];
  const text =
    '【紧急抢修】站点1 原因0\n站点：站点1\n设备：1号直流桩\n原因：原因0\n等级：紧急抢修\n截止：12-05 14:32';
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const timestamp = Date.now();
    const body = JSON.stringify({ phones: ['13800001111'], content: text });
    const signature = createHmac('sha256', SECRET).update(`${timestamp}\n${body}`).digest('hex');
    const response = await fetch(sink.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-timestamp': String(timestamp),
        'x-signature': signature,
      },
      body,
    });
    const answer = (await response.json()) as { code?: string };
    if (answer.code !== 'OK')
      throw new Error(`notify bench baseline: gateway answered ${JSON.stringify(answer)}`);
    latencies.push(performance.now() - started);
  }
  return latencies;
}

/**
 * A 10,000-alarm storm within 10 s of desk time on `stations` × `causes`,
 * through the digest and the outbox to the gateway, then a minute more for
 * the digests: how many messages it became, and the most any station and
 * cause got in a minute.
 */
async function storm(sink: Sink, dir: string, options: NotifyBenchOptions): Promise<NotifyBench['storm']> {
  const clock = new FrozenClock();
  const { journal, notifier } = startDesk(dir, sink.url, clock);
  const notices = new AlarmNotices({
    notifier,
    clock,
    log: quiet,
    intervalMs: 60_000,
    language: 'zh-CN',
    timeZone: 'Asia/Shanghai',
    route: () => [{ channel: 'oncall', to: { mobiles: ['13800001111'] } }],
  });
  const before = sink.received.length;
  const stepMs = 10_000 / options.stormAlarms;
  const started = performance.now();
  for (let n = 0; n < options.stormAlarms; n++) {
    clock.skip(stepMs);
    notices.raised(alarm(n, options, clock.now()));
  }
  const intakeMs = performance.now() - started;
  for (let t = 0; t < 6; t++) {
    clock.skip(15_000);
    await new Promise((done) => setTimeout(done, 0));
  }
  notices.stop();
  while (notifier.pendingCount() > 0) await new Promise((done) => setTimeout(done, 10));
  // This desk's journal holds the storm alone.
  const messages = journal.read({ type: 'notify.requested', limit: 1_000_000 });
  const byKey = new Map<string, number[]>();
  for (const event of messages) {
    const refs = (event.data as { refs: Record<string, string> }).refs;
    const key = `${refs.station}/${refs.cause}`;
    byKey.set(key, [...(byKey.get(key) ?? []), event.ts]);
  }
  let maxPerKeyMinute = 0;
  for (const times of byKey.values()) {
    times.sort((a, b) => a - b);
    for (let i = 0; i < times.length; i++) {
      const inMinute = times.filter(
        (t) => t >= (times[i] as number) && t < (times[i] as number) + 60_000,
      ).length;
      maxPerKeyMinute = Math.max(maxPerKeyMinute, inMinute);
    }
  }
  await notifier.stop();
  journal.close();
  return {
    alarms: options.stormAlarms,
    keys: byKey.size,
    messages: messages.length,
    delivered: sink.received.length - before,
    maxPerKeyMinute,
    intakeMs,
  };
}

export async function measureNotify(
  options: NotifyBenchOptions,
  log: (line: string) => void,
): Promise<NotifyBench> {
  const root = mkdtempSync(join(tmpdir(), 'dutydesk-bench-notify-'));
  const sink = await startSmsSink(SECRET, { perMinute: 1_000_000 });
  try {
    const desk: number[] = [];
    const bare: number[] = [];
    const per = Math.ceil(options.samples / options.rounds);
    // Rounds alternate, so a slow moment of the machine falls on both.
    for (let round = 0; round < options.rounds; round++) {
      bare.push(...(await bareLatencies(sink, per)));
      desk.push(...(await deskLatencies(sink, mkdtempSync(join(root, 'desk-')), per, round * per)));
      log(
        `  round ${round + 1}: desk p50 ${summarize(desk).p50.toFixed(1)} ms, bare p50 ${summarize(bare).p50.toFixed(1)} ms`,
      );
    }
    const stormResult = await storm(sink, mkdtempSync(join(root, 'storm-')), options);
    return { options, desk: summarize(desk), bare: summarize(bare), storm: stormResult };
  } finally {
    await sink.close();
    rmSync(root, { recursive: true, force: true });
  }
}

const f = (ms: number) => `${ms.toFixed(1)} ms`;

export function notifyReport(result: NotifyBench): string {
  const { desk, bare, storm: s } = result;
  const targetP99 = 1000 + bare.p99;
  const perKeyTarget = s.maxPerKeyMinute <= 1;
  return [
    `Alarm raised → provider accepted, ${desk.n} alarms one at a time, each the first of its station and cause: digest, \`notify.requested\` journalled, \`notify.sending\` journalled, HMAC-signed POST to a local SMS gateway sink (the test sink), \`notify.accepted\` journalled — three synchronous=FULL commits per message. Baseline: the same signed POST to the same sink, bare \`fetch\`, in the same run (rounds alternate).`,
    '',
    '| path | n | p50 | p90 | p99 | max |',
    '|---|---|---|---|---|---|',
    `| alarm → digest → outbox → gateway accepted | ${desk.n} | ${f(desk.p50)} | ${f(desk.p90)} | ${f(desk.p99)} | ${f(desk.max)} |`,
    `| baseline: bare POST to the same gateway | ${bare.n} | ${f(bare.p50)} | ${f(bare.p90)} | ${f(bare.p99)} | ${f(bare.max)} |`,
    '',
    `- desk ÷ baseline: p50 ${(desk.p50 / bare.p50).toFixed(2)}×, p99 ${(desk.p99 / bare.p99).toFixed(2)}×; the desk adds p50 ${f(desk.p50 - bare.p50)}, p99 ${f(desk.p99 - bare.p99)}`,
    `- target p99 ≤ 1 s + the sink's own time (${f(targetP99)}): **${desk.p99 <= targetP99 ? 'met' : 'NOT met'}** (p99 ÷ target ${(desk.p99 / targetP99).toFixed(3)})`,
    '',
    `Storm: ${s.alarms.toLocaleString('en')} alarms within 10 s of desk time on ${s.keys} station × cause pairs (${result.options.stations} stations × ${result.options.causes} causes), digest interval 60 s, then a minute for the digests; the desk's clock driven by the bench.`,
    '',
    '| measure | value | target |',
    '|---|---|---|',
    `| messages asked for (journalled) | ${s.messages.toLocaleString('en')} (${((s.messages / s.alarms) * 100).toFixed(1)} % of the alarms) | — |`,
    `| messages the gateway accepted | ${s.delivered.toLocaleString('en')} | all asked for |`,
    `| most messages for one station and cause in any 60 s | ${s.maxPerKeyMinute} | ≤ 1: **${perKeyTarget ? 'met' : 'NOT met'}** |`,
    `| real time to take the 10,000 alarms in (digest + journal) | ${s.intakeMs.toFixed(0)} ms (${Math.round(s.alarms / (s.intakeMs / 1000)).toLocaleString('en')} alarms/s) | — |`,
  ].join('\n');
}
