import { z } from 'zod';

/**
 * The desk's sync settings (the `sync` section of the station configuration
 * file). Without it the desk does not sync. The token is best kept in the
 * desk's secret store (`--set-secret sync-token`; neither `token` nor
 * `tokenEnv` given), or in an environment variable named by `tokenEnv`. A
 * `token` in the file is moved into the secret store when the desk starts.
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
  .refine((s) => s.token === undefined || s.tokenEnv === undefined, {
    message: 'give at most one of token or tokenEnv (neither: the token kept with --set-secret sync-token)',
    path: ['token'],
  });
export type SyncConfig = z.infer<typeof SyncConfig>;
