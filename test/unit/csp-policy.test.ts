import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The Electron window's policy lives twice: as the header main.ts adds to
 * every response, and as the meta tag of renderer/index.html (which a
 * browser on the bridge gets too). main.ts imports electron and cannot run
 * here, so both are read as the files ship.
 */
const root = join(import.meta.dirname, '../..');

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name as string, sources]),
  );
}

function headerPolicy(): Map<string, string[]> {
  const source = readFileSync(join(root, 'electron/main.ts'), 'utf8');
  const block = /const CONTENT_SECURITY_POLICY = \[([\s\S]*?)\]\.join\('; '\);/.exec(source)?.[1];
  if (!block) throw new Error('CONTENT_SECURITY_POLICY not found in electron/main.ts');
  return directives([...block.matchAll(/^\s*"([^"]+)",/gm)].map((m) => m[1]).join('; '));
}

function metaPolicy(): Map<string, string[]> {
  const html = readFileSync(join(root, 'renderer/index.html'), 'utf8');
  const content = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
  if (!content) throw new Error('no CSP meta tag in renderer/index.html');
  return directives(content);
}

describe('the renderer Content-Security-Policy', () => {
  it.each([
    ['electron/main.ts', headerPolicy],
    ['renderer/index.html', metaPolicy],
  ])('%s lets the page connect nowhere but its own origin and the tile protocol', (_file, policy) => {
    const connect = policy().get('connect-src');
    expect(connect).toEqual(["'self'", 'dutydesk-tiles:']);
    expect(policy().get('script-src')).toEqual(["'self'"]);
  });

  it('is the same in both places, but for frame-ancestors, which a meta tag cannot carry', () => {
    const header = headerPolicy();
    expect(header.get('frame-ancestors')).toEqual(["'none'"]);
    header.delete('frame-ancestors');
    expect(Object.fromEntries(metaPolicy())).toEqual(Object.fromEntries(header));
  });
});
