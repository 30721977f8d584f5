import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/** What the store needs of either engine: parameterised queries returning rows. */
export type Sql = {
  query<Row>(text: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Several statements without parameters (schema changes). */
  exec(text: string): Promise<void>;
};

export type ServerDatabase = Sql & {
  readonly kind: 'postgres' | 'pglite';
  /** Runs `work` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
};

/**
 * PostgreSQL when a connection URL is given; otherwise PGlite (PostgreSQL
 * compiled to WebAssembly, in this process) keeping its files in `dataDir`.
 * The store's SQL is written for both: PostgreSQL 15 and PGlite's 17/18.
 */
export async function openServerDatabase(
  target: { url: string } | { dataDir: string },
): Promise<ServerDatabase> {
  return 'url' in target ? openPostgres(target.url) : openPglite(target.dataDir);
}

async function openPostgres(url: string): Promise<ServerDatabase> {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  // An idle client losing its connection must not take the server down; the next query reconnects.
  pool.on('error', () => {});
  const wrap = (client: pg.Pool | pg.PoolClient): Sql => ({
    async query<Row>(text: string, params: readonly unknown[] = []) {
      return (await client.query(text, [...params])).rows as Row[];
    },
    async exec(text: string) {
      await client.query(text);
    },
  });
  // Fail at start, with the database's own words, rather than at the first push.
  await pool.query('SELECT 1');
  return {
    kind: 'postgres',
    ...wrap(pool),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

async function openPglite(dataDir: string): Promise<ServerDatabase> {
  const db = await PGlite.create(dataDir);
  const wrap = (client: Pick<PGlite, 'query' | 'exec'>): Sql => ({
    async query<Row>(text: string, params: readonly unknown[] = []) {
      return (await client.query<Row>(text, [...params])).rows;
    },
    async exec(text: string) {
      await client.exec(text);
    },
  });
  return {
    kind: 'pglite',
    ...wrap(db),
    transaction: (work) => db.transaction((tx) => work(wrap(tx))),
    close: () => db.close(),
  };
}
