import { type ReactNode, useState } from 'react';

type Props = {
  /** The button's words. */
  label: ReactNode;
  testId: string;
  className?: string;
  /** Why the button is greyed, on hover; absent while it may be used. */
  refused?: string | null;
  /** What the dialog's action did, said beside the button once done (a status line). */
  done?: { text: string; testId: string } | null;
  /** The dialog, while open; it calls `close` when it ends either way, and is built anew (empty) each time. */
  dialog(close: () => void): ReactNode;
};

/** A button that opens a dialog (a confirm-and-reason action in a panel), and the line saying what it did. */
export function DialogButton({ label, testId, className = 'button', refused, done, dialog }: Props) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className={className}
        disabled={Boolean(refused)}
        title={refused || undefined}
        data-testid={testId}
        onClick={() => setOpen(true)}
      >
        {label}
      </button>
      {done && (
        <span role="status" data-testid={done.testId}>
          {done.text}
        </span>
      )}
      {open && dialog(() => setOpen(false))}
    </>
  );
}
