import type { Station } from '../../api/model';
import type { DeviceConfig } from '../schema';
import { type Cell, COLUMNS, cellOfValue, type SheetKind } from './columns';

/** One sheet of an exported ledger: canonical headers, then a row per station or device. */
export type LedgerSheet = { kind: SheetKind; rows: Cell[][] };

function sheetOf(kind: SheetKind, items: readonly object[]): LedgerSheet {
  const keys = COLUMNS[kind].map((c) => c.key);
  const rows = items.map((item) => {
    const record = item as Record<string, unknown>;
    return keys.map((key) => cellOfValue(record[key]));
  });
  return { kind, rows: [keys, ...rows] };
}

/** The fleet as a ledger: what `readLedger` reads back to the same stations and devices. */
export function ledgerSheets(fleet: {
  stations: readonly Station[];
  devices: readonly DeviceConfig[];
}): LedgerSheet[] {
  return [sheetOf('stations', fleet.stations), sheetOf('devices', fleet.devices)];
}
