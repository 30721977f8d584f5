import { z } from 'zod';
import type { Permission } from '../auth/roles';

/** One method of the contract: what it takes, what it answers, and the permission the engine checks first. */
export type MethodSpec = { params: z.ZodType; result: z.ZodType; permission: Permission };

/** The params of a method that takes nothing: an empty object and no more. */
export const NoParams = z.object({}).strict();
