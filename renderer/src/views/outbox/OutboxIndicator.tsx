import type { OutboxChannel } from '../../../../shared/api/outbox';
import { useI18n } from '../../i18n/context';
import { useFleetTime } from '../../i18n/fleetTime';
import { formatNumber } from '../../i18n/format';
import { useEngineStatus } from '../../state/useEngineStatus';
import type { DeskClient } from '../../transport';
import { Indicator, type IndicatorRow, whenText } from '../../ui/indicator/Indicator';
import { outboxTone } from './model';

/**
 * The header's word on the notification outbox, whatever the view: grey
 * "notices sent" or the number waiting, amber while messages are retried,
 * red when a provider refused one or a channel is misconfigured. Enter or a
 * click opens the details per channel, with the at-least-once caveat.
 */
export function OutboxIndicator({ client }: { client: DeskClient }) {
  const { t } = useI18n();
  const time = useFleetTime();
  const status = useEngineStatus(client, 'notify.status', 'notify.changed');
  if (!status) return null;
  const tone = outboxTone(status);
  const n = (count: number) => formatNumber(count, 0);
  const parts = [
    status.pending > 0 && t('outbox.pending', { count: n(status.pending) }),
    status.retrying > 0 && t('outbox.retrying', { count: n(status.retrying) }),
    status.refused > 0 && t('outbox.refused', { count: n(status.refused) }),
  ].filter((p): p is string => Boolean(p));
  const label =
    status.channels.length === 0 ? t('outbox.none') : parts.length > 0 ? parts.join(' · ') : t('outbox.ok');
  const when = (at: number | null) => whenText(at, time, t('outbox.panel.never'));
  const rows: (IndicatorRow | false)[] = [
    { term: t('outbox.panel.pending'), value: n(status.pending) },
    {
      term: t('outbox.panel.retrying'),
      value: n(status.retrying),
      tone: status.retrying > 0 ? 'warn' : undefined,
    },
    {
      term: t('outbox.panel.refused'),
      value: n(status.refused),
      tone: status.refused > 0 ? 'fault' : undefined,
    },
    status.oldestPendingAt !== null && {
      term: t('outbox.panel.oldest'),
      value: when(status.oldestPendingAt),
    },
    status.lastRefused !== null && {
      term: t('outbox.panel.lastRefused'),
      value: `${status.lastRefused.title} · ${status.lastRefused.channel} · ${status.lastRefused.code ?? '—'} · ${when(status.lastRefused.at)}`,
      tone: 'fault',
    },
    ...status.channels.map((c) => channelRow(c, t, when)),
  ];
  return (
    <Indicator
      name="outbox"
      tone={tone}
      data-pending={status.pending}
      data-retrying={status.retrying}
      data-refused={status.refused}
      icon={tone === 'normal' ? '✉' : '⚠'}
      label={label}
      hint={t('outbox.panel.open')}
      title={t('outbox.panel.title')}
      closeLabel={t('outbox.panel.close')}
      note={t('outbox.panel.atLeastOnce')}
      rows={rows}
    />
  );
}

type Translate = ReturnType<typeof useI18n>['t'];

function channelRow(c: OutboxChannel, t: Translate, when: (at: number | null) => string): IndicatorRow {
  const parts =
    c.state === 'misconfigured'
      ? [t('outbox.channel.misconfigured'), c.problem ?? '']
      : c.state === 'disabled'
        ? [t('outbox.channel.disabled')]
        : [
            c.pending > 0 ? t('outbox.pending', { count: String(c.pending) }) : t('outbox.ok'),
            c.retrying > 0 && t('outbox.retrying', { count: String(c.retrying) }),
            c.lastCode !== null && t('outbox.channel.code', { code: c.lastCode }),
            c.pending > 0 && c.nextSendAt !== null && t('outbox.channel.next', { time: when(c.nextSendAt) }),
          ];
  return {
    term: c.type ? `${c.id} (${c.type})` : c.id,
    value: parts.filter(Boolean).join(' · '),
    tone: c.state === 'misconfigured' ? 'fault' : c.retrying > 0 ? 'warn' : undefined,
    className: 'outbox-panel__channel',
  };
}
