import type { AlarmView } from '../../../../shared/api';
import type { Tier } from '../../../../shared/triage/tiers';
import { useI18n } from '../../i18n/context';
import { ChoiceDialog } from '../../ui/dialog/ChoiceDialog';
import { TIERS } from './model';
import { reasonDialog } from './words';

type Props = {
  alarm: AlarmView;
  subject: string;
  onRetier(tier: Tier, reason: string): Promise<void>;
  onClose(): void;
};

/** The monitor overrides the triage table for one alarm; the reason goes into its tier history. */
export function RetierDialog({ alarm, subject, onRetier, onClose }: Props) {
  const { t } = useI18n();
  return (
    <ChoiceDialog
      {...reasonDialog(t, 'retier', subject)}
      choice={{
        options: TIERS,
        initial: TIERS.find((x) => x !== alarm.tier) ?? alarm.tier,
        legend: t('alarms.retier.tier'),
        label: (x) => t(`alarms.tier.${x}`),
        testId: 'retier-choice',
      }}
      check={(tier) => (tier === alarm.tier ? t('alarms.retier.same') : null)}
      onSubmit={onRetier}
      onClose={onClose}
    >
      <p>{t('alarms.retier.now', { tier: t(`alarms.tier.${alarm.tier}`), rule: alarm.ruleId })}</p>
    </ChoiceDialog>
  );
}
