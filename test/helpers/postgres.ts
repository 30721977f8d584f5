import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './processes';

/** A throwaway PostgreSQL cluster owned by one test file. */
export type TestPostgres = {
  url: string;
  port: number;
  /** A fresh, empty database on this cluster; returns its connection URL. */
  createDatabase(name: string): string;
  stop(): void;
};

const PG_ROOT = '/usr/lib/postgresql';

export const POSTGRES_MISSING =
  'PostgreSQL is not installed (apt-get install postgresql, or point PG_BIN_DIR at its bin folder)';

/** In CI (CI=true) the PostgreSQL variants must run: a missing PostgreSQL fails there instead of skipping. */
export function postgresRequired(env: Record<string, string | undefined> = process.env): boolean {
  return env.CI === 'true';
}

/** The newest PostgreSQL server binaries Debian installed, or null (then the tests say so). */
export function postgresBinDir(): string | null {
  if (process.env.PG_BIN_DIR) return process.env.PG_BIN_DIR;
  if (!existsSync(PG_ROOT)) return null;
  const versions = readdirSync(PG_ROOT)
    .filter((v) => existsSync(join(PG_ROOT, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(PG_ROOT, versions[0], 'bin') : null;
}

/**
 * PostgreSQL refuses to run as root, and CI runs as root: the cluster then
 * belongs to the `postgres` user Debian's package creates and every command
 * runs through runuser.
 */
function runner(): (exe: string, args: string[]) => string[] {
  const isRoot = process.getuid?.() === 0;
  return isRoot
    ? (exe, args) => ['runuser', '-u', 'postgres', '--', exe, ...args]
    : (exe, args) => [exe, ...args];
}

/**
 * initdb into a temp folder, pg_ctl start on a free loopback port with
 * trust authentication (nothing but this process can reach it), and a stop
 * that removes the folder. Throws with the server log if it does not start.
 */
export async function startPostgres(): Promise<TestPostgres> {
  const bin = postgresBinDir();
  if (!bin) throw new Error(POSTGRES_MISSING);
  const as = runner();
  const run = (exe: string, args: string[]) => {
    const [cmd, ...rest] = as(join(bin, exe), args);
    return execFileSync(cmd as string, rest, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  };
  const dir = mkdtempSync(join(tmpdir(), 'dutydesk-pg-'));
  // The postgres user must reach its data folder inside the temp folder.
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  const port = await freePort();
  if (process.getuid?.() === 0) execFileSync('chown', ['postgres', dir]);
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  const options = `-c listen_addresses=127.0.0.1 -c port=${port} -c unix_socket_directories=${dir} -c fsync=on`;
  try {
    run('pg_ctl', ['-D', data, '-l', log, '-o', options, '-w', '-t', '30', 'start']);
  } catch (error) {
    const detail = spawnSync('cat', [log], { encoding: 'utf8' }).stdout;
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`PostgreSQL did not start: ${(error as Error).message}\n${detail}`);
  }
  const urlFor = (db: string) => `postgres://postgres@127.0.0.1:${port}/${db}`;
  return {
    url: urlFor('postgres'),
    port,
    createDatabase(name) {
      run('psql', [
        '-h',
        '127.0.0.1',
        '-p',
        String(port),
        '-U',
        'postgres',
        '-qc',
        `CREATE DATABASE "${name}"`,
      ]);
      return urlFor(name);
    },
    stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
