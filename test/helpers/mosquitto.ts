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
  user: string;
  password: string;
  /** SIGKILL: no goodbye to any client. */
  kill(): Promise<void>;
  /** Started again on the same port and files. */
  restart(): Promise<void>;
  stop(): Promise<void>;
};

export async function startMosquitto(): Promise<Broker> {
  const dir = mkdtempSync(join(tmpdir(), 'dutydesk-mosquitto-'));
  const port = await freePort();
  const user = 'desk';
  const password = 'broker-test-password';
  const passwords = join(dir, 'passwd');
  writeFileSync(passwords, '');
  execFileSync('mosquitto_passwd', ['-b', passwords, user, password]);
  const conf = join(dir, 'mosquitto.conf');
  writeFileSync(
    conf,
    [
      `listener ${port} 127.0.0.1`,
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
    url: `mqtt://127.0.0.1:${port}`,
    user,
    password,
    kill: () => end('SIGKILL'),
    restart: launch,
    stop: () => end('SIGTERM'),
  };
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
