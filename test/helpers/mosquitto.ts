import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort } from './processes';

/**
 * A real Mosquitto broker (Debian's `mosquitto`) on a loopback port, with a
 * password file and no anonymous access. It can be killed and started again
 * on the same port, with its retained messages kept in its persistence file.
 */

export const MOSQUITTO = '/usr/sbin/mosquitto';

export type Broker = {
  port: number;
  url: string;
  /** With `tls`: the CA that signed the broker's certificate (for 127.0.0.1), PEM file. */
  ca: string | undefined;
  user: string;
  password: string;
  /** SIGKILL: no goodbye to any client. */
  kill(): Promise<void>;
  /** Started again on the same port and files. */
  restart(): Promise<void>;
  stop(): Promise<void>;
};

export async function startMosquitto(options: { tls?: boolean } = {}): Promise<Broker> {
  const dir = mkdtempSync(join(tmpdir(), 'dutydesk-mosquitto-'));
  const port = await freePort();
  const user = 'desk';
  const password = 'broker-test-password';
  const passwords = join(dir, 'passwd');
  writeFileSync(passwords, '');
  execFileSync('mosquitto_passwd', ['-b', passwords, user, password]);
  const ca = options.tls ? certificates(dir) : undefined;
  const conf = join(dir, 'mosquitto.conf');
  writeFileSync(
    conf,
    [
      `listener ${port} 127.0.0.1`,
      ...(ca ? [`cafile ${ca}`, `certfile ${dir}/server.pem`, `keyfile ${dir}/server.key`] : []),
      'allow_anonymous false',
      `password_file ${passwords}`,
      'persistence true',
      `persistence_location ${dir}/`,
      // Started as root, mosquitto would switch to its own user, which cannot read this folder.
      `user ${userInfo().username}`,
      'log_dest stderr',
      'log_type error',
      '',
    ].join('\n'),
  );
  let child: ChildProcess | null = null;
  const launch = async () => {
    const started = spawn(MOSQUITTO, ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
    child = started;
    let err = '';
    started.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    await waitForPort(port, () => (started.exitCode === null ? null : `mosquitto exited: ${err}`));
  };
  const end = async (signal: NodeJS.Signals) => {
    const running: ChildProcess | null = child;
    child = null;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill(signal);
    await exited;
  };
  await launch();
  return {
    port,
    url: `${ca ? 'mqtts' : 'mqtt'}://127.0.0.1:${port}`,
    ca,
    user,
    password,
    kill: () => end('SIGKILL'),
    restart: launch,
    stop: () => end('SIGTERM'),
  };
}

/** A CA and a server certificate for 127.0.0.1 signed by it, made with openssl; returns the CA's file. */
function certificates(dir: string): string {
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=test CA',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
  );
  openssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/CN=127.0.0.1',
    '-keyout',
    'server.key',
    '-out',
    'server.csr',
  );
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1\n');
  openssl(
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    'san.ext',
    '-out',
    'server.pem',
  );
  return join(dir, 'ca.pem');
}

async function waitForPort(port: number, failed: () => string | null): Promise<void> {
  const { connect } = await import('node:net');
  const end = Date.now() + 10_000;
  for (;;) {
    const why = failed();
    if (why) throw new Error(why);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > end) throw new Error(`mosquitto did not listen on ${port} in 10 s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
