import { useRef, useState } from 'react';
import { useI18n } from '../../i18n/context';
import { formatClock, formatDate, formatNumber } from '../../i18n/format';
import { useEngineStatus } from '../../state/useEngineStatus';
import type { DeskClient } from '../../transport';
import { useModal } from '../common/dialog';
import { syncTone } from './model';
import './sync.css';

/**
 * The header's word on the server copy of the records: grey "synced" with
 * the time of the last success, amber when the server cannot be reached or
 * refuses, with the number of records queued. Enter or a click opens the details.
 */
export function SyncIndicator({ client }: { client: DeskClient }) {
  const { t, lang } = useI18n();
  const status = useEngineStatus(client, 'sync.status', 'sync.changed');
  const [open, setOpen] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);
  useModal(dialog, open);
  if (!status) return null;
  const tone = syncTone(status);
  const when = (at: number | null) =>
    at === null ? t('sync.panel.never') : `${formatDate(at, lang)} ${formatClock(at)}`;
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
      <button
        type="button"
        className={`sync-indicator sync-indicator--${tone}`}
        data-testid="sync-indicator"
        data-state={status.state}
        title={[t('sync.panel.open'), status.lastError].filter(Boolean).join('\n')}
        onClick={() => setOpen(true)}
      >
        <span aria-hidden="true">{tone === 'warn' ? '⚠' : '⇅'} </span>
        {t(`sync.state.${status.state}`)}
        {status.state === 'ok' && status.lastSuccessAt !== null && (
          <span className="sync-indicator__at"> {formatClock(status.lastSuccessAt)}</span>
        )}
        {queued && <span className="sync-indicator__queued"> · {queued}</span>}
      </button>
      {open && (
        <dialog
          ref={dialog}
          className="sync-panel"
          aria-labelledby="sync-panel-title"
          data-testid="sync-panel"
          onCancel={(event) => {
            event.preventDefault();
            setOpen(false);
          }}
        >
          <h2 id="sync-panel-title">{t('sync.panel.title')}</h2>
          {hint && <p className={`sync-panel__hint sync-panel__hint--${tone}`}>{hint}</p>}
          <dl>
            <dt>{t('sync.panel.state')}</dt>
            <dd>{t(`sync.state.${status.state}`)}</dd>
            <dt>{t('sync.panel.server')}</dt>
            <dd className="sync-panel__code">{status.serverUrl ?? t('sync.panel.none')}</dd>
            <dt>{t('sync.panel.desk')}</dt>
            <dd className="sync-panel__code">{status.deskId}</dd>
            <dt>{t('sync.panel.lastSuccess')}</dt>
            <dd>{when(status.lastSuccessAt)}</dd>
            <dt>{t('sync.panel.lastAttempt')}</dt>
            <dd>{when(status.lastAttemptAt)}</dd>
            {status.nextAttemptAt !== null && (
              <>
                <dt>{t('sync.panel.nextAttempt')}</dt>
                <dd>{when(status.nextAttemptAt)}</dd>
              </>
            )}
            <dt>{t('sync.panel.pending')}</dt>
            <dd className={tone === 'warn' && status.pending > 0 ? 'sync-panel__warn' : ''}>
              {formatNumber(status.pending, 0)}
            </dd>
            <dt>{t('sync.panel.received')}</dt>
            <dd>{formatNumber(status.received, 0)}</dd>
            <dt>{t('sync.panel.config')}</dt>
            <dd>{status.configRevision === 0 ? t('sync.panel.none') : status.configRevision}</dd>
            {status.lastError !== null && (
              <>
                <dt>{t('sync.panel.lastError')}</dt>
                <dd className="sync-panel__warn sync-panel__code">{status.lastError}</dd>
              </>
            )}
          </dl>
          <button type="button" className="button" onClick={() => setOpen(false)}>
            {t('sync.panel.close')} <kbd>Esc</kbd>
          </button>
        </dialog>
      )}
    </>
  );
}
