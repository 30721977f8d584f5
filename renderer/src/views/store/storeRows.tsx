import type { StoreStatus } from '../../../../shared/api/store';
import { formatNumber } from '../../i18n/format';
import type { Translate } from '../../i18n/lang';
import type { IndicatorRow } from '../../ui/indicator/Indicator';
import { formatBytes } from './model';

/** The lines of the store panel: journal, chain checks, backups, history. */
export function storeRows(
  status: StoreStatus,
  label: string,
  when: (at: number | null) => string,
  t: Translate,
  onVerify?: () => void,
): (IndicatorRow | false)[] {
  const { integrity, backup, history, journal } = status;
  const nextBackup = Math.min(
    backup.nextFullAt ?? Number.POSITIVE_INFINITY,
    backup.nextIncrementalAt ?? Number.POSITIVE_INFINITY,
  );
  return [
    {
      term: t('store.panel.journal'),
      value: `${t('store.panel.events', { count: formatNumber(journal.events, 0) })} · ${formatBytes(journal.bytes)}`,
      tone: journal.writable.ok ? undefined : 'fault',
    },
    {
      term: t('store.panel.integrity'),
      value: `${label}${'verifiedAt' in integrity ? ` · ${t('store.panel.verifiedAt', { time: when(integrity.verifiedAt) })}` : ''}`,
      tone: integrity.state === 'broken' || integrity.state === 'failed' ? 'fault' : undefined,
    },
    {
      term: t('store.panel.fullCheck'),
      value: (
        <>
          {integrity.state === 'ok' ? when(integrity.fullAt) : '—'}{' '}
          {onVerify && (
            <button
              type="button"
              className="button"
              data-testid="store-verify"
              disabled={integrity.state === 'verifying'}
              onClick={onVerify}
            >
              {t('store.panel.checkNow')}
            </button>
          )}
        </>
      ),
    },
    { term: t('store.panel.lastFull'), value: when(backup.lastFullAt) },
    { term: t('store.panel.lastIncremental'), value: when(backup.lastIncrementalAt) },
    {
      term: t('store.panel.nextBackup'),
      value: backup.dir === null ? t('store.backup.off') : when(nextBackup),
    },
    { term: t('store.panel.backupDir'), value: backup.dir ?? '—', code: true },
    backup.lastError !== null && {
      term: t('store.panel.lastError'),
      value: `${when(backup.lastErrorAt)} · ${backup.lastError}`,
      tone: 'warn',
    },
    {
      term: t('store.panel.history'),
      value: (
        <>
          {history.error === null ? (
            t('store.panel.historyDetail', {
              size: formatBytes(history.bytes),
              since: when(history.oldestRawTs),
            })
          ) : (
            <span className="ipanel__warn">{history.error}</span>
          )}
          {history.dropped > 0 && (
            <div className="ipanel__warn">
              {t('store.panel.historyDropped', { count: formatNumber(history.dropped, 0) })}
            </div>
          )}
        </>
      ),
    },
  ];
}
