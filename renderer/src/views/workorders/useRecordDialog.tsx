import { useState } from 'react';
import { useI18n } from '../../i18n/context';
import { ActionDialog } from '../../ui/dialog/ActionDialog';
import { NoteField } from '../../ui/field/FreeText';
import type { ApplicationAction, WorkOrderAction } from './model';

type ActionOf = { wo: Exclude<WorkOrderAction, 'outage'>; app: ApplicationAction };
/** A step's title or confirm word; passing it to t() checks that every one of them is a message. */
type StepKey = { [P in keyof ActionOf]: `${P}.${'action' | 'confirm'}.${ActionOf[P]}` }[keyof ActionOf];
/** The steps that ask for nothing but a reason. */
type ReasonOnly = { wo: 'reopen' | 'cancel'; app: 'reject' | 'withdraw' };
/** Their reason's label and their done words, checked as StepKey is. */
type ReasonKey = {
  [P in keyof ReasonOnly]: `${P}.field.${ReasonOnly[P]}Reason` | `${P}.done.${ReasonOnly[P]}`;
}[keyof ReasonOnly];

/**
 * What every step dialog of a work order (`wo`) or an application (`app`)
 * shares: its parts named `<prefix>-<action>-dialog`, the action's name as
 * title and its confirm word (`<prefix>.action.*`, `<prefix>.confirm.*`),
 * and the optional note some steps take.
 */
export function useRecordDialog<P extends keyof ActionOf>(
  prefix: P,
  action: ActionOf[P],
  subject: string,
  onClose: () => void,
) {
  const { t } = useI18n();
  const [note, setNote] = useState('');
  const testId = `${prefix}-${action}-dialog`;
  // TypeScript does not pair a generic prefix with its own actions; ActionOf does.
  const word = (kind: 'action' | 'confirm') => t(`${prefix}.${kind}.${action}` as StepKey);
  const common = { testId, subject, title: word('action'), confirmLabel: word('confirm'), onClose };
  const noteField = (label: string) => (
    <NoteField label={label} data-testid={`${testId}-note`} value={note} onValue={setNote} />
  );
  /** The note as the engine takes it: left out when nothing was typed. */
  const optionalNote = (): { note?: string } => (note.trim() ? { note: note.trim() } : {});
  /**
   * The dialog of a step that asks only for a reason (`<prefix>.field.<action>Reason`):
   * `send` records it, then `onDone` gets the step's done words for record `id`.
   */
  const reasonStep = (
    id: string,
    send: (reason: string) => Promise<unknown>,
    onDone: (text: string) => void,
  ) => (
    <ActionDialog
      {...common}
      reason={{
        label: t(`${prefix}.field.${action}Reason` as ReasonKey),
        placeholder: t('wo.field.reasonPlaceholder'),
      }}
      onSubmit={async (reason) => {
        await send(reason);
        onDone(t(`${prefix}.done.${action}` as ReasonKey, { id }));
      }}
    />
  );
  return { common, note: note.trim(), noteField, optionalNote, reasonStep };
}
