import { useState } from 'react';
import { useI18n } from '../../i18n/context';
import type { DeskClient } from '../../transport';
import { ActionDialog } from '../../ui/dialog/ActionDialog';
import { TextField } from '../../ui/field/Field';
import { type CrewChoice, CrewChoices, useCrewRanking } from '../workorders/CrewChoices';

type Props = {
  subject: string;
  /** The alarms the work order is for: the desk ranks its crews for them. */
  alarmIds: readonly string[];
  client: DeskClient;
  defaultTitle: string;
  /** Creates the work order, then dispatches it when a crew is named. */
  onDispatch(title: string, crew: readonly string[], choice: CrewChoice | null): Promise<void>;
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

/**
 * D in the alarm queue: the work order's title, the crews the desk ranks
 * for these alarms (number keys pick, the first is chosen), or names typed
 * by hand. Picking a crew fills its members; a crew on an emergency needs
 * an override reason.
 */
export function DispatchDialog({ subject, alarmIds, client, defaultTitle, onDispatch, onClose }: Props) {
  const { t } = useI18n();
  const [title, setTitle] = useState(defaultTitle);
  const rank = useCrewRanking(client, alarmIds, '');
  const crew = crewOf(rank.crewText);
  const { chosen } = rank;

  return (
    <ActionDialog
      testId="dispatch-dialog"
      title={t('alarms.dispatch.title')}
      subject={subject}
      // A crew on an emergency goes only with a reason: the dialog's own mandatory reason asks for it.
      reason={chosen && !chosen.offered ? rank.overrideReason('dispatch-override') : null}
      confirmLabel={t('alarms.dispatch.confirm')}
      check={() => {
        if (title.trim() === '') return t('alarms.dialog.reasonMissing');
        if (crew.length === 1) return t('alarms.dispatch.crewTooFew');
        return null;
      }}
      onSubmit={(reason) => onDispatch(title.trim(), crew, rank.choice(reason) ?? null)}
      onClose={onClose}
    >
      <p>{t('alarms.dispatch.alarms', { count: alarmIds.length })}</p>
      <TextField
        label={t('alarms.dispatch.titleField')}
        data-testid="dispatch-title"
        wide
        maxLength={200}
        value={title}
        onValue={setTitle}
      />
      <CrewChoices rank={rank} />
      <CrewField
        label={t('alarms.dispatch.crew')}
        value={rank.crewText}
        testId="dispatch-crew"
        onValue={rank.setCrewText}
      />
    </ActionDialog>
  );
}
