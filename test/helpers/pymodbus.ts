import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { pythonWith } from './python';

/** Debian's python3-pymodbus as an independent Modbus peer: scripts in test/interop/. */

/** The first Python that can import pymodbus. */
export const pythonWithPymodbus = (): string | undefined => pythonWith('pymodbus');

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
