import { z } from 'zod';
import { type MethodSpec, Reason } from './method';

/** What the shift lead types to confirm: a reset throws away everything done on the demo desk since its week. */
export const DEMO_RESET_CONFIRM = 'reset the demo';

export const DemoResetRequest = z
  .object({
    confirm: z.literal(DEMO_RESET_CONFIRM, { error: `type "${DEMO_RESET_CONFIRM}" to confirm` }),
    reason: Reason,
  })
  .strict();

export const DemoResetResult = z.object({
  /** When the request was journalled; the reset itself happens as the demo desk next starts. */
  requestedAt: z.number(),
  restartNeeded: z.literal(true),
});
export type DemoResetResult = z.infer<typeof DemoResetResult>;

export const demoMethods = {
  /** The demo desk back to its generated week at the next start; shift leads and admins, journalled with the reason. */
  'demo.reset': { params: DemoResetRequest, result: DemoResetResult, permission: 'duty.approve' },
} as const satisfies Record<string, MethodSpec>;
