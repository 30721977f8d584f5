import { useState } from 'react';
import type { AlarmView } from '../../../../shared/api';
import type { Tier } from '../../../../shared/triage/tiers';
import { useI18n } from '../../i18n/context';
import { ActionDialog } from '../../ui/dialog/ActionDialog';
import { Choices } from '../../ui/dialog/Choices';
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
    >
      <p>{t('alarms.retier.now', { tier: t(`alarms.tier.${alarm.tier}`), rule: alarm.ruleId })}</p>
      <Choices
        name="retier-to"
        legend={t('alarms.retier.tier')}
        options={TIERS}
        value={tier}
        onChange={setTier}
        label={(x) => t(`alarms.tier.${x}`)}
        testId="retier-choice"
        row
      />
    </ActionDialog>
  );
}
