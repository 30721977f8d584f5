import type { OutboxStatus } from '../../shared/api/outbox';
import type { DeskClock } from '../alarms/clock';
import type { Notifier } from './notifier';

const HOUR = 3_600_000;
/** A storm asks for thousands of messages: the header hears of them at most this often. */
const PUSH_EVERY_MS = 250;

type Source = Pick<Notifier, 'pending' | 'recent' | 'channels' | 'onChange'>;

/** Where the outbox stands now, for the header's indicator. */
export function outboxStatus(notifier: Source, nowMs: number): OutboxStatus {
  const pending = notifier.pending();
  const refused = notifier
    .recent()
    .filter((m) => m.state === 'refused' && m.settledAt !== null && nowMs - m.settledAt <= HOUR);
  const last = refused.reduce<(typeof refused)[number] | null>(
    (a, m) => (a === null || (m.settledAt ?? 0) > (a.settledAt ?? 0) ? m : a),
    null,
  );
  return {
    pending: pending.length,
    retrying: pending.filter((m) => m.state === 'retrying').length,
    refused: refused.length,
    mayDuplicate: pending.filter((m) => m.mayDuplicate).length,
    oldestPendingAt: pending.reduce<number | null>(
      (at, m) => (at === null ? m.requestedAt : Math.min(at, m.requestedAt)),
      null,
    ),
    lastRefused: last
      ? { title: last.title, channel: last.channel, code: last.code, at: last.settledAt ?? nowMs }
      : null,
    channels: notifier.channels().map((c) => {
      const waiting = pending.filter((m) => m.channel === c.id);
      const faulted = waiting.filter((m) => m.code !== null);
      return {
        id: c.id,
        type: c.type,
        state: c.state,
        problem: c.problem,
        pending: c.pending,
        retrying: waiting.filter((m) => m.state === 'retrying').length,
        lastCode: faulted.at(-1)?.code ?? null,
        nextSendAt: c.nextSendAt,
      };
    }),
  };
}

/**
 * The `notify.status` method and the `notify.changed` push: every change of
 * a message is coalesced into one push per quarter second, so a storm does
 * not flood the screens.
 */
export function outboxStatusApi(
  notifier: Source,
  clock: Pick<DeskClock, 'now'>,
  push: (status: OutboxStatus) => void,
) {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const off = notifier.onChange(() => {
    timer ??= setTimeout(() => {
      timer = null;
      push(outboxStatus(notifier, clock.now()));
    }, PUSH_EVERY_MS);
    timer.unref?.();
  });
  return {
    api: { 'notify.status': async () => outboxStatus(notifier, clock.now()) },
    stop(): void {
      off();
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
