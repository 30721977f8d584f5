import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Engine, startEngine } from '../../electron/engine/engine';
import { createLogger } from '../../electron/log/logger';
import { REDACTED } from '../../shared/config/redact';
import { type RunningFleet, startFleet } from '../../sim/fleet';
import { resources, TEST_ADMIN } from '../helpers/desk';
import { notice } from '../helpers/notify-desk';
import { type Sink, startWecomSink } from '../helpers/notify-sinks';
import { until } from '../helpers/until';

/**
 * The notifier in the engine: a configuration file with one good and one
 * bad channel starts the desk, names the bad field once in the log, keeps
 * every secret out of config.get, and delivers through the good channel.
 */

const KEY = 'wecom-key-engine-0001';
let fleet: RunningFleet;
let engine: Engine;
let sink: Sink;
let dir: string;
const logs: string[] = [];

beforeAll(async () => {
  sink = await startWecomSink(KEY);
  fleet = await startFleet({ seed: 7, stations: 1 });
  dir = mkdtempSync(join(tmpdir(), 'dutydesk-notify-engine-'));
  const configPath = join(dir, 'stations.json');
  const notify = {
    channels: [
      { id: 'crew-a', type: 'wecom', url: sink.url, key: KEY },
      { id: 'crew-b', type: 'dingtalk', url: sink.url, secret: 'SECnever-logged' },
    ],
  };
  writeFileSync(configPath, JSON.stringify({ ...fleet.config, pollIntervalMs: 500, notify }));
  engine = await startEngine({
    shell: 'headless',
    configPath,
    resourcesDir: resources,
    dataDir: join(dir, 'data'),
    log: createLogger('test', (line) => logs.push(line)),
    adminSetup: { ...TEST_ADMIN, source: 'the test' },
  });
}, 60_000);

afterAll(async () => {
  await engine?.stop();
  await fleet?.stop();
  await sink?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('notifier in the engine', () => {
  it('runs with a bad channel, names its field, and delivers through the good one', async () => {
    expect(engine.notifier.channels().map((c) => [c.id, c.state, c.problem])).toEqual([
      [
        'crew-b',
        'misconfigured',
        'notify.channels[1].accessToken: Invalid input: expected string, received undefined',
      ],
      ['crew-a', 'ready', null],
    ]);
    expect(logs.filter((l) => l.includes('notify.channels[1].accessToken'))).toHaveLength(1);
    const sent = engine.notifier.request(notice('crew-a', 1, { mobiles: ['13800001111'] }), {
      subject: 'WO-0001',
    });
    await sink.waitFor(1);
    await until(() => engine.notifier.message(sent.id)?.state === 'accepted', 'acceptance');
    const text = logs.join('\n');
    expect(text).not.toContain(KEY);
    expect(text).not.toContain('SECnever-logged');
  });

  it('shows no channel secret in config.get, to an admin either', async () => {
    const session = { user: TEST_ADMIN.user, role: 'admin' as const };
    const view = await engine.api['config.get']({}, session);
    const shown = JSON.stringify(view);
    expect(shown).not.toContain(KEY);
    expect(shown).not.toContain('SECnever-logged');
    expect(view.config.notify?.channels[0]).toMatchObject({ id: 'crew-a', key: REDACTED });
  });
});
