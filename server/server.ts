import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { buildSyncApp } from './app';
import type { ServerConfig } from './config';
import { CrewService } from './crew/service';
import { openServerDatabase } from './database';
import { EventStore, type EventStoreOptions } from './event-store';
import { migrate } from './schema';

export type SyncServer = {
  url: string;
  store: EventStore;
  database: 'postgres' | 'pglite';
  close(): Promise<void>;
};

/** Opens the database, brings its schema up to date, publishes the shared configuration and listens. */
export async function startSyncServer(
  config: ServerConfig,
  log: (line: string) => void = () => {},
  storeOptions: EventStoreOptions = {},
): Promise<SyncServer> {
  const db = await openServerDatabase(
    config.databaseUrl ? { url: config.databaseUrl } : { dataDir: resolve(config.dataDir) },
  );
  try {
    await migrate(db);
    const store = new EventStore(db, storeOptions);
    if (config.shared !== undefined) {
      const shared = await store.setSharedConfig(config.shared);
      log(`shared configuration: revision ${shared.revision}`);
    }
    const now = storeOptions.now ?? Date.now;
    const crew = new CrewService(db, store, config.desks, now);
    const app = buildSyncApp({ store, desks: config.desks, crew, log, now });
    await app.listen({ host: config.host, port: config.port });
    const address = app.server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return {
      url: `http://${host}:${address.port}`,
      store,
      database: db.kind,
      async close() {
        await app.close();
        await db.close();
      },
    };
  } catch (error) {
    await db.close().catch(() => {});
    throw error;
  }
}
