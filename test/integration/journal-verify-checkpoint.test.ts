import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { FULL_CHECK_EVERY_MS, fullCheckDue, IntegrityCheck } from '../../electron/store/integrity';
import { Journal } from '../../electron/store/journal';
import { checkpointFile } from '../../electron/store/verify-checkpoint';
import type { IntegrityView } from '../../shared/api/store';
import { workerForSuite } from '../helpers/bundle';

const actor = { user: 'zhang.wei', role: 'monitor' };
const T0 = Date.UTC(2031, 2, 1, 4);

let file = '';
let now = T0;
const views: IntegrityView[] = [];
const warnings: string[] = [];
const checks: IntegrityCheck[] = [];
const journals: Journal[] = [];

function append(n: number): void {
  const journal = Journal.open(file);
  journal.appendMany(Array.from({ length: n }, (_, i) => ({ type: 't', subject: 's', data: { i }, actor })));
  journal.close();
}

function tamper(seq: number): void {
  const raw = new Database(file);
  raw.exec('DROP TRIGGER IF EXISTS journal_no_update');
  raw.prepare('UPDATE journal SET data = ? WHERE seq = ?').run('{"i":-1}', seq);
  raw.close();
}

/** A check as the store service makes one, over a fresh connection, as after a restart. */
function check(workerFile: string | URL | null = null): IntegrityCheck {
  const journal = Journal.open(file);
  journals.push(journal);
  const made = new IntegrityCheck(journal, {
    chunk: 100,
    now: () => now,
    workerFile,
    onChange: (view) => views.push(view),
    onWarning: (message) => warnings.push(message),
  });
  checks.push(made);
  return made;
}

function scopes(): string[] {
  return views.flatMap((v) => (v.state === 'verifying' ? [v.scope] : []));
}

afterEach(() => {
  for (const c of checks.splice(0)) c.stop();
  for (const j of journals.splice(0)) j.close();
  views.length = 0;
  warnings.length = 0;
  now = T0;
});

describe('the chain check at start covers only what is new since the last verified checkpoint', () => {
  it('checks everything the first time, then only the tail, and writes the checkpoint each time', async () => {
    file = join(mkdtempSync(join(tmpdir(), 'dutydesk-verify-')), 'journal.sqlite');
    append(1_000);
    expect(await check().start()).toEqual({ state: 'ok', count: 1_000, verifiedAt: T0, from: 0, fullAt: T0 });
    expect(scopes()).toContain('full');
    expect(scopes()).not.toContain('tail');
    const first = JSON.parse(readFileSync(checkpointFile(file), 'utf8'));
    expect(first).toMatchObject({ seq: 1_000, fullAt: T0 });

    append(250);
    views.length = 0;
    now = T0 + 3_600_000;
    const second = await check().start();
    // The full check's time is kept: only 250 events were read this time.
    expect(second).toEqual({ state: 'ok', count: 1_250, verifiedAt: now, from: 1_000, fullAt: T0 });
    expect(scopes()).toContain('tail');
    expect(scopes()).not.toContain('full');
    expect(JSON.parse(readFileSync(checkpointFile(file), 'utf8'))).toMatchObject({ seq: 1_250, fullAt: T0 });
  });

  it('finds a break after the checkpoint at start, and one before it in the full check', async () => {
    file = join(mkdtempSync(join(tmpdir(), 'dutydesk-verify-')), 'journal.sqlite');
    append(500);
    await check().start();
    append(100);
    tamper(550);
    expect(await check().start()).toMatchObject({ state: 'broken', brokenAt: 550 });
    // No checkpoint is written past a break: the next start looks at the same tail again.
    expect(JSON.parse(readFileSync(checkpointFile(file), 'utf8'))).toMatchObject({ seq: 500 });

    file = join(mkdtempSync(join(tmpdir(), 'dutydesk-verify-')), 'journal.sqlite');
    append(500);
    await check().start();
    tamper(120);
    const desk = check();
    expect(await desk.start()).toMatchObject({ state: 'ok', from: 500 });
    expect(await desk.full()).toMatchObject({ state: 'broken', brokenAt: 120 });
  });

  it('checks the whole chain when the checkpoint does not match the journal or cannot be read', async () => {
    file = join(mkdtempSync(join(tmpdir(), 'dutydesk-verify-')), 'journal.sqlite');
    append(300);
    writeFileSync(checkpointFile(file), JSON.stringify({ seq: 200, hash: 'a'.repeat(64), fullAt: T0 }));
    expect(await check().start()).toMatchObject({ state: 'ok', count: 300, from: 0 });
    expect(warnings.join('\n')).toMatch(/seq 200 does not match the journal \(another event is there\)/);

    warnings.length = 0;
    writeFileSync(checkpointFile(file), JSON.stringify({ seq: 900, hash: 'b'.repeat(64), fullAt: T0 }));
    expect(await check().start()).toMatchObject({ state: 'ok', from: 0 });
    expect(warnings.join('\n')).toMatch(/the journal ends before it/);

    warnings.length = 0;
    writeFileSync(checkpointFile(file), '{"seq": 12, "hash": "short"');
    expect(await check().start()).toMatchObject({ state: 'ok', from: 0 });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/verify checkpoint .* not used/);
  });

  it('is due for a full check weekly, and at once when there never was one', () => {
    expect(fullCheckDue(null, T0)).toBe(true);
    expect(fullCheckDue(T0, T0 + FULL_CHECK_EVERY_MS - 1)).toBe(false);
    expect(fullCheckDue(T0, T0 + FULL_CHECK_EVERY_MS)).toBe(true);
  });
});

describe('the full check in a worker thread', () => {
  const workerFile = workerForSuite('verify-worker', 'electron/store/verify-worker.ts');

  it('verifies the same chain as the engine thread, reports progress, and finds the same break', async () => {
    file = join(mkdtempSync(join(tmpdir(), 'dutydesk-verify-')), 'journal.sqlite');
    append(20_000);
    const desk = check(workerFile());
    now = T0 + 5 * 86_400_000;
    expect(await desk.full()).toEqual({ state: 'ok', count: 20_000, verifiedAt: now, from: 0, fullAt: now });
    expect(JSON.parse(readFileSync(checkpointFile(file), 'utf8'))).toMatchObject({
      seq: 20_000,
      fullAt: now,
    });

    tamper(15_321);
    expect(await check(workerFile()).full()).toMatchObject({ state: 'broken', brokenAt: 15_321 });
  });

  it('says why when the worker cannot run', async () => {
    file = join(mkdtempSync(join(tmpdir(), 'dutydesk-verify-')), 'journal.sqlite');
    append(10);
    const missing = join(tmpdir(), 'no-such-verify-worker.js');
    const view = await check(missing).full();
    expect(view.state).toBe('failed');
    expect(view.state === 'failed' && view.error).toMatch(/no-such-verify-worker|Cannot find module/);
  });
});
