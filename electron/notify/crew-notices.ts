import { recipientsFor, type Target } from '../../shared/notify/audience';
import type { NotifyRequestInput } from '../../shared/notify/events';
import type { Logger } from '../log/logger';
import type { Notifier, RequestAbout } from './notifier';

export type JobRequest = Omit<NotifyRequestInput, 'channel' | 'to'>;

/**
 * Messages to people on the roster: one request per channel, each naming
 * the people the way that channel can. A channel the roster names but the
 * notify section lacks is logged by name and skipped; the others still go.
 */
export class CrewNotices {
  constructor(
    private readonly notifier: Pick<Notifier, 'request' | 'channels'>,
    private readonly log: Logger,
  ) {}

  /** Journals the messages; returns the ids of those recorded. */
  send(targets: readonly Target[], message: JobRequest, about: RequestAbout): string[] {
    const types = new Map(this.notifier.channels().map((c) => [c.id, c.type]));
    const ids: string[] = [];
    for (const { channel, people } of targets) {
      const type = types.get(channel);
      if (!type) {
        this.log.error(`${message.kind} for ${about.subject}: no channel "${channel}" in notify.channels`);
        continue;
      }
      try {
        ids.push(this.notifier.request({ ...message, channel, to: recipientsFor(type, people) }, about).id);
      } catch (error) {
        this.log.error(
          `${message.kind} for ${about.subject} to ${channel} not recorded: ${(error as Error).message}`,
        );
      }
    }
    return ids;
  }
}
