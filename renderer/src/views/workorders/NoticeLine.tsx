import type { NoticeView } from '../../../../shared/api';
import { useI18n } from '../../i18n/context';
import type { FleetTime } from '../../i18n/fleetTime';

/** Grey while it goes as it should; amber while it waits to be retried; red once refused. */
const TONE: Readonly<Record<NoticeView['state'], 'normal' | 'warn' | 'fault'>> = {
  queued: 'normal',
  sending: 'normal',
  retrying: 'warn',
  accepted: 'normal',
  refused: 'fault',
  cancelled: 'warn',
};

/**
 * A notification on the work order's timeline: what went to whom through
 * which channel, and where it stands in the outbox (the provider's code
 * when it refused or asked for later). At-least-once is said where a send
 * was cut off and went again.
 */
export function NoticeLine({
  notice,
  nowMs,
  when,
}: {
  notice: NoticeView;
  nowMs: number;
  when: FleetTime['when'];
}) {
  const { t } = useI18n();
  const code = notice.code && notice.state !== 'accepted' ? ` ${notice.code}` : '';
  return (
    <li
      className="wonotice"
      data-testid="wo-timeline-notice"
      data-state={notice.state}
      data-tone={TONE[notice.state]}
      data-kind={notice.kind}
    >
      <span className="wotimeline__when">{when(notice.requestedAt, nowMs)}</span>
      <span className="wotimeline__what">
        <strong>{t(`wo.notice.kind.${notice.kind}`)}</strong>
        <span className="wotimeline__detail"> · {notice.channel}</span>
        {notice.state === 'retrying' && notice.nextAttemptAt !== null && (
          <span className="wotimeline__reason">
            {' '}
            — {t('wo.notice.retryAt', { time: when(notice.nextAttemptAt, nowMs), attempts: notice.attempts })}
          </span>
        )}
        {notice.mayDuplicate && <span className="hint"> · {t('wo.notice.mayDuplicate')}</span>}
      </span>
      <span className="wotimeline__who wonotice__state" title={notice.detail ?? undefined}>
        ✉ {t(`wo.notice.state.${notice.state}`)}
        {code}
      </span>
    </li>
  );
}

/** What needs the eye first: a refusal, then a retry, then what still waits, then what went. */
const WORST: readonly NoticeView['state'][] = [
  'refused',
  'retrying',
  'queued',
  'sending',
  'cancelled',
  'accepted',
];

/**
 * The work order's outbox in one mark beside its crew: the state that most
 * needs the eye and how many are in it, with the at-least-once note where
 * a message may have gone twice.
 */
export function OutboxMark({ notices }: { notices: readonly NoticeView[] }) {
  const { t } = useI18n();
  const state = WORST.find((s) => notices.some((n) => n.state === s));
  if (!state) return null;
  const count = notices.filter((n) => n.state === state).length;
  const twice = notices.some((n) => n.mayDuplicate);
  return (
    <span
      className="wonotice wonotice__state"
      data-testid="wo-outbox"
      data-state={state}
      data-tone={TONE[state]}
      title={twice ? t('wo.notice.mayDuplicate') : undefined}
    >
      {' '}
      · ✉ {t(`wo.notice.state.${state}`)}
      {count > 1 && ` ×${count}`}
      {twice && ' ⚠'}
    </span>
  );
}
