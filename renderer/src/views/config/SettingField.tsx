import { errorAt, type FieldError } from './model';

type SettingProps = {
  label: string;
  field: string;
  value: string;
  readOnly: boolean;
  errors: readonly FieldError[];
  onChange(value: string): void;
};

/** One number of the config (poll interval, timeout, a shelf maximum); read-only, the value as text. */
export function SettingField({ label, field, value, readOnly, errors, onChange }: SettingProps) {
  const error = errorAt(errors, field);
  if (readOnly) {
    return (
      <div className="setting">
        <span className="setting__label">{label}</span>
        <span className="setting__value" data-field={field}>
          {value}
        </span>
      </div>
    );
  }
  return (
    <label className="setting">
      <span className="setting__label">{label}</span>
      <input
        className="input setting__input"
        data-field={field}
        data-testid={`cfg-${field}`}
        inputMode="numeric"
        aria-invalid={error ? true : undefined}
        title={error?.message}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </label>
  );
}
