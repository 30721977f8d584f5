import { useState } from 'react';
import { useI18n } from '../../i18n/context';
import { ActionDialog } from '../../ui/dialog/ActionDialog';
import { TextField } from '../../ui/field/Field';

type Props = {
  subject: string;
  count: number;
  defaultTitle: string;
  /** Creates the work order, then dispatches it when a crew is named. */
  onDispatch(title: string, crew: readonly string[]): Promise<void>;
  onClose(): void;
};

/** Seed 001: a crew has at least two people; a single name is refused here before the engine refuses it. */
export function crewOf(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[,，、;；\n]/)
        .map((name) => name.trim())
        .filter(Boolean),
    ),
  ];
}

/** The names of a crew, typed the Chinese or the English way. */
export function CrewField({
  label,
  value,
  testId,
  onValue,
}: {
  label: string;
  value: string;
  testId: string;
  onValue(text: string): void;
}) {
  const { t } = useI18n();
  return (
    <TextField
      label={label}
      data-testid={testId}
      wide
      maxLength={500}
      value={value}
      placeholder={t('alarms.dispatch.crewPlaceholder')}
      onValue={onValue}
    />
  );
}

export function DispatchDialog({ subject, count, defaultTitle, onDispatch, onClose }: Props) {
  const { t } = useI18n();
  const [title, setTitle] = useState(defaultTitle);
  const [crewText, setCrewText] = useState('');
  const crew = crewOf(crewText);
  return (
    <ActionDialog
      testId="dispatch-dialog"
      title={t('alarms.dispatch.title')}
      subject={subject}
      reason={null}
      confirmLabel={t('alarms.dispatch.confirm')}
      check={() => {
        if (title.trim() === '') return t('alarms.dialog.reasonMissing');
        if (crew.length === 1) return t('alarms.dispatch.crewTooFew');
        return null;
      }}
      onSubmit={() => onDispatch(title.trim(), crew)}
      onClose={onClose}
    >
      <p>{t('alarms.dispatch.alarms', { count })}</p>
      <TextField
        label={t('alarms.dispatch.titleField')}
        data-testid="dispatch-title"
        wide
        maxLength={200}
        value={title}
        onValue={setTitle}
      />
      <CrewField
        label={t('alarms.dispatch.crew')}
        value={crewText}
        testId="dispatch-crew"
        onValue={setCrewText}
      />
    </ActionDialog>
  );
}
