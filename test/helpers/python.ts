import { execFileSync } from 'node:child_process';

/** The first Python that can import `module`: Debian's, then whatever is on PATH. */
export function pythonWith(module: string): string | undefined {
  for (const python of ['/usr/bin/python3', 'python3']) {
    try {
      execFileSync(python, ['-c', `import ${module}`], { stdio: 'ignore', timeout: 10_000 });
      return python;
    } catch {
      // Not this one.
    }
  }
  return undefined;
}
