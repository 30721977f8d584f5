import { useI18n } from '../../i18n/context';
import { KeyButton } from '../../ui/button/KeyButton';
import { PanePrompt } from '../../ui/list/DetailPane';

type Props = {
  /** Why an outage is asked for now (the alarm's, the work order's or the crew's prompt). */
  text: string;
  testId: string;
  disabled?: boolean;
  /** Opens the outage application; absent when the role may not file one (the prompt stays, without a button). */
  onApply?(): void;
};

/** The prompt of a pane to apply for an outage, with O to file it: the same in the alarm's and the work order's. */
export function OutagePrompt({ text, testId, disabled, onApply }: Props) {
  const { t } = useI18n();
  return (
    <PanePrompt text={text}>
      {onApply && (
        <KeyButton
          shortcut="O"
          className="button--primary"
          data-testid={testId}
          disabled={disabled}
          onClick={onApply}
        >
          {t('wo.action.outage')}
        </KeyButton>
      )}
    </PanePrompt>
  );
}
