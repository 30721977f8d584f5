import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { fieldPath } from '../shared/config/schema';
import { JsonValue } from '../shared/journal/event';
import { CREW_PAGE_DESK } from '../shared/sync/crew-link';

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, '64 lowercase hex digits (sha-256 of the token)');

export const DeskRegistration = z
  .object({
    /** The desk id its journal was created with (shown in the desk's sync detail). */
    id: z
      .string()
      .min(1)
      .max(200)
      .refine((id) => id !== CREW_PAGE_DESK, `"${CREW_PAGE_DESK}" is the server's own chain of crew answers`),
    name: z.string().min(1),
    /** sha-256 of the desk's token, hex; the token itself is never stored. */
    sha256: Sha256,
  })
  .strict();
export type DeskRegistration = z.infer<typeof DeskRegistration>;

export const ServerConfig = z
  .object({
    host: z.string().min(1).default('127.0.0.1'),
    port: z.number().int().min(0).max(65535).default(4880),
    /** PostgreSQL connection URL; without one the server keeps its data in PGlite under dataDir. */
    databaseUrl: z.string().min(1).optional(),
    dataDir: z.string().min(1).default('dutydesk-server-data'),
    desks: z.array(DeskRegistration).default([]),
    /** Configuration every desk pulls (e.g. shift schedule, SLA presets); a change becomes a new revision. */
    shared: JsonValue.optional(),
  })
  .strict()
  .superRefine((cfg, ctx) => {
    const ids = new Set<string>();
    const hashes = new Set<string>();
    cfg.desks.forEach((desk, i) => {
      if (ids.has(desk.id))
        ctx.addIssue({ code: 'custom', path: ['desks', i, 'id'], message: `duplicate desk "${desk.id}"` });
      if (hashes.has(desk.sha256)) {
        ctx.addIssue({ code: 'custom', path: ['desks', i, 'sha256'], message: 'two desks share one token' });
      }
      ids.add(desk.id);
      hashes.add(desk.sha256);
    });
  });
export type ServerConfig = z.infer<typeof ServerConfig>;
export type ServerConfigInput = z.input<typeof ServerConfig>;

export class ServerConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServerConfigError';
  }
}

type Env = Record<string, string | undefined>;

/**
 * The file (if any) first, then the environment over it: DATABASE_URL,
 * DUTYDESK_SERVER_HOST, DUTYDESK_SERVER_PORT, DUTYDESK_SERVER_DATA and
 * DUTYDESK_SERVER_DESKS (a JSON array of desk registrations), then flags.
 */
export function loadServerConfig(
  file: string | null,
  env: Env,
  flags: Partial<ServerConfigInput> = {},
): ServerConfig {
  let raw: Record<string, unknown> = {};
  const source = file ? `server config ${file}` : 'server config (environment and flags)';
  if (file) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new ServerConfigError(`${source}: cannot be read: ${(error as Error).message}`);
    }
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw new ServerConfigError(`${source}: not valid JSON: ${(error as Error).message}`);
    }
  }
  const fromEnv: Record<string, unknown> = {};
  if (env.DATABASE_URL) fromEnv.databaseUrl = env.DATABASE_URL;
  if (env.DUTYDESK_SERVER_HOST) fromEnv.host = env.DUTYDESK_SERVER_HOST;
  if (env.DUTYDESK_SERVER_PORT) fromEnv.port = Number(env.DUTYDESK_SERVER_PORT);
  if (env.DUTYDESK_SERVER_DATA) fromEnv.dataDir = env.DUTYDESK_SERVER_DATA;
  if (env.DUTYDESK_SERVER_DESKS) {
    try {
      fromEnv.desks = JSON.parse(env.DUTYDESK_SERVER_DESKS);
    } catch (error) {
      throw new ServerConfigError(`DUTYDESK_SERVER_DESKS: not valid JSON: ${(error as Error).message}`);
    }
  }
  const parsed = ServerConfig.safeParse({ ...raw, ...fromEnv, ...flags });
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    throw new ServerConfigError(`${source}: ${fieldPath(issue?.path ?? [])}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}
