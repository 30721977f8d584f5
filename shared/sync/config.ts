import { z } from 'zod';

/**
 * The desk's sync settings (the `sync` section of the station configuration
 * file). Without it the desk does not sync. The token may sit in the file or,
 * better, in an environment variable named by `tokenEnv`.
 */
export const SyncConfig = z
  .object({
    url: z.url({ protocol: /^https?$/, error: 'an http:// or https:// address of the sync server' }),
    token: z.string().min(1).optional(),
    tokenEnv: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name')
      .optional(),
    /** How often to push and pull while the server answers. */
    intervalMs: z.number().int().min(1000).max(3_600_000).default(10_000),
  })
  .strict()
  .refine((s) => (s.token === undefined) !== (s.tokenEnv === undefined), {
    message: 'give exactly one of token or tokenEnv',
    path: ['token'],
  });
export type SyncConfig = z.infer<typeof SyncConfig>;
