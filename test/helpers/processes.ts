import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { FLEET_AT } from './fleet-time';

/**
 * The built programs (out/main/*.js) as child processes, the way an operator
 * starts them: for browser tests, benchmarks and a PostgreSQL of their own.
 */

/** A port on loopback the OS has just handed out and taken back. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Whether nothing listens on `port` on loopback now. */
export function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A started program and everything it has printed so far, stdout and stderr together. */
export type NodeProcess = { child: ChildProcess; output(): string };

export type StartOptions = {
  /** Added to this process's environment. */
  env?: NodeJS.ProcessEnv;
  /** What the program prints once it is ready. */
  ready: RegExp;
  /** 30 s unless given. */
  timeoutMs?: number;
  /** 'inherit' shows its log among the test's own output instead of collecting it (default 'pipe'). */
  stderr?: 'pipe' | 'inherit';
};

/**
 * `node script ...args`, resolved once its output matches `ready`. A program
 * that exits first or takes too long rejects with what it printed, so a
 * failed start explains itself.
 */
export function startNode(
  script: string,
  args: readonly string[],
  options: StartOptions,
): Promise<NodeProcess> {
  const child = spawn(process.execPath, [script, ...args], {
    stdio: ['pipe', 'pipe', options.stderr ?? 'pipe'],
    env: { ...process.env, ...options.env },
  });
  let output = '';
  const timeoutMs = options.timeoutMs ?? 30_000;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${script} did not start in ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (options.ready.test(output)) {
        clearTimeout(timer);
        resolve({ child, output: () => output });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code}:\n${output}`));
    });
  });
}

/** SIGTERM, and back once it has exited; nothing for a process that is gone already or never started. */
export async function stopProcess(proc: NodeProcess | ChildProcess | null | undefined): Promise<void> {
  const child = proc && 'child' in proc ? proc.child : proc;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** A headless desk: where it answers (`http://127.0.0.1:PORT`), from the line that says it runs. */
export type HeadlessDesk = NodeProcess & { url: string; port: number };

/**
 * The fleet's clock flag for a program that runs a simulated fleet: it starts
 * at FLEET_AT unless the caller set `--at`, so no test sees a different hour
 * of the fleet's day depending on when it runs.
 */
function atFleetMoment(args: readonly string[]): readonly string[] {
  return args.includes('--at') ? args : [...args, '--at', FLEET_AT];
}

/**
 * `out/main/headless.js` with `args`; without a `--port` among them the
 * desk takes any free one. Resolves once it says it is running. On the
 * demo fleet (no `--config`) the fleet starts at FLEET_AT, on an empty
 * desk unless `demoWeek` asks for the generated week before it.
 */
export async function startHeadless(
  args: readonly string[],
  options: Omit<StartOptions, 'ready'> & { demoWeek?: boolean } = {},
): Promise<HeadlessDesk> {
  const ready = /is running: (https?:\/\/[^/\s]+)\//;
  const withPort = args.includes('--port') ? args : ['--port', '0', ...args];
  const { demoWeek, ...start } = options;
  const demo = demoWeek ? atFleetMoment(withPort) : [...atFleetMoment(withPort), '--no-demo-week'];
  const proc = await startNode('out/main/headless.js', args.includes('--config') ? withPort : demo, {
    ...start,
    ready,
  });
  const url = ready.exec(proc.output())?.[1] ?? '';
  return { ...proc, url, port: Number(new URL(url).port) };
}

/**
 * `out/main/sim.js` with `args`, its fleet starting at FLEET_AT; ready for
 * commands on its stdin once it has said how to type them.
 */
export function startSim(
  args: readonly string[],
  options: Omit<StartOptions, 'ready'> = {},
): Promise<NodeProcess> {
  return startNode('out/main/sim.js', atFleetMoment(args), { ...options, ready: /Type help/ });
}

/** One simulator command (`anomaly sx01-dc1 insulation-fault`); the simulator answers each with a line, "ok: …" or the error. */
export async function simCommand(sim: NodeProcess, command: string): Promise<void> {
  const answered = new Promise<string>((resolve) => {
    const onData = (chunk: Buffer) => {
      sim.child.stdout?.off('data', onData);
      resolve(chunk.toString());
    };
    sim.child.stdout?.on('data', onData);
  });
  sim.child.stdin?.write(`${command}\n`);
  const answer = await answered;
  if (!answer.startsWith('ok:')) throw new Error(`simulator: "${command}" answered ${answer}`);
}
