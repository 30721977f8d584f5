import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { resolve } from 'node:path';

/** Debian's python3-pymodbus as an independent Modbus peer: scripts in test/interop/. */

/** The first Python that can import pymodbus: Debian's, then whatever is on PATH. */
export function pythonWithPymodbus(): string | undefined {
  for (const python of ['/usr/bin/python3', 'python3']) {
    try {
      execFileSync(python, ['-c', 'import pymodbus'], { stdio: 'ignore', timeout: 10_000 });
      return python;
    } catch {
      // Not this one.
    }
  }
  return undefined;
}

export const NO_PYMODBUS = 'no python3 can import pymodbus (apt install python3-pymodbus)';

/** Starts test/interop/`script` with `args`; resolves with the port it printed as "LISTENING <port>". */
export function startPymodbus(
  python: string,
  script: string,
  args: readonly string[],
): Promise<{ port: number; child: ChildProcess }> {
  return new Promise((resolvePort, reject) => {
    const path = resolve(import.meta.dirname, '../interop', script);
    const child = spawn(python, [path, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /LISTENING (\d+)/.exec(out);
      if (m) resolvePort({ port: Number(m[1]), child });
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      reject(new Error(`pymodbus peer exited (${code}) before listening: ${err.trim()}`)),
    );
  });
}
