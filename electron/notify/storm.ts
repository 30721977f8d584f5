import { type AlarmNotice, type Digest, StormDigest } from '../../shared/notify/digest';
import type { Recipients } from '../../shared/notify/events';
import { alarmText, deskLink, type Language } from '../../shared/notify/text';
import { Alarmclock, type DeskClock } from '../alarms/clock';
import type { Logger } from '../log/logger';
import type { Notifier } from './notifier';

/** Where one alarm message goes: a channel, and whom it names there. */
export type AlarmTarget = { channel: string; to?: Partial<Recipients> };

export type AlarmNoticesOptions = {
  notifier: Pick<Notifier, 'request'>;
  clock: DeskClock;
  log: Logger;
  /** At most one message per station and cause per this long. */
  intervalMs: number;
  language: Language;
  timeZone: string;
  linkBase?: string;
  /** Who is told of a station's alarm (crews, on-call leads: the dispatch and escalation rules decide). */
  route: (digest: Digest) => AlarmTarget[];
};

/**
 * Alarms into notifications, through the storm digest: the first alarm of a
 * station and cause is asked for at once, later ones within the interval
 * go as one digest when it ends. Requests go through the notifier, so each
 * is journalled before anything is sent.
 */
export class AlarmNotices {
  private readonly digest: StormDigest;
  private readonly timer: Alarmclock;

  constructor(private readonly options: AlarmNoticesOptions) {
    this.digest = new StormDigest(options.intervalMs);
    this.timer = new Alarmclock(
      options.clock,
      () => this.flush(),
      (error) => options.log.error(`alarm notices: ${(error as Error).message}`),
    );
  }

  raised(alarm: AlarmNotice): void {
    const { send } = this.digest.offer(alarm, this.options.clock.now());
    if (send) this.ask(send);
    this.timer.set(this.digest.dueAt());
  }

  /** Alarms waiting for their digest. */
  held(): number {
    return this.digest.heldCount();
  }

  stop(): void {
    this.timer.clear();
  }

  private flush(): void {
    for (const digest of this.digest.due(this.options.clock.now())) this.ask(digest);
    this.timer.set(this.digest.dueAt());
  }

  private ask(digest: Digest): void {
    const { options } = this;
    const first = digest.first[0];
    const single = digest.count === 1 && first !== undefined;
    const link = deskLink(
      options.linkBase,
      single ? { alarm: first.alarmId } : { station: digest.stationId },
    );
    const text = alarmText(digest, { language: options.language, timeZone: options.timeZone, link });
    const refs: Record<string, string> = {
      station: digest.stationId,
      cause: digest.cause,
      count: String(digest.count),
    };
    if (first) refs.alarm = first.alarmId;
    for (const target of options.route(digest)) {
      try {
        options.notifier.request(
          {
            channel: target.channel,
            kind: single ? 'alarm' : 'digest',
            ...text,
            to: { mobiles: [], userIds: [], emails: [], ...target.to },
            ...(link ? { link } : {}),
            refs,
          },
          { subject: single ? first.alarmId : digest.stationId },
        );
      } catch (error) {
        options.log.error(
          `alarm notice for ${digest.stationId} / ${digest.cause} (${digest.count} alarm(s)) to ${target.channel} not recorded: ${(error as Error).message}`,
        );
      }
    }
  }
}
