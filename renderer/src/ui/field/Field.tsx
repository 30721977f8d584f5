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

/** A labelled text input, in the kit's look (`input`). */
export function TextField({ label, hint, className, value, onValue, wide, error, ...input }: InputProps) {
  return (
    <Field label={label} hint={hint} className={className}>
      <input
        className={wide ? 'input field__wide' : 'input'}
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

type SelectProps<T extends string> = {
  label: ReactNode;
  className?: string;
  value: T | null;
  options: readonly T[];
  word(option: NoInfer<T>): ReactNode;
  /** The first choice, standing for no value (e.g. "All"); without it a value is always chosen. */
  none?: string;
  testId?: string;
  onValue(value: NoInfer<T> | null): void;
};

/** A labelled choice out of a list, in the kit's look (`input`). */
export function SelectField<T extends string>({
  label,
  className,
  value,
  options,
  word,
  none,
  testId,
  onValue,
}: SelectProps<T>) {
  return (
    <Field label={label} className={className}>
      <select
        className="input"
        value={value ?? ''}
        data-testid={testId}
        onChange={(event) => onValue(options.find((o) => o === event.target.value) ?? null)}
      >
        {none !== undefined && <option value="">{none}</option>}
        {options.map((option) => (
          <option key={option} value={option}>
            {word(option)}
          </option>
        ))}
      </select>
    </Field>
  );
}
