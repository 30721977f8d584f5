import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'vite';
import { afterAll, beforeAll } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

/**
 * A child `node` cannot import TypeScript, so what it runs is bundled first:
 * each entry (name → project-relative source) becomes `<name>.js` in a fresh
 * folder under out/, where its bare imports (better-sqlite3, zod…) still
 * resolve from node_modules. The caller removes the folder when done.
 */
export async function bundleForNode(prefix: string, entries: Record<string, string>): Promise<string> {
  mkdirSync(join(root, 'out'), { recursive: true });
  const outDir = mkdtempSync(join(root, 'out', prefix));
  const input = Object.fromEntries(
    Object.entries(entries).map(([name, source]) => [name, join(root, source)]),
  );
  await build({
    configFile: false,
    logLevel: 'silent',
    root,
    build: {
      ssr: true,
      outDir,
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      rollupOptions: { input, output: { format: 'es', entryFileNames: '[name].js' } },
    },
  });
  return outDir;
}

/**
 * One worker entry bundled for the enclosing suite, before its tests and
 * removed after them, so the suite starts the worker from a file as the
 * engine does. Read the returned getter inside the tests.
 */
export function workerForSuite(name: string, source: string): () => URL {
  let outDir = '';
  beforeAll(async () => {
    outDir = await bundleForNode(`${name}-`, { [name]: source });
  }, 120_000);
  afterAll(() => {
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });
  return () => pathToFileURL(join(outDir, `${name}.js`));
}
