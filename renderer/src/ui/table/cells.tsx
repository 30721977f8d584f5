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

/** What the input and the select of a cell share: their name, path, mark and value. */
function control({ field, label, value, testId, error, onChange }: CellProps) {
  return {
    className: 'grid__input',
    'data-field': field,
    'data-testid': testId,
    'aria-label': label,
    'aria-invalid': error !== null ? true : undefined,
    title: error ?? undefined,
    value,
    onChange: (event: { target: { value: string } }) => onChange(event.target.value),
  };
}

/** A table cell holding a text input; read-only, the text itself. */
export function TextCell(props: CellProps) {
  if (props.readOnly)
    return (
      <td data-field={props.field} title={props.value}>
        {props.value}
      </td>
    );
  return (
    <td>
      <input {...control(props)} spellCheck={false} autoComplete="off" />
    </td>
  );
}

export type Option = { value: string; text: string; title?: string };

/**
 * A table cell holding a choice; `missing` names a value that is not among
 * the options (a station since removed), which stays selected until changed.
 */
export function SelectCell({
  options,
  missing,
  ...props
}: CellProps & { options: readonly Option[]; missing: string | null }) {
  if (props.readOnly) return <td data-field={props.field}>{props.value}</td>;
  return (
    <td>
      <select {...control(props)}>
        {missing !== null && <option value={props.value}>{missing}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value} title={o.title}>
            {o.text}
          </option>
        ))}
      </select>
    </td>
  );
}
