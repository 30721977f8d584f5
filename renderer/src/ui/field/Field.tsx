import type { InputHTMLAttributes, ReactNode } from 'react';
import '../kit.css';

type FieldProps = {
  label: ReactNode;
  /** A smaller line under the control: a rule, the unit, what it is for. */
  hint?: ReactNode;
  /** The look: `field` in dialogs; a card or panel may bring its own (e.g. `auth__field`). */
  className?: string;
  children: ReactNode;
};

/** A control with its label above it; the label wraps the control, so a click on the words focuses it. */
export function Field({ label, hint, className = 'field', children }: FieldProps) {
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control is the child passed in.
    <label className={className}>
      <span>{label}</span>
      {children}
      {hint && <small>{hint}</small>}
    </label>
  );
}

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'className'> & {
  label: ReactNode;
  hint?: ReactNode;
  className?: string;
  value: string;
  onValue(value: string): void;
  /** A line of free text across a dialog: full width, no autofill. */
  wide?: boolean;
  /** The field was tried and is wrong: marked, and the message said under it. */
  error?: { text: string; testId: string } | null;
};

/** A labelled text input. */
export function TextField({ label, hint, className, value, onValue, wide, error, ...input }: InputProps) {
  return (
    <Field label={label} hint={hint} className={className}>
      <input
        className={wide ? 'field__wide' : undefined}
        autoComplete={wide ? 'off' : undefined}
        {...input}
        value={value}
        aria-invalid={error ? true : input['aria-invalid']}
        onChange={(event) => onValue(event.target.value)}
      />
      {error && (
        <strong className="field__error" data-testid={error.testId}>
          {error.text}
        </strong>
      )}
    </Field>
  );
}

/**
 * A password, never shown back. `current-password` signs in or checks a
 * signature; `new-password` lets the browser offer a strong one.
 */
export function PasswordField({
  autoComplete = 'current-password',
  ...props
}: Omit<InputProps, 'type' | 'wide'> & { autoComplete?: 'current-password' | 'new-password' }) {
  return <TextField type="password" autoComplete={autoComplete} {...props} />;
}
