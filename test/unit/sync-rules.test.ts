import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../electron/log/logger';
import { Journal } from '../../electron/store/journal';
import { startDeskSync } from '../../electron/sync/desk-sync';
import { loadServerConfig } from '../../server/config';
import { eventHash } from '../../server/event-store';
import { DeskConfig } from '../../shared/config/schema';
import type { JournalEvent } from '../../shared/journal/event';
import { chainBreak, EMPTY_HEAD } from '../../shared/sync/chain';
import { SyncConfig } from '../../shared/sync/config';

const dir = mkdtempSync(join(tmpdir(), 'dutydesk-sync-rules-'));

const journal = Journal.open(join(dir, 'j.sqlite'));
const events = journal.appendMany(
  Array.from({ length: 4 }, (_, i) => ({
    type: 'test',
    subject: 's',
    data: { i },
    actor: { user: 'u', role: 'monitor' },
  })),
);
const at = (i: number) => events[i] as JournalEvent;
afterAll(() => {
  journal.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('chainBreak', () => {
  const desk = journal.deskId;
  it('accepts a chain from genesis and a continuation from a head', () => {
    expect(chainBreak(desk, EMPTY_HEAD, events, eventHash)).toBeNull();
    expect(chainBreak(desk, { seq: 2, hash: at(1).hash }, events.slice(2), eventHash)).toBeNull();
  });
  it.each([
    ['a gap', () => [at(0), at(2)], 'link', /seq 3 .* does not follow seq 1/],
    ['a wrong start', () => [at(1)], 'link', /does not follow seq 0/],
    ['altered contents', () => [at(0), { ...at(1), data: { i: 99 } }], 'record', /hash does not match/],
    ['another desk', () => [{ ...at(0), desk: 'other' }], 'record', /belongs to desk other/],
    ['a foreign prevHash', () => [at(0), { ...at(1), prevHash: at(2).hash }], 'link', /prevHash/],
  ] as const)('names %s', (_name, batch, kind, reason) => {
    const broken = chainBreak(desk, EMPTY_HEAD, batch(), eventHash);
    expect(broken?.kind).toBe(kind);
    expect(broken?.reason).toMatch(reason);
  });
  it('skips the hash when the caller has checked it', () => {
    expect(chainBreak(desk, EMPTY_HEAD, [at(0), { ...at(1), data: { i: 99 } }], null)).toBeNull();
  });
});

describe('sync settings', () => {
  const station = { id: 'sx01', name: 'x', lat: 30, lng: 120, group: 'g', urban: true };
  it('is optional in the station configuration and wants at most one of token and tokenEnv', () => {
    expect(DeskConfig.parse({ stations: [station], devices: [] }).sync).toBeUndefined();
    const ok = SyncConfig.parse({ url: 'http://sync.example:4880', tokenEnv: 'DESK_TOKEN' });
    expect(ok.intervalMs).toBe(10_000);
    expect(() => SyncConfig.parse({ url: 'http://x:1', token: 'a', tokenEnv: 'B' })).toThrow(/at most one/);
    // Neither: the token is in the desk's secret store.
    expect(SyncConfig.parse({ url: 'http://x:1' }).token).toBeUndefined();
    expect(() => SyncConfig.parse({ url: 'ftp://x', token: 'a' })).toThrow(/http/);
  });

  it('reports a missing token variable in the status and leaves the desk running', async () => {
    const frames: unknown[] = [];
    const sync = startDeskSync({
      journal,
      config: SyncConfig.parse({ url: 'http://127.0.0.1:9', tokenEnv: 'NO_SUCH_TOKEN' }),
      env: {},
      log: createLogger('t', () => {}),
      emit: (frame) => frames.push(frame),
    });
    const status = await sync.api['sync.status']({}, { user: 'u', role: 'monitor' });
    expect(status).toMatchObject({ state: 'error', serverUrl: 'http://127.0.0.1:9', deskId: journal.deskId });
    expect(status.lastError).toMatch(/NO_SUCH_TOKEN is not set/);
    await sync.stop();
    const off = startDeskSync({
      journal,
      config: undefined,
      env: {},
      log: createLogger('t', () => {}),
      emit() {},
    });
    expect(await off.api['sync.status']({}, { user: 'u', role: 'monitor' })).toMatchObject({ state: 'off' });
  });
});

describe('server configuration', () => {
  const desk = { id: 'd1', name: 'Shaoxing desk 1', sha256: 'a'.repeat(64) };
  it('reads the file, then the environment over it, then flags', () => {
    const file = join(dir, 'server.json');
    writeFileSync(
      file,
      JSON.stringify({ port: 5000, desks: [desk], shared: { shifts: ['08:00', '20:00'] } }),
    );
    const config = loadServerConfig(
      file,
      { DUTYDESK_SERVER_PORT: '5001', DATABASE_URL: 'postgres://db/x' },
      {
        host: '0.0.0.0',
      },
    );
    expect(config).toMatchObject({
      port: 5001,
      host: '0.0.0.0',
      databaseUrl: 'postgres://db/x',
      desks: [desk],
    });
    expect(loadServerConfig(null, {})).toMatchObject({ host: '127.0.0.1', port: 4880, desks: [] });
  });
  it('names the field of a bad entry', () => {
    const env = { DUTYDESK_SERVER_DESKS: JSON.stringify([desk, { ...desk, sha256: 'xyz' }]) };
    expect(() => loadServerConfig(null, env)).toThrow(/desks\[1\]\.sha256: 64 lowercase hex/);
    expect(() => loadServerConfig(null, { DUTYDESK_SERVER_DESKS: JSON.stringify([desk, desk]) })).toThrow(
      /desks\[1\]\.id: duplicate desk/,
    );
    expect(() => loadServerConfig(null, { DUTYDESK_SERVER_DESKS: '[' })).toThrow(
      /DUTYDESK_SERVER_DESKS: not valid JSON/,
    );
  });
});
