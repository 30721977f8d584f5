import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { runVerify } from '../../electron/audit/verify-cli';
import { overWebSocket, signIn, startDesk, TEST_ADMIN } from '../helpers/desk';

function verify(args: string[]) {
  const out: string[] = [];
  const code = runVerify(args, { out: (l) => out.push(l), err: (l) => out.push(l) });
  return { code, text: out.join('\n') };
}

let dataDir: string;

beforeAll(async () => {
  const desk = await startDesk({ stations: 1 });
  const t = await overWebSocket(desk.engine);
  // A few real audit events: setup, logins, a lock, an unlock, a logout.
  await signIn(t.client);
  await t.client.request('auth.lock', {});
  await t.client.request('auth.unlock', TEST_ADMIN);
  await t.client.request('auth.logout', {});
  await t.close();
  await desk.stop();
  dataDir = desk.dataDir;
}, 30_000);

describe('npm run verify', () => {
  it('reports an intact chain with exit code 0', () => {
    // The audit events above and whatever the desk journals by itself (its configuration revision, meter checkpoints).
    const db = new Database(join(dataDir, 'journal.sqlite'), { readonly: true });
    const events = db.prepare('SELECT count(*) FROM journal').pluck().get() as number;
    const audit = db.prepare("SELECT count(*) FROM journal WHERE type LIKE 'auth.%'").pluck().get() as number;
    db.close();
    expect(audit).toBeGreaterThanOrEqual(5);
    const { code, text } = verify(['--data', dataDir]);
    expect(text).toMatch(new RegExp(`: ${events} events, hash chain intact`));
    expect(code).toBe(0);
  });

  it('finds a row tampered in a copy (trigger dropped) and names it, exit code 1', () => {
    const copy = join(mkdtempSync(join(tmpdir(), 'dutydesk-tampered-')), 'journal.sqlite');
    copyFileSync(join(dataDir, 'journal.sqlite'), copy);
    const db = new Database(copy);
    db.exec('DROP TRIGGER journal_no_update');
    db.prepare("UPDATE journal SET actor_user = 'someone-else' WHERE seq = 3").run();
    db.close();

    const { code, text } = verify(['--file', copy]);
    expect(text).toMatch(/hash chain BROKEN at seq 3: .*hash does not match its contents/);
    expect(code).toBe(1);
    // The original is untouched.
    expect(verify(['--data', dataDir]).code).toBe(0);
  });

  it('says so when there is nothing to check, exit code 2', () => {
    const empty = mkdtempSync(join(tmpdir(), 'dutydesk-empty-'));
    const { code, text } = verify(['--data', empty]);
    expect(text).toMatch(/no journal.sqlite in/);
    expect(code).toBe(2);
    expect(verify(['--bogus']).code).toBe(2);
  });
});
