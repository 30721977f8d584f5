import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Journal } from '../../electron/store/journal';
import type { JournalInput } from '../../shared/journal/event';
import { type HeadlessDesk, type NodeProcess, startHeadless, startNode } from '../helpers/processes';

/**
 * A headless desk and a real sync server, each its own process, for the
 * specs of the sync panel. The ports follow E2E_PORT (the shared desk's),
 * so engineers running e2e side by side on one machine do not meet.
 */

const BASE_PORT = Number(process.env.E2E_PORT ?? 4873);
export const SYNC_DESK_PORT = BASE_PORT + 1;
export const SYNC_SERVER_PORT = BASE_PORT + 2;
export const SYNC_SERVER_URL = `http://127.0.0.1:${SYNC_SERVER_PORT}`;

/** A desk the server takes records from: its id, its name and its token (the server keeps only its SHA-256). */
export type KnownDesk = { id: string; name: string; token: string };

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The sync server on SYNC_SERVER_PORT, its data under `dir`/server, knowing `desks`. */
export function startSyncServer(dir: string, desks: readonly KnownDesk[]): Promise<NodeProcess> {
  return startNode(
    'out/main/server.js',
    ['--port', String(SYNC_SERVER_PORT), '--data', join(dir, 'server')],
    {
      env: {
        DUTYDESK_SERVER_DESKS: JSON.stringify(
          desks.map(({ id, name, token }) => ({ id, name, sha256: sha256(token) })),
        ),
      },
      ready: /sync server on/,
      timeoutMs: 60_000,
    },
  );
}

/**
 * The journal of the demo desk whose data is `dir`/desk, made before the
 * desk starts so the server can be told its id; `records` are already in
 * it, as from a shift that never reached a server. Returns the desk's id.
 */
export function prepareSyncDesk(dir: string, records: readonly JournalInput[] = []): string {
  mkdirSync(join(dir, 'desk', 'demo'), { recursive: true });
  const journal = Journal.open(join(dir, 'desk', 'demo', 'journal.sqlite'));
  if (records.length > 0) journal.appendMany([...records]);
  const id = journal.deskId;
  journal.close();
  return id;
}

/** The headless desk on SYNC_DESK_PORT with its data in `dir`/desk, syncing every half second with `token`. */
export function startSyncDesk(dir: string, token: string): Promise<HeadlessDesk> {
  return startHeadless(['--port', String(SYNC_DESK_PORT), '--data', join(dir, 'desk')], {
    env: {
      DUTYDESK_SYNC_URL: SYNC_SERVER_URL,
      DUTYDESK_SYNC_TOKEN: token,
      DUTYDESK_SYNC_INTERVAL_MS: '500',
    },
    timeoutMs: 60_000,
  });
}
