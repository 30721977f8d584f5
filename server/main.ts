import { parseArgs } from 'node:util';
import { loadServerConfig, ServerConfigError } from './config';
import type { EventStoreOptions } from './event-store';
import { startSyncServer } from './server';

const HELP = `DutyDesk sync server: keeps every desk's journal for the organisation.

  npm run server -- [--config FILE] [--port N] [--host ADDR] [--data DIR]

  --config  JSON file: host, port, databaseUrl, dataDir, desks [{id, name, sha256}], shared
            (also DUTYDESK_SERVER_CONFIG)
  --port    default 4880 (DUTYDESK_SERVER_PORT)
  --host    default 127.0.0.1 (DUTYDESK_SERVER_HOST)
  --data    PGlite data folder when there is no DATABASE_URL (DUTYDESK_SERVER_DATA)

DATABASE_URL=postgres://… stores everything in PostgreSQL instead of the embedded PGlite.
DUTYDESK_SERVER_DESKS='[{"id":"…","name":"…","sha256":"…"}]' registers desks without a file.
`;

function stamp(line: string): void {
  process.stdout.write(`${new Date().toISOString()} ${line}\n`);
}

/**
 * DUTYDESK_SERVER_TEST_HOLD_PUSH_MS (tests only): each push announces
 * "push received …" and holds its transaction open that long before
 * committing, so a test can kill the server while a batch is in flight.
 */
function testHooks(env: NodeJS.ProcessEnv): EventStoreOptions {
  const hold = Number(env.DUTYDESK_SERVER_TEST_HOLD_PUSH_MS ?? 0);
  if (!(hold > 0)) return {};
  return {
    beforeCommit: async (batch) => {
      stamp(`push received desk ${batch.desk} seq ${batch.from}-${batch.to}, commit in ${hold} ms`);
      await new Promise((done) => setTimeout(done, hold));
    },
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      config: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      data: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const flags = {
    ...(values.port !== undefined ? { port: Number(values.port) } : {}),
    ...(values.host !== undefined ? { host: values.host } : {}),
    ...(values.data !== undefined ? { dataDir: values.data } : {}),
  };
  const config = loadServerConfig(
    values.config ?? process.env.DUTYDESK_SERVER_CONFIG ?? null,
    process.env,
    flags,
  );
  const server = await startSyncServer(config, stamp, testHooks(process.env));
  const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${config.dataDir}`;
  stamp(`sync server on ${server.url}, ${config.desks.length} desks registered, data in ${where}`);
  if (config.desks.length === 0) stamp('no desks registered: every push will be refused (see --help)');
  const stop = () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error) => {
  const message =
    error instanceof ServerConfigError ? error.message : ((error as Error).stack ?? String(error));
  process.stderr.write(`dutydesk server: ${message}\n`);
  process.exit(1);
});
