import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../electron/log/logger';
import { Notifier } from '../../electron/notify/notifier';
import { Journal } from '../../electron/store/journal';
import type { JournalEvent } from '../../shared/journal/event';
import { NotifyConfig } from '../../shared/notify/config';
import { NOTIFY_EVENT_TYPES } from '../../shared/notify/events';
import { SkippingClock } from './duty-desk';

/**
 * A notifier on a real journal file in a temporary folder, on a clock the
 * test moves, with its log lines kept: what the notify tests start from.
 * `restart` stops it and starts another on the same journal, as the desk
 * does after a restart.
 */
/** A clock that stands still between skips: for counting exact intervals. */
export class FrozenClock extends SkippingClock {
  private at = Date.UTC(2026, 11, 5, 2, 0);
  private readonly pending = new Set<{ at: number; fn: () => void }>();

  override now = (): number => this.at;

  override after(ms: number, fn: () => void): () => void {
    const timer = { at: this.at + Math.max(0, ms), fn };
    this.pending.add(timer);
    return () => this.pending.delete(timer);
  }

  override skip(ms: number): void {
    const until = this.at + ms;
    for (;;) {
      const due = [...this.pending].filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.pending.delete(due);
      this.at = due.at;
      due.fn();
    }
    this.at = until;
  }
}

export type NotifyDesk = {
  dir: string;
  journal: Journal;
  clock: SkippingClock;
  notifier: Notifier;
  logs: string[];
  /** Every notify event journalled so far, in order. */
  events(): JournalEvent[];
  restart(channels?: unknown[]): Promise<void>;
  close(): Promise<void>;
};

export async function startNotifyDesk(channels: unknown[], clock = new SkippingClock()): Promise<NotifyDesk> {
  const dir = mkdtempSync(join(tmpdir(), 'dutydesk-notify-'));
  const journal = Journal.open(join(dir, 'journal.sqlite'));
  const logs: string[] = [];
  const log = createLogger('test', (line) => logs.push(line));
  const start = (list: unknown[]) =>
    Notifier.start({
      journal,
      config: NotifyConfig.parse({ channels: list }),
      dir,
      log,
      clock,
      // The middle of the jitter, so the backoff is the same every run.
      random: () => 0.5,
      stopGraceMs: 500,
    });
  let current = channels;
  const desk: NotifyDesk = {
    dir,
    journal,
    clock,
    notifier: start(channels),
    logs,
    events: () =>
      journal
        .read({ limit: 1_000_000 })
        .filter((e) => (NOTIFY_EVENT_TYPES as readonly string[]).includes(e.type)),
    async restart(list = current) {
      current = list;
      await desk.notifier.stop();
      desk.notifier = start(list);
    },
    async close() {
      await desk.notifier.stop();
      journal.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return desk;
}

/** A dispatch-like request on `channel`, numbered so order can be checked. */
export const notice = (
  channel: string,
  n: number,
  to: { mobiles?: string[]; userIds?: string[]; emails?: string[] } = {},
) => ({
  channel,
  kind: 'dispatch' as const,
  title: `【现场处理】城东充电站 绝缘故障 #${n}`,
  body: `站点：城东充电站\n设备：${n}号直流桩\n原因：绝缘故障\n等级：现场处理`,
  to: { mobiles: [], userIds: [], emails: [], ...to },
  refs: { n: String(n) },
});

/** What a test opened (desks, sinks), closed after it, newest first. */
export class Opened {
  private readonly open: { close(): Promise<void> }[] = [];

  keep<T extends { close(): Promise<void> }>(thing: T): T {
    this.open.push(thing);
    return thing;
  }

  async closeAll(): Promise<void> {
    for (const thing of this.open.splice(0).reverse()) await thing.close();
  }
}

/** An SMS gateway channel for the SMS sink: HMAC-signed JSON, success when "code" is "OK". */
export const smsChannel = (id: string, url: string, secret: string, over: Record<string, unknown> = {}) => ({
  id,
  type: 'sms',
  url,
  secret,
  body: { phones: '{{mobileList}}', content: '{{text}}' },
  auth: { kind: 'hmac', header: 'X-Signature', timestampHeader: 'X-Timestamp' },
  success: { path: 'code', equals: 'OK' },
  ...over,
});
