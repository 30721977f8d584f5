import { type FormEvent, type KeyboardEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import { useI18n } from '../../i18n/context';
import { useModal } from '../common/dialog';

type Props = {
  testId: string;
  title: string;
  /** What the action is about, under the title: the alarm or the group. */
  subject: string;
  children?: ReactNode;
  /** The mandatory reason; null for a dialog that asks for other fields instead. */
  reason: { label: string; placeholder: string } | null;
  confirmLabel: string;
  /** Extra checks before sending; a message keeps the dialog open and shows it. */
  check?(): string | null;
  /** Sends the action; a rejection keeps the dialog open with the engine's explanation. */
  onSubmit(reason: string): Promise<void>;
  onClose(): void;
  /** Number keys 1–9 pick the n-th choice, as in the control dialog. */
  onPick?(index: number): void;
};

/**
 * The shell of the queue's dialogs: a modal that traps focus, a reason that
 * is required, Enter to send, Esc to cancel, and the engine's refusal shown
 * in place so nothing typed is lost.
 */
export function ActionDialog({
  testId,
  title,
  subject,
  children,
  reason,
  confirmLabel,
  check,
  onSubmit,
  onClose,
  onPick,
}: Props) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const [text, setText] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useModal(ref, true);
  useEffect(() => {
    const dialog = ref.current;
    const first =
      dialog?.querySelector<HTMLElement>('input[type="radio"]:checked') ??
      dialog?.querySelector<HTMLElement>('input, textarea');
    first?.focus();
  }, []);

  const missing = reason !== null && text.trim() === '';
  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (busy) return;
    setTried(true);
    const problem = missing ? t('alarms.dialog.reasonMissing') : (check?.() ?? null);
    setError(problem);
    if (problem) return;
    setBusy(true);
    try {
      await onSubmit(text.trim());
      onClose();
    } catch (failure) {
      setError(
        t('alarms.actionFailed', { message: failure instanceof Error ? failure.message : String(failure) }),
      );
    } finally {
      setBusy(false);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDialogElement>) => {
    const target = event.target;
    const typing =
      target instanceof HTMLInputElement && target.type !== 'radio' && target.type !== 'checkbox';
    if (!typing && onPick && /^[1-9]$/.test(event.key)) {
      event.preventDefault();
      onPick(Number(event.key) - 1);
    } else if (event.key === 'Enter' && target instanceof HTMLInputElement && target.type === 'radio') {
      // A radio button does not submit its form on Enter by itself.
      event.preventDefault();
      void submit();
    }
  };

  return (
    <dialog
      ref={ref}
      className="control alarmdlg"
      data-testid={testId}
      aria-labelledby={`${testId}-title`}
      aria-busy={busy}
      onKeyDown={onKeyDown}
      onCancel={(event) => {
        if (busy) event.preventDefault();
      }}
      onClose={onClose}
    >
      <form onSubmit={submit} noValidate>
        <header className="control__head">
          <h2 id={`${testId}-title`}>{title}</h2>
          <p className="control__where">{subject}</p>
        </header>
        <div className="control__body">
          {children}
          {reason && (
            <div className="field">
              <label htmlFor={`${testId}-reason`}>{reason.label}</label>
              <input
                id={`${testId}-reason`}
                data-testid={`${testId}-reason`}
                className="field__wide"
                autoComplete="off"
                maxLength={500}
                value={text}
                placeholder={reason.placeholder}
                aria-invalid={tried && missing}
                onChange={(e) => setText(e.target.value)}
              />
            </div>
          )}
          {error && (
            <p className="field__error" role="alert" data-testid={`${testId}-error`}>
              {error}
            </p>
          )}
          {busy && (
            <p className="hint" role="status">
              {t('alarms.dialog.busy')}
            </p>
          )}
        </div>
        <footer className="control__foot">
          <span className="hint">{t('alarms.dialog.keys')}</span>
          <button type="button" className="button" data-testid={`${testId}-cancel`} onClick={onClose}>
            {t('alarms.dialog.cancel')}
          </button>
          <button
            type="submit"
            className="button button--primary"
            data-testid={`${testId}-confirm`}
            disabled={busy}
          >
            {confirmLabel}
          </button>
        </footer>
      </form>
    </dialog>
  );
}
