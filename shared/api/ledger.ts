import { z } from 'zod';
import { type MethodSpec, Reason } from './method';

/**
 * Raw bytes of the ledger files together stay under a request frame (1 MB)
 * once in base64: ~600 KB is an XLSX of some 10,000 devices.
 */
export const MAX_LEDGER_BYTES = 600 * 1024;
const MAX_BASE64 = Math.ceil(MAX_LEDGER_BYTES / 3) * 4;

export const LedgerFile = z
  .object({
    name: z.string().trim().min(1).max(255),
    base64: z
      .string()
      .min(1, 'the file is empty')
      .max(
        MAX_BASE64,
        `the file is larger than ${MAX_LEDGER_BYTES / 1024} KB: split the ledger or drop its pictures`,
      )
      .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64'),
  })
  .strict();
export type LedgerFile = z.infer<typeof LedgerFile>;

const LedgerImport = z
  .object({
    /** One workbook (.xlsx) with a stations and a devices sheet, or one or two CSV files. */
    files: z.array(LedgerFile).min(1).max(2),
    /** Stations and devices the ledger does not list are removed; otherwise they stay. */
    removeMissing: z.boolean(),
  })
  .strict();

const Cell = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const ItemRef = z.object({ id: z.string(), name: z.string() });
const ListDiff = z.object({
  added: z.array(ItemRef),
  changed: z.array(
    ItemRef.extend({ changes: z.array(z.object({ field: z.string(), before: Cell, after: Cell })) }),
  ),
  removed: z.array(ItemRef),
  /** How many each list had before it was cut to what a reply carries. */
  counts: z.object({ added: z.number(), changed: z.number(), removed: z.number() }),
  unchanged: z.number(),
  kept: z.number(),
});
export type LedgerListDiff = z.infer<typeof ListDiff>;

export const LedgerIssue = z.object({
  sheet: z.string(),
  row: z.number().int().nullable(),
  column: z.string().nullable(),
  message: z.string(),
});
export type LedgerIssue = z.infer<typeof LedgerIssue>;

export const LedgerPreview = z.object({
  format: z.enum(['xlsx', 'csv']),
  sheets: z.array(
    z.object({
      name: z.string(),
      kind: z.enum(['stations', 'devices']),
      rows: z.number().int(),
      ignoredColumns: z.array(z.string()),
    }),
  ),
  ignoredSheets: z.array(z.string()),
  /** The first problems, in sheet and row order; `issueCount` says how many there are in all. */
  issues: z.array(LedgerIssue),
  issueCount: z.number().int(),
  /** What applying would change; null while the ledger has problems. */
  diff: z.object({ stations: ListDiff, devices: ListDiff }).nullable(),
  /** The configuration the preview was made against; applying refuses when it has changed since. */
  basis: z.string(),
});
export type LedgerPreview = z.infer<typeof LedgerPreview>;

export const LedgerExport = z.object({
  files: z.array(z.object({ name: z.string(), mime: z.string(), base64: z.string() })),
});
export type LedgerExport = z.infer<typeof LedgerExport>;

export const ledgerMethods = {
  'ledger.preview': { params: LedgerImport, result: LedgerPreview, permission: 'config.edit' },
  'ledger.apply': {
    params: LedgerImport.extend({
      basis: z.string().min(1),
      reason: Reason,
    }).strict(),
    result: z.object({ stations: z.number().int(), devices: z.number().int() }),
    permission: 'config.edit',
  },
  // The ledger holds every device's endpoint, which only those who configure the fleet take away.
  'ledger.export': {
    params: z.object({ format: z.enum(['xlsx', 'csv']) }).strict(),
    result: LedgerExport,
    permission: 'config.edit',
  },
} as const satisfies Record<string, MethodSpec>;
