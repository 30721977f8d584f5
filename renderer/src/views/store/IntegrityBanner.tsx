import type { StoreStatus } from '../../../../shared/api/store';
import { useI18n } from '../../i18n/context';
import './store.css';

/**
 * A journal whose hash chain does not verify is the worst thing the desk can
 * report, so it stays on screen in the alarm colour for as long as the desk
 * runs, naming the first broken event. It cannot be dismissed: the fix is
 * an investigation, not a click.
 */
export function IntegrityBanner({ status }: { status: StoreStatus | null }) {
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
