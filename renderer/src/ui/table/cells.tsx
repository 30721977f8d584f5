import '../kit.css';

type CellProps = {
  /** The path of the value (e.g. devices.3.port): data-field, so a problem can find its input. */
  field: string;
  label: string;
  value: string;
  testId: string;
  /** Shown as text, not as an input. */
  readOnly: boolean;
  /** What is wrong with the value, if anything: the input is marked and says it on hover. */
  error: string | null;
  onChange(value: string): void;
};

/** A table cell holding a text input; read-only, the text itself. */
export function TextCell({ field, label, value, testId, readOnly, error, onChange }: CellProps) {
  if (readOnly)
    return (
      <td data-field={field} title={value}>
        {value}
      </td>
    );
  return (
    <td>
      <input
        className="grid__input"
        data-field={field}
        data-testid={testId}
        aria-label={label}
        aria-invalid={error !== null ? true : undefined}
        title={error ?? undefined}
        value={value}
        spellCheck={false}
        autoComplete="off"
        onChange={(e) => onChange(e.target.value)}
      />
    </td>
  );
}

export type Option = { value: string; text: string; title?: string };

/**
 * A table cell holding a choice; `missing` names a value that is not among
 * the options (a station since removed), which stays selected until changed.
 */
export function SelectCell({
  field,
  label,
  value,
  testId,
  readOnly,
  error,
  options,
  missing,
  onChange,
}: CellProps & { options: readonly Option[]; missing: string | null }) {
  if (readOnly) return <td data-field={field}>{value}</td>;
  return (
    <td>
      <select
        className="grid__input"
        data-field={field}
        data-testid={testId}
        aria-label={label}
        aria-invalid={error !== null ? true : undefined}
        title={error ?? undefined}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      >
        {missing !== null && <option value={value}>{missing}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value} title={o.title}>
            {o.text}
          </option>
        ))}
      </select>
    </td>
  );
}
