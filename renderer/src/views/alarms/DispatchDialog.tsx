import { useState } from 'react';
import { useI18n } from '../../i18n/context';
import { ActionDialog } from './ActionDialog';

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
      <div className="field">
        <label htmlFor="dispatch-title">{t('alarms.dispatch.titleField')}</label>
        <input
          id="dispatch-title"
          data-testid="dispatch-title"
          className="field__wide"
          autoComplete="off"
          maxLength={200}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="dispatch-crew">{t('alarms.dispatch.crew')}</label>
        <input
          id="dispatch-crew"
          data-testid="dispatch-crew"
          className="field__wide"
          autoComplete="off"
          maxLength={500}
          value={crewText}
          placeholder={t('alarms.dispatch.crewPlaceholder')}
          onChange={(e) => setCrewText(e.target.value)}
        />
      </div>
    </ActionDialog>
  );
}
