import type { DeskInfo } from '../../../../shared/api';
import { useI18n } from '../../i18n/context';

/**
 * The band a training desk shows above everything on every screen: nobody
 * may take a drill's alarms for the plant's. Striped, not red or amber, so
 * it never reads as an alarm; it says in words what it is.
 */
export function DrillBand({ info }: { info: DeskInfo | null }) {
  const { lang, t } = useI18n();
  const drill = info?.drill;
  if (!drill) return null;
  return (
    <section className="drill-band" role="status" aria-label={t('drill.band')}>
      <strong className="drill-band__mark">{t('drill.band')}</strong>
      <span className="drill-band__title">{drill.title[lang]}</span>
      <span>{t('drill.scale', { scale: drill.scale })}</span>
      <span>{t('drill.trainees', { names: drill.trainees.join(lang === 'zh-CN' ? '、' : ', ') })}</span>
      <span>{t('drill.lead', { name: drill.lead })}</span>
      <span className="drill-band__note">{t('drill.isolated')}</span>
    </section>
  );
}
