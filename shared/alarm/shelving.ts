import { z } from 'zod';
import { Priority } from './priority';
import { DEFAULT_SHELVING_POLICY, type ShelvingPolicy } from './state';

const HOUR = 3_600_000;

/**
 * The longest shelf a site allows per priority, in hours. A critical alarm
 * shelved for a whole shift hides a safety matter for too long, so a site
 * may hold its critical and high alarms to less than the shift. Priorities
 * not named keep the default of one shift (8 h).
 */
export const ShelveMaxHours = z
  .object(
    Object.fromEntries(
      Priority.options.map((p) => [
        p,
        z
          .number()
          .min(0.25, 'at least 0.25 h (15 minutes)')
          .max(24, 'at most 24 h: a shelf never outlives the day')
          .optional(),
      ]),
    ) as Record<Priority, z.ZodOptional<z.ZodNumber>>,
  )
  .strict();
export type ShelveMaxHours = z.infer<typeof ShelveMaxHours>;

/** The shelving policy for an alarm of `priority`: the site's maximum, or one shift. */
export function shelvingFor(maxHours: ShelveMaxHours | undefined, priority: Priority): ShelvingPolicy {
  const hours = maxHours?.[priority];
  if (hours === undefined) return { ...DEFAULT_SHELVING_POLICY, priority };
  return { maxShelveMs: Math.round(hours * HOUR), priority };
}
