import { useState } from 'react';
import type { AlarmView } from '../../../../shared/api';
import type { Tier } from '../../../../shared/triage/tiers';
import { useI18n } from '../../i18n/context';
import { ActionDialog } from './ActionDialog';
import { TIERS } from './model';

type Props = {
  alarm: AlarmView;
  subject: string;
  onRetier(tier: Tier, reason: string): Promise<void>;
  onClose(): void;
};

/** The monitor overrides the triage table for one alarm; the reason goes into its tier history. */
export function RetierDialog({ alarm, subject, onRetier, onClose }: Props) {
  const { t } = useI18n();
  const [tier, setTier] = useState<Tier>(TIERS.find((x) => x !== alarm.tier) ?? alarm.tier);
  const pick = (index: number) => {
    const next = TIERS[index];
    if (!next) return;
    setTier(next);
    document.querySelector<HTMLInputElement>(`input[name="retier-to"][value="${next}"]`)?.focus();
  };
  return (
    <ActionDialog
      testId="retier-dialog"
      title={t('alarms.retier.title')}
      subject={subject}
      reason={{ label: t('alarms.retier.reason'), placeholder: t('alarms.retier.reasonPlaceholder') }}
      confirmLabel={t('alarms.retier.confirm')}
      check={() => (tier === alarm.tier ? t('alarms.retier.same') : null)}
      onSubmit={(reason) => onRetier(tier, reason)}
      onClose={onClose}
      onPick={pick}
    >
      <p>{t('alarms.retier.now', { tier: t(`alarms.tier.${alarm.tier}`), rule: alarm.ruleId })}</p>
      <fieldset className="actions actions--row">
        <legend>{t('alarms.retier.tier')}</legend>
        {TIERS.map((x, i) => (
          <label key={x} className="action" data-selected={x === tier} data-testid="retier-choice">
            <input type="radio" name="retier-to" value={x} checked={x === tier} onChange={() => setTier(x)} />
            <kbd>{i + 1}</kbd>
            <span className="action__label">{t(`alarms.tier.${x}`)}</span>
          </label>
        ))}
      </fieldset>
    </ActionDialog>
  );
}
