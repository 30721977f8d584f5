import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { APPLICATION_ID } from '../store/database';
import { Journal } from '../store/journal';

const USAGE = `usage: npm run verify -- --data DIR | --file JOURNAL.sqlite
  Re-checks the whole hash chain of a desk's journal, read-only, and names the
  first broken link. Exit code 0: intact; 1: broken; 2: could not be checked.
  DIR is the desk's data directory (--data of the desk; the demo fleet keeps its
  journal in DIR/demo).`;

export type Output = { out(line: string): void; err(line: string): void };

function journalFile(args: { data?: string; file?: string }): string {
  if (args.file) return resolve(args.file);
  if (!args.data) throw new Error('say which journal: --data DIR or --file FILE');
  const dir = resolve(args.data);
  const direct = join(dir, 'journal.sqlite');
  if (existsSync(direct)) return direct;
  const demo = join(dir, 'demo', 'journal.sqlite');
  if (existsSync(demo)) return demo;
  throw new Error(`no journal.sqlite in ${dir} (nor in ${join(dir, 'demo')})`);
}

/**
 * The verify command. Opens the file read-only, so checking a suspect copy
 * can never change it, and refuses a database that is not a DutyDesk journal.
 */
export function runVerify(argv: readonly string[], io: Output): number {
  let file: string;
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: { data: { type: 'string' }, file: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    });
    if (values.help) {
      io.out(USAGE);
      return 0;
    }
    file = journalFile(values);
    if (!statSync(file).isFile()) throw new Error(`${file} is not a file`);
  } catch (error) {
    io.err(`verify: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    io.err(`verify: ${file} cannot be opened: ${(error as Error).message}`);
    return 2;
  }
  try {
    const id = db.pragma('application_id', { simple: true });
    if (id !== APPLICATION_ID) {
      io.err(`verify: ${file} is not a DutyDesk journal (application_id ${String(id)})`);
      return 2;
    }
    const result = new Journal(db).verify();
    if (result.ok) {
      io.out(`${file}: ${result.count} events, hash chain intact`);
      return 0;
    }
    io.out(`${file}: hash chain BROKEN at seq ${result.brokenAt}: ${result.reason}`);
    io.out('Nothing was repaired. Keep this file as evidence; events from this seq on cannot be trusted.');
    return 1;
  } catch (error) {
    io.err(`verify: ${file} could not be checked: ${(error as Error).message}`);
    return 2;
  } finally {
    db.close();
  }
}
