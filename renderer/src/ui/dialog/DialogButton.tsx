import { type ReactNode, useState } from 'react';

/** A button that opens a dialog; the dialog is drawn only while open and is given how to close itself. */
export function DialogButton({
  className = 'button',
  testId,
  label,
  dialog,
}: {
  className?: string;
  testId: string;
  label: ReactNode;
  dialog(close: () => void): ReactNode;
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className={className} data-testid={testId} onClick={() => setOpen(true)}>
        {label}
      </button>
      {open && dialog(() => setOpen(false))}
    </>
  );
}
