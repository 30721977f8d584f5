import { type KeyboardEvent, type ReactNode, useEffect, useRef } from 'react';
import { useModal } from './modal';
import '../kit.css';

type Props = {
  testId: string;
  /** The id of the title, which names the dialog. */
  titleId: string;
  title: ReactNode;
  /** What the dialog is about, under the title: the alarm, the device, the record. */
  subject?: ReactNode;
  /** More of the header, under the subject (e.g. the steps of a multi-step dialog). */
  head?: ReactNode;
  /** While busy the dialog stays: Esc is refused, so an action in flight ends on screen with its outcome. */
  busy: boolean;
  /**
   * Which field has focus when the dialog opens: the chosen radio or the first
   * field; the first field still empty; or none (the dialog focuses itself).
   */
  focus?: 'first' | 'empty' | 'none';
  className?: string;
  /** data-step and the like, on the dialog element. */
  step?: string;
  onKeyDown?(event: KeyboardEvent<HTMLDialogElement>): void;
  onClose(): void;
  children: ReactNode;
};

/**
 * The frame of every dialog of the desk: a modal that traps focus, a title
 * that names it, Esc to cancel (not while busy), and focus back where it was
 * on close.
 */
export function Dialog({
  testId,
  titleId,
  title,
  subject,
  head,
  busy,
  focus = 'first',
  className,
  step,
  onKeyDown,
  onClose,
  children,
}: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  useModal(ref, true);
  // After useModal, so the dialog is up before focus moves into it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the first focus only, when the dialog opens.
  useEffect(() => {
    if (ref.current && focus !== 'none') firstField(ref.current, focus)?.focus();
  }, []);
  return (
    <dialog
      ref={ref}
      className={className ? `dialog ${className}` : 'dialog'}
      data-testid={testId}
      data-step={step}
      aria-labelledby={titleId}
      aria-busy={busy}
      onKeyDown={onKeyDown}
      onCancel={(event) => {
        if (busy) event.preventDefault();
      }}
      onClose={() => {
        // Chrome lets a second Esc close a dialog even when cancel was refused; it comes back until the reply.
        if (busy) ref.current?.showModal();
        else onClose();
      }}
    >
      <header className="dialog__head">
        <h2 id={titleId}>{title}</h2>
        {subject !== undefined && <p className="dialog__where">{subject}</p>}
        {head}
      </header>
      {children}
    </dialog>
  );
}

function firstField(dialog: HTMLDialogElement, focus: 'first' | 'empty'): HTMLElement | null {
  const fields = [...dialog.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea')];
  if (focus === 'empty') return fields.find((f) => f.value === '') ?? fields[0] ?? null;
  return dialog.querySelector<HTMLElement>('input[type="radio"]:checked') ?? fields[0] ?? null;
}

/** The dialog's buttons, right-aligned, with its keys said on the left. */
export function DialogFoot({ keys, children }: { keys?: string; children: ReactNode }) {
  return (
    <footer className="dialog__foot">
      {keys && <span className="hint">{keys}</span>}
      {children}
    </footer>
  );
}

/** The refusal of the last try (an alert) and the busy line while the action is in flight. */
export function DialogStatus({
  error,
  errorTestId,
  busy,
  busyText,
}: {
  error: string | null;
  errorTestId: string;
  busy: boolean;
  busyText: string;
}) {
  return (
    <>
      {error && (
        <p className="field__error" role="alert" data-testid={errorTestId}>
          {error}
        </p>
      )}
      {busy && (
        <p className="hint" role="status">
          {busyText}
        </p>
      )}
    </>
  );
}
