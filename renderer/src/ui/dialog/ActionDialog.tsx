import { type FormEvent, type ReactNode, useState } from 'react';
import { useI18n } from '../../i18n/context';
import { Button } from '../button/Button';
import { ReasonField } from '../field/FreeText';
import { choiceKeys } from './Choices';
import { Dialog, DialogFoot, DialogStatus } from './Dialog';
import { messageOf, useSubmit } from './useSubmit';

type Part = 'confirm' | 'cancel' | 'error';

export type ActionDialogProps = {
  /** The dialog's test id; its parts are `<testId>-confirm`, `-cancel`, `-error`, `-reason` unless named. */
  testId: string;
  title: ReactNode;
  /** What the action is about, under the title: the alarm, the group, the record. */
  subject?: ReactNode;
  children?: ReactNode;
  /** The mandatory reason; null for a dialog that asks for other fields instead. */
  reason: { label: string; placeholder: string; testId?: string } | null;
  confirmLabel: string;
  /** Test ids that differ from the default names. */
  partIds?: Partial<Record<Part, string>>;
  /** The line shown while the action is in flight, when "Sending…" is not the word. */
  busyText?: string;
  /** How a refusal is said, when "Refused: …" is not the word. */
  refusal?(message: string): string;
  focus?: 'first' | 'empty';
  className?: string;
  /** Extra checks before sending; a message keeps the dialog open and shows it. */
  check?(): string | null;
  /** Sends the action; a rejection keeps the dialog open with the engine's explanation. */
  onSubmit(reason: string): Promise<void>;
  onClose(): void;
};

/**
 * The confirm-and-reason dialog: what is about to happen and to what, the
 * fields it needs (a reason that is required, or its own), Enter to send,
 * Esc to cancel, number keys for its Choices, and the engine's refusal
 * shown in place so nothing typed is lost.
 */
export function ActionDialog({
  testId,
  title,
  subject,
  children,
  reason,
  confirmLabel,
  partIds = {},
  busyText,
  refusal,
  focus,
  className,
  check,
  onSubmit,
  onClose,
}: ActionDialogProps) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [tried, setTried] = useState(false);
  const form = useSubmit((failure) =>
    refusal ? refusal(messageOf(failure)) : t('alarms.actionFailed', { message: messageOf(failure) }),
  );
  const part = (name: Part) => partIds[name] ?? `${testId}-${name}`;

  const missing = reason !== null && text.trim() === '';
  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (form.busy) return;
    setTried(true);
    const problem = missing ? t('alarms.dialog.reasonMissing') : (check?.() ?? null);
    form.setError(problem);
    if (problem) return;
    if (await form.run(() => onSubmit(text.trim()))) onClose();
  };

  return (
    <Dialog
      testId={testId}
      titleId={`${testId}-title`}
      title={title}
      subject={subject}
      busy={form.busy}
      focus={focus}
      className={className}
      onKeyDown={(event) => choiceKeys(event, () => void submit())}
      onClose={onClose}
    >
      <form onSubmit={submit} noValidate>
        <div className="dialog__body">
          {children}
          {reason && (
            <ReasonField
              label={reason.label}
              data-testid={reason.testId ?? `${testId}-reason`}
              value={text}
              placeholder={reason.placeholder}
              aria-invalid={tried && missing}
              onValue={setText}
            />
          )}
          <DialogStatus
            error={form.error}
            errorTestId={part('error')}
            busy={form.busy}
            busyText={busyText ?? t('alarms.dialog.busy')}
          />
        </div>
        <DialogFoot keys={t('alarms.dialog.keys')}>
          <Button testId={part('cancel')} onClick={onClose}>
            {t('alarms.dialog.cancel')}
          </Button>
          <Button primary submit testId={part('confirm')} disabled={form.busy}>
            {confirmLabel}
          </Button>
        </DialogFoot>
      </form>
    </Dialog>
  );
}
