import type { DeskInfo } from '../../../../shared/api';
import { useI18n } from '../../i18n/context';

/**
 * The built-in demo fleet, but not a drill's: a training desk runs on the
 * demo's simulated fleet too, and says DRILL instead, never "demo".
 */
export function isDemoDesk(info: DeskInfo | null): boolean {
  return info?.fleet === 'demo' && !info.drill;
}

/**
 * The demo desk's marking, under the header on every screen: its fleet is
 * simulated and its first week generated, so nothing on it can be taken
 * for a real operation's record (reports and prints carry the same words).
 */
export function DemoBand() {
  const { t } = useI18n();
  return (
    <div className="banner banner--demo" role="note" aria-label={t('demo.band')}>
      {t('demo.band')}
    </div>
  );
}
