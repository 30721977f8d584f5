import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { pythonWith } from './python';

/**
 * A real SMTP server on loopback (Debian's python3-aiosmtpd) with STARTTLS
 * on a throwaway self-signed certificate and AUTH, for the email channel.
 */

const SCRIPT = resolve(import.meta.dirname, 'notify-smtp.py');

/** The first Python that can import aiosmtpd. */
export const pythonWithAiosmtpd = (): string | undefined => pythonWith('aiosmtpd');

/** A self-signed certificate for 127.0.0.1, valid a day, made by openssl; returns the cert and key files. */
export function throwawayCertificate(dir: string): { cert: string; key: string } {
  const cert = join(dir, 'smtp-cert.pem');
  const key = join(dir, 'smtp-key.pem');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1'].concat([
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      key,
      '-out',
      cert,
    ]),
    { stdio: 'ignore', timeout: 30_000 },
  );
  return { cert, key };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  await new Promise<void>((done) => server.close(() => done()));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

export type Mail = { from: string; to: string[]; data: string; tls: boolean; authenticated: boolean };

export type SmtpServer = { port: number; mails: Mail[]; stop(): Promise<void> };

/** Starts the server; `tls: null` starts one that offers no STARTTLS at all. */
export async function startSmtpServer(
  python: string,
  tls: { cert: string; key: string } | null,
  user: string,
  password: string,
): Promise<SmtpServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    python,
    [SCRIPT, String(port), tls?.cert ?? '-', tls?.key ?? '-', user, password],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const mails: Mail[] = [];
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  await new Promise<void>((ready, fail) => {
    let partial = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        if (line === 'READY') ready();
        else if (line.trim()) mails.push(JSON.parse(line) as Mail);
      }
    });
    child.once('error', fail);
    child.once('exit', (code) =>
      fail(new Error(`SMTP server exited (${code}) before it was ready: ${stderr.trim()}`)),
    );
  });
  return {
    port,
    mails,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
