import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/store/database';
import { Journal } from '../../electron/store/journal';
import { bundleForNode } from '../helpers/bundle';

const root = resolve(import.meta.dirname, '../..');
const writer = join(root, 'test/helpers/journal-writer.mjs');
const BATCH = 10;

let outDir: string;
let bundle: string;
let dir: string;

// The real Journal, bundled for a child `node` (see bundleForNode).
beforeAll(async () => {
  outDir = await bundleForNode('journal-crash-', { journal: 'electron/store/journal.ts' });
  dir = mkdtempSync(join(tmpdir(), 'dutydesk-crash-'));
  bundle = join(outDir, 'journal.js');
}, 60_000);

afterAll(() => {
  rmSync(outDir, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Runs the writer until it has acknowledged `killAfter` appends, SIGKILLs it,
 * and returns every seq it acknowledged (including any still in the pipe).
 */
function runUntilKilled(file: string, mode: 'single' | 'batch', round: number, killAfter: number) {
  return new Promise<number[]>((done, fail) => {
    const child = spawn(process.execPath, [writer, bundle, file, mode, String(round)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acked: number[] = [];
    let partial = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      acked.push(...lines.map(Number));
      if (acked.length >= killAfter && child.signalCode === null) child.kill('SIGKILL');
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', fail);
    child.on('close', (code, signal) => {
      if (signal === 'SIGKILL') done(acked);
      else fail(new Error(`writer ended by itself (code ${code}) after ${acked.length} acks: ${stderr}`));
    });
  });
}

describe('journal durability', () => {
  it('keeps every acknowledged event through kill -9, whole and chained, round after round', async () => {
    const file = join(dir, 'desk.db');
    let before = 0;
    for (let round = 1; round <= 6; round++) {
      const mode = round % 2 ? 'single' : 'batch';
      const killAfter = 20 + Math.floor(Math.random() * 150);
      const context = `round ${round} (${mode}, kill after ${killAfter} acks)`;
      const acked = await runUntilKilled(file, mode, round, killAfter);

      const journal = Journal.open(file);
      try {
        const count = journal.count();
        const step = mode === 'batch' ? BATCH : 1;
        expect(acked, context).toEqual(
          Array.from({ length: acked.length }, (_, i) => before + (i + 1) * step),
        );
        expect(count, context).toBeGreaterThanOrEqual(acked.at(-1) ?? Number.POSITIVE_INFINITY);
        expect(journal.verify(), context).toEqual({ ok: true, count });
        // A batch is one transaction: after the kill it is all there or not at all.
        expect((count - before) % step, context).toBe(0);

        const events = journal.read({ afterSeq: before, limit: count });
        expect(events.length, context).toBe(count - before);
        events.forEach((event, i) => {
          const n = Math.floor(i / step);
          expect(event.subject, context).toBe(`round-${round}`);
          expect(event.data, context).toEqual({ round, n, k: i % step, pad: '交接班'.repeat(n % 300) });
        });
        before = count;
      } finally {
        journal.close();
      }
    }
    const db = openDatabase(file);
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
  }, 120_000);
});
