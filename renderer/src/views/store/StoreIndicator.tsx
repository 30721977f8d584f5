import { useEffect, useState } from 'react';
import type { StoreStatus } from '../../../../shared/api/store';
import { useI18n } from '../../i18n/context';
import { useFleetTime } from '../../i18n/fleetTime';
import { Indicator, whenText } from '../../ui/indicator/Indicator';
import { storeSignal } from './model';
import { storeRows } from './storeRows';

const RECHECK_MS = 60_000;

/**
 * The header's word on the local records: quiet grey while the journal is
 * intact and backups run, red for a broken chain, amber for a failed or
 * overdue backup. Enter or a click opens the details, where a full check
 * of the whole chain can be started (it also runs weekly).
 */
export function StoreIndicator({ status, onVerify }: { status: StoreStatus | null; onVerify?: () => void }) {
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
      rows={storeRows(status, label, when, t, onVerify)}
    />
  );
}
