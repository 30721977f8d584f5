import { formatInZone } from '../../shared/handover/format';
import type { Cell, CellKind } from './tables';

const HOUR = 3_600_000;

/** A cell as text, the same in CSV and PDF; `empty` is what a missing value reads as. */
export function cellText(value: Cell, kind: CellKind, timeZone: string, empty: string): string {
  if (value === null || value === '') return empty;
  if (typeof value === 'string') return value;
  switch (kind) {
    case 'int':
      return String(Math.round(value));
    case 'num2':
      return value.toFixed(2);
    case 'number':
      return Number.isInteger(value) ? String(value) : value.toFixed(2);
    case 'percent':
      return (value * 100).toFixed(2);
    case 'hours':
      return (value / HOUR).toFixed(2);
    case 'minutes':
      return (value / 60_000).toFixed(1);
    case 'time':
      return formatInZone(value, timeZone);
    default:
      return String(value);
  }
}

export const isNumeric = (kind: CellKind) => kind !== 'text' && kind !== 'time';
