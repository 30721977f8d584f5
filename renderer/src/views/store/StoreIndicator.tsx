import { useEffect, useRef, useState } from 'react';
import type { StoreStatus } from '../../../../shared/api/store';
import { useI18n } from '../../i18n/context';
import { formatClock, formatDate, formatNumber } from '../../i18n/format';
import { useModal } from '../common/dialog';
import { formatBytes, storeSignal } from './model';
import './store.css';

const RECHECK_MS = 60_000;

/**
 * The header's word on the local records: quiet grey while the journal is
 * intact and backups run, red for a broken chain, amber for a failed or
 * overdue backup. Enter or a click opens the details.
 */
export function StoreIndicator({ status }: { status: StoreStatus | null }) {
  const { t, lang } = useI18n();
  const [open, setOpen] = useState(false);
  const [now, setNow] = useState(() => Date.now());
  const dialog = useRef<HTMLDialogElement>(null);
  useModal(dialog, open);
  useEffect(() => {
    // "Overdue" depends on the clock, not only on pushed changes.
    const timer = setInterval(() => setNow(Date.now()), RECHECK_MS);
    return () => clearInterval(timer);
  }, []);
  if (!status) return null;
  const signal = storeSignal(status, now);
  const label = t(signal.key, 'percent' in signal ? { percent: signal.percent } : undefined);
  const when = (at: number | null) =>
    at === null ? t('store.panel.never') : `${formatDate(at, lang)} ${formatClock(at)}`;
  const { integrity, backup, history, journal } = status;

  return (
    <>
      <button
        type="button"
        className={`store-indicator store-indicator--${signal.tone}`}
        data-testid="store-indicator"
        data-tone={signal.tone}
        title={t('store.panel.title')}
        onClick={() => setOpen(true)}
      >
        <span aria-hidden="true">{signal.tone === 'normal' ? '▣' : '⚠'} </span>
        {label}
      </button>
      <dialog
        ref={dialog}
        className="store-panel"
        aria-labelledby="store-panel-title"
        data-testid="store-panel"
        onCancel={(event) => {
          event.preventDefault();
          setOpen(false);
        }}
      >
        <h2 id="store-panel-title">{t('store.panel.title')}</h2>
        <dl>
          <dt>{t('store.panel.journal')}</dt>
          <dd>
            {t('store.panel.events', { count: formatNumber(journal.events, 0) })} ·{' '}
            {formatBytes(journal.bytes)}
          </dd>
          <dt>{t('store.panel.integrity')}</dt>
          <dd
            className={integrity.state === 'broken' || integrity.state === 'failed' ? 'store-panel__bad' : ''}
          >
            {label}
            {'verifiedAt' in integrity &&
              ` · ${t('store.panel.verifiedAt', { time: when(integrity.verifiedAt) })}`}
          </dd>
          <dt>{t('store.panel.lastFull')}</dt>
          <dd>{when(backup.lastFullAt)}</dd>
          <dt>{t('store.panel.lastIncremental')}</dt>
          <dd>{when(backup.lastIncrementalAt)}</dd>
          <dt>{t('store.panel.nextBackup')}</dt>
          <dd>
            {backup.dir === null
              ? t('store.backup.off')
              : when(
                  Math.min(
                    backup.nextFullAt ?? Number.POSITIVE_INFINITY,
                    backup.nextIncrementalAt ?? Number.POSITIVE_INFINITY,
                  ),
                )}
          </dd>
          <dt>{t('store.panel.backupDir')}</dt>
          <dd className="store-panel__path">{backup.dir ?? '—'}</dd>
          {backup.lastError !== null && (
            <>
              <dt>{t('store.panel.lastError')}</dt>
              <dd className="store-panel__warn">
                {when(backup.lastErrorAt)} · {backup.lastError}
              </dd>
            </>
          )}
          <dt>{t('store.panel.history')}</dt>
          <dd>
            {history.error === null ? (
              t('store.panel.historyDetail', {
                size: formatBytes(history.bytes),
                since: when(history.oldestRawTs),
              })
            ) : (
              <span className="store-panel__warn">{history.error}</span>
            )}
            {history.dropped > 0 && (
              <div className="store-panel__warn">
                {t('store.panel.historyDropped', { count: formatNumber(history.dropped, 0) })}
              </div>
            )}
          </dd>
        </dl>
        <button type="button" className="button" onClick={() => setOpen(false)}>
          {t('store.panel.close')} <kbd>Esc</kbd>
        </button>
      </dialog>
    </>
  );
}
