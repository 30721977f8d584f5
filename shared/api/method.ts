import { z } from 'zod';
import type { Permission } from '../auth/roles';

/** One method of the contract: what it takes, what it answers, and the permission the engine checks first. */
export type MethodSpec = { params: z.ZodType; result: z.ZodType; permission: Permission };

/** The params of a method that takes nothing: an empty object and no more. */
export const NoParams = z.object({}).strict();

/** Why someone changes what the journal records: required, and short enough to read in the timeline. */
export const Reason = z.string().trim().min(1, 'say why').max(500);
