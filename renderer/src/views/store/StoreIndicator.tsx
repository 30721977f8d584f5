import { useEffect, useState } from 'react';
import type { StoreStatus } from '../../../../shared/api/store';
import { useI18n } from '../../i18n/context';
import { useFleetTime } from '../../i18n/fleetTime';
import { formatNumber } from '../../i18n/format';
import { Indicator, whenText } from '../../ui/indicator/Indicator';
import { formatBytes, storeSignal } from './model';

const RECHECK_MS = 60_000;

/**
 * The header's word on the local records: quiet grey while the journal is
 * intact and backups run, red for a broken chain, amber for a failed or
 * overdue backup. Enter or a click opens the details.
 */
export function StoreIndicator({ status }: { status: StoreStatus | null }) {
  const { t } = useI18n();
  const time = useFleetTime();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    // "Overdue" depends on the clock, not only on pushed changes.
    const timer = setInterval(() => setNow(Date.now()), RECHECK_MS);
    return () => clearInterval(timer);
  }, []);
  if (!status) return null;
  const signal = storeSignal(status, now);
  const label = t(signal.key, 'percent' in signal ? { percent: signal.percent } : undefined);
  const when = (at: number | null) => whenText(at, time, t('store.panel.never'));
  const { integrity, backup, history, journal } = status;
  const nextBackup = Math.min(
    backup.nextFullAt ?? Number.POSITIVE_INFINITY,
    backup.nextIncrementalAt ?? Number.POSITIVE_INFINITY,
  );

  return (
    <Indicator
      name="store"
      tone={signal.tone}
      data-tone={signal.tone}
      icon={signal.tone === 'normal' ? '▣' : '⚠'}
      label={label}
      hint={t('store.panel.title')}
      title={t('store.panel.title')}
      closeLabel={t('store.panel.close')}
      rows={[
        {
          term: t('store.panel.journal'),
          value: `${t('store.panel.events', { count: formatNumber(journal.events, 0) })} · ${formatBytes(journal.bytes)}`,
        },
        {
          term: t('store.panel.integrity'),
          value: `${label}${'verifiedAt' in integrity ? ` · ${t('store.panel.verifiedAt', { time: when(integrity.verifiedAt) })}` : ''}`,
          tone: integrity.state === 'broken' || integrity.state === 'failed' ? 'fault' : undefined,
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
      ]}
    />
  );
}
