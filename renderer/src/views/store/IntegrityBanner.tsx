import type { StoreStatus } from '../../../../shared/api/store';
import { useI18n } from '../../i18n/context';
import { useFleetTime } from '../../i18n/fleetTime';
import './store.css';

/**
 * A journal whose hash chain does not verify is the worst thing the desk can
 * report, so it stays on screen in the alarm colour for as long as the desk
 * runs, naming the first broken event. It cannot be dismissed: the fix is
 * an investigation, not a click. A journal that cannot be written (a full
 * disk, a read-only folder) gets its own banner beside it, until the next
 * write reaches the disk: every action is refused meanwhile, and the
 * operator must know why before trying one.
 */
export function IntegrityBanner({ status }: { status: StoreStatus | null }) {
  return (
    <>
      <ChainBanner status={status} />
      <WritableBanner status={status} />
    </>
  );
}

function ChainBanner({ status }: { status: StoreStatus | null }) {
  const { t } = useI18n();
  const integrity = status?.integrity;
  if (integrity?.state === 'broken') {
    return (
      <div className="banner banner--error store-banner" role="alert" data-testid="integrity-banner">
        <strong>⚠ {t('store.banner.broken', { seq: integrity.brokenAt })}</strong>
        <span className="store-banner__reason">{t('store.banner.reason', { reason: integrity.reason })}</span>
      </div>
    );
  }
  if (integrity?.state === 'failed') {
    return (
      <div className="banner banner--error store-banner" role="alert" data-testid="integrity-banner">
        <strong>⚠ {t('store.banner.failed', { error: integrity.error })}</strong>
      </div>
    );
  }
  return null;
}

function WritableBanner({ status }: { status: StoreStatus | null }) {
  const { t } = useI18n();
  const time = useFleetTime();
  const writable = status?.journal.writable;
  if (!writable || writable.ok) return null;
  const since = `${time.date(writable.since)} ${time.clock(writable.since)}`;
  return (
    <div className="banner banner--error store-banner" role="alert" data-testid="writable-banner">
      <strong>
        ⚠ {t(writable.cause === 'full' ? 'store.banner.full' : 'store.banner.readOnly', { since })}
      </strong>
      <span className="store-banner__reason">{t('store.banner.reason', { reason: writable.reason })}</span>
    </div>
  );
}
