import type { Station } from '../../../../shared/api/model';
import { SelectField } from '../../ui/field/Field';

type Props = {
  label: string;
  /** The first choice: no station. */
  none: string;
  stations: readonly Station[];
  /** A station id, or '' for none. */
  value: string;
  onValue(stationId: string): void;
};

/** A station of the fleet by its name, or none: what a note is about, where a search looks. */
export function StationField({ label, none, stations, value, onValue }: Props) {
  const names = new Map(stations.map((s) => [s.id, s.name]));
  return (
    <SelectField
      className="ho-field"
      label={label}
      value={value || null}
      options={[...names.keys()]}
      word={(id) => names.get(id) ?? id}
      none={none}
      onValue={(id) => onValue(id ?? '')}
    />
  );
}
