import type { Station } from '../../api/model';
import type { DeviceConfig } from '../schema';
import { type Cell, cellOfValue } from './columns';
import type { Ledger } from './read';

export type FieldChange = { field: string; before: Cell; after: Cell };
export type ItemRef = { id: string; name: string };
export type ItemChange = ItemRef & { changes: FieldChange[] };

/** What applying the ledger does to one list: added, changed field by field, removed, and what stays. */
export type ListDiff = {
  added: ItemRef[];
  changed: ItemChange[];
  removed: ItemRef[];
  /** Listed in the ledger and equal to the configuration. */
  unchanged: number;
  /** Configured, not in the ledger, and kept because removal was not asked for. */
  kept: number;
};

export type LedgerDiff = { stations: ListDiff; devices: ListDiff };

type Fleet = { stations: readonly Station[]; devices: readonly DeviceConfig[] };
type Item = { id: string; name: string };

function changesOf(before: object, after: object): FieldChange[] {
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return fields
    .map((field) => ({ field, before: cellOfValue(b[field]), after: cellOfValue(a[field]) }))
    .filter((change) => change.before !== change.after);
}

function diffList<T extends Item>(
  current: readonly T[],
  listed: readonly T[] | null,
  removeMissing: boolean,
): ListDiff {
  if (!listed) return { added: [], changed: [], removed: [], unchanged: 0, kept: current.length };
  const now = new Map(current.map((item) => [item.id, item]));
  const inLedger = new Set(listed.map((item) => item.id));
  const diff: ListDiff = { added: [], changed: [], removed: [], unchanged: 0, kept: 0 };
  for (const item of listed) {
    const before = now.get(item.id);
    if (!before) diff.added.push({ id: item.id, name: item.name });
    else {
      const changes = changesOf(before, item);
      if (changes.length) diff.changed.push({ id: item.id, name: item.name, changes });
      else diff.unchanged++;
    }
  }
  for (const item of current) {
    if (inLedger.has(item.id)) continue;
    if (removeMissing) diff.removed.push({ id: item.id, name: item.name });
    else diff.kept++;
  }
  return diff;
}

export function diffLedger(current: Fleet, ledger: Ledger, removeMissing: boolean): LedgerDiff {
  return {
    stations: diffList(current.stations, ledger.stations, removeMissing),
    devices: diffList(current.devices, ledger.devices, removeMissing),
  };
}

/** Configured items keep their place (changed ones in their new form), new ones follow in ledger order. */
function mergeList<T extends Item>(
  current: readonly T[],
  listed: readonly T[] | null,
  removeMissing: boolean,
): T[] {
  if (!listed) return [...current];
  const byId = new Map(listed.map((item) => [item.id, item]));
  const kept = current.flatMap((item) => {
    const next = byId.get(item.id);
    if (next) return [next];
    return removeMissing ? [] : [item];
  });
  const known = new Set(current.map((item) => item.id));
  return [...kept, ...listed.filter((item) => !known.has(item.id))];
}

/** The stations and devices the configuration has once the ledger is applied. */
export function mergeLedger(
  current: Fleet,
  ledger: Ledger,
  removeMissing: boolean,
): { stations: Station[]; devices: DeviceConfig[] } {
  return {
    stations: mergeList(current.stations, ledger.stations, removeMissing),
    devices: mergeList(current.devices, ledger.devices, removeMissing),
  };
}

export function isEmptyDiff(diff: LedgerDiff): boolean {
  return [diff.stations, diff.devices].every(
    (d) => !d.added.length && !d.changed.length && !d.removed.length,
  );
}
