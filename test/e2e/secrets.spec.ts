import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';

/**
 * The headless desk's secrets from the command line, as an operator runs
 * them: real processes, real files. No browser is needed.
 */
function run(args: string[], input: string | null, untilOutput?: RegExp) {
  return new Promise<{ code: number | null; out: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ['out/main/headless.js', ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no answer in time:\n${out}`));
    }, 30_000);
    const collect = (chunk: Buffer) => {
      out += chunk.toString();
      if (untilOutput?.test(out)) child.kill('SIGTERM');
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
    if (input === null) child.stdin.end();
    else child.stdin.end(input);
  });
}

test('--set-secret reads the token from stdin and says it is kept unencrypted in a 0600 file', async () => {
  const data = join(mkdtempSync(join(tmpdir(), 'dutydesk-e2e-secret-')), 'data');
  const result = await run(['--set-secret', 'sync-token', '--data', data], 'token-from-a-pipe\n');
  expect(result.code).toBe(0);
  expect(result.out).toMatch(
    /sync-token is stored UNENCRYPTED in .*sync-token\.txt, readable by this user only \(0600\)/,
  );
  const file = join(data, 'secrets', 'sync-token.txt');
  expect(readFileSync(file, 'utf8')).toBe('token-from-a-pipe');
  expect(statSync(file).mode & 0o777).toBe(0o600);

  const refused = await run(['--set-secret', 'sync-token', '--data', data], '');
  expect(refused.code).toBe(2);
  expect(refused.out).toMatch(/--set-secret: nothing on stdin/);
});

test('a desk started with a plain-text sync token in its config moves it out of the file, with a warning', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dutydesk-e2e-migrate-'));
  const config = join(dir, 'stations.json');
  writeFileSync(
    config,
    JSON.stringify({
      stations: [{ id: 'sx01', name: '越城站', lat: 30, lng: 120.58, group: '越城区', urban: true }],
      devices: [],
      sync: { url: 'http://127.0.0.1:9', token: 'token-written-in-the-file' },
    }),
  );
  const result = await run(
    ['--port', '0', '--config', config, '--data', join(dir, 'data')],
    null,
    /headless desk is running/,
  );
  expect(result.out).toMatch(/held the sync token in plain text: moved it out of the file/);
  expect(readFileSync(config, 'utf8')).not.toContain('token-written-in-the-file');
  expect(readFileSync(join(dir, 'data', 'secrets', 'sync-token.txt'), 'utf8')).toBe(
    'token-written-in-the-file',
  );
});
