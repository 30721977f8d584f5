import { useI18n } from '../../i18n/context';
import { useFleetTime } from '../../i18n/fleetTime';
import { formatNumber } from '../../i18n/format';
import { useEngineStatus } from '../../state/useEngineStatus';
import type { DeskClient } from '../../transport';
import { Indicator, whenText } from '../../ui/indicator/Indicator';
import { syncTone } from './model';
import { SharedConfigNotice } from './SharedConfig';
import { SharedConfigPublish } from './SharedConfigPublish';
import './sync.css';

/**
 * The header's word on the server copy of the records: grey "synced" with
 * the time of the last success, amber when the server cannot be reached or
 * refuses, with the number of records queued. Enter or a click opens the details.
 */
export function SyncIndicator({ client, mayPublish = false }: { client: DeskClient; mayPublish?: boolean }) {
  const { t } = useI18n();
  const time = useFleetTime();
  const status = useEngineStatus(client, 'sync.status', 'sync.changed');
  if (!status) return null;
  const tone = syncTone(status);
  const when = (at: number | null) => whenText(at, time, t('sync.panel.never'));
  const queued = status.pending > 0 ? t('sync.queued', { count: formatNumber(status.pending, 0) }) : null;
  const hint =
    status.state === 'off'
      ? t('sync.hint.off')
      : status.state === 'offline'
        ? t('sync.hint.offline')
        : status.state === 'error'
          ? t('sync.hint.error')
          : null;

  return (
    <>
      <Indicator
        name="sync"
        tone={tone}
        data-state={status.state}
        icon={tone === 'warn' ? '⚠' : '⇅'}
        label={
          <>
            {t(`sync.state.${status.state}`)}
            {status.state === 'ok' && status.lastSuccessAt !== null && (
              <span className="sync-indicator__at"> {time.clock(status.lastSuccessAt)}</span>
            )}
            {queued && <span className="sync-indicator__queued"> · {queued}</span>}
          </>
        }
        hint={[t('sync.panel.open'), status.lastError].filter(Boolean).join('\n')}
        title={t('sync.panel.title')}
        closeLabel={t('sync.panel.close')}
        note={hint}
        rows={[
          { term: t('sync.panel.state'), value: t(`sync.state.${status.state}`) },
          {
            term: t('sync.panel.server'),
            value: status.serverUrl ?? t('sync.panel.none'),
            code: true,
            className: 'sync-panel__code',
          },
          { term: t('sync.panel.desk'), value: status.deskId, code: true, className: 'sync-panel__code' },
          { term: t('sync.panel.lastSuccess'), value: when(status.lastSuccessAt) },
          { term: t('sync.panel.lastAttempt'), value: when(status.lastAttemptAt) },
          status.nextAttemptAt !== null && {
            term: t('sync.panel.nextAttempt'),
            value: when(status.nextAttemptAt),
          },
          {
            term: t('sync.panel.pending'),
            value: formatNumber(status.pending, 0),
            tone: tone === 'warn' && status.pending > 0 ? 'warn' : undefined,
          },
          { term: t('sync.panel.received'), value: formatNumber(status.received, 0) },
          {
            term: t('sync.panel.config'),
            value: (
              <>
                {status.configRevision === 0 ? t('sync.panel.none') : status.configRevision}
                {mayPublish && status.state !== 'off' && (
                  <SharedConfigPublish client={client} base={status.configRevision} />
                )}
              </>
            ),
          },
          status.lastError !== null && {
            term: t('sync.panel.lastError'),
            value: status.lastError,
            tone: 'warn',
            code: true,
            className: 'sync-panel__code',
          },
        ]}
      />
      <SharedConfigNotice client={client} revision={status.configRevision} />
    </>
  );
}
