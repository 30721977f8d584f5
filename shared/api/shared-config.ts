import { z } from 'zod';
import { SectionChange } from '../sync/shared-config';
import { NoParams } from './method';

/**
 * The organisation's shared configuration as this desk sees it: the newest
 * revision the server sent, the one applied here, and what applying the
 * newest would change. Until an admin applies it the desk runs on what it had.
 */
export const SharedConfigView = z.object({
  /** The newest revision received from the sync server; null before any. */
  held: z
    .object({ revision: z.int().min(1), receivedAt: z.number(), sections: z.array(z.string()) })
    .nullable(),
  /** The revision applied here, with who applied it, when and why; null before any. */
  applied: z
    .object({ revision: z.int().min(1), by: z.string(), at: z.number(), reason: z.string().nullable() })
    .nullable(),
  /** What applying the held revision would change; empty when there is nothing to apply. */
  changes: z.array(SectionChange),
  /** Why the held revision cannot be applied (it does not fit the schema), naming the field. */
  problem: z.string().nullable(),
});
export type SharedConfigView = z.infer<typeof SharedConfigView>;

/** A revision this desk published: its number on the server, the hash journalled, the sections sent. */
export const SharedConfigPublished = z.object({
  revision: z.int().min(1),
  hash: z.string(),
  sections: z.array(z.string()),
});
export type SharedConfigPublished = z.infer<typeof SharedConfigPublished>;

export const sharedConfigMethods = {
  'sharedConfig.get': { params: NoParams, result: SharedConfigView, permission: 'read' },
  /** Applies the held revision (it must be `revision`, the one reviewed) with a reason; journalled. */
  'sharedConfig.apply': {
    params: z
      .object({ revision: z.int().min(1), reason: z.string().trim().min(1, 'give a reason') })
      .strict(),
    result: SharedConfigView,
    permission: 'config.edit',
  },
  /**
   * Publishes this desk's roster, shifts and SLA presets to the other desks
   * as a new revision, based on the newest one this desk has seen; journalled.
   */
  'sharedConfig.publish': {
    params: z.object({ reason: z.string().trim().min(1, 'give a reason') }).strict(),
    result: SharedConfigPublished,
    permission: 'config.edit',
  },
} as const;
