import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../electron/log/logger';
import { Notifier } from '../../electron/notify/notifier';
import { Journal } from '../../electron/store/journal';
import { NotifyConfig } from '../../shared/notify/config';
import { NOTIFY_EVENT } from '../../shared/notify/events';
import { bundleForNode } from '../helpers/bundle';
import { type Sink, startWecomSink } from '../helpers/notify-sinks';
import { until } from '../helpers/until';

/**
 * kill -9 in the middle of a send: the robot has the message, the desk
 * never hears back. After a restart every message is delivered, in order;
 * the one that was cut off goes again (at-least-once) and says so.
 */

const root = resolve(import.meta.dirname, '../..');
const child = join(root, 'test/helpers/notify-child.mjs');
const KEY = 'wecom-key-crash';
const COUNT = 5;

let bundles: string;
let dir: string;
let sink: Sink;

// The real modules, bundled for a child `node` (see bundleForNode).
beforeAll(async () => {
  bundles = await bundleForNode('notify-crash-', {
    journal: 'electron/store/journal.ts',
    notifier: 'electron/notify/notifier.ts',
    config: 'shared/notify/config.ts',
  });
  dir = mkdtempSync(join(tmpdir(), 'dutydesk-notify-crash-'));
  sink = await startWecomSink(KEY);
}, 120_000);

afterAll(async () => {
  await sink?.close();
  rmSync(bundles, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
});

describe('notify: kill -9 mid-send', () => {
  it('delivers every message after a restart, in order; the cut-off one twice, flagged as such', async () => {
    // The robot takes the third message, and its answer never leaves.
    sink.holdFrom = 3;
    const victim = spawn(process.execPath, [child, bundles, dir, sink.url, KEY, String(COUNT)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let ids: string[] = [];
    let stderr = '';
    victim.stdout.setEncoding('utf8');
    victim.stdout.on('data', (chunk: string) => {
      ids = [...ids, ...chunk.split('\n').filter(Boolean)];
    });
    victim.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const ended = new Promise<NodeJS.Signals | null>((done) =>
      victim.on('close', (_code, signal) => done(signal)),
    );
    await sink.waitForRequests(3, 30_000).catch((error: Error) => {
      throw new Error(`${error.message}; child stderr: ${stderr}`);
    });
    victim.kill('SIGKILL');
    expect(await ended).toBe('SIGKILL');
    expect(ids).toHaveLength(COUNT);
    expect(sink.received).toHaveLength(3);

    sink.holdFrom = null;
    const journal = Journal.open(join(dir, 'journal.sqlite'));
    const notifier = Notifier.start({
      journal,
      config: NotifyConfig.parse({ channels: [{ id: 'crew', type: 'wecom', url: sink.url, key: KEY }] }),
      dir,
      log: createLogger('test', () => {}),
    });
    try {
      await sink.waitFor(COUNT + 1);
      await until(() => notifier.pendingCount() === 0, 'the outbox to empty');
      const titles = sink.received.map(
        (r) => (r.body as { text: { content: string } }).text.content.split('\n')[0],
      );
      expect(titles).toEqual(['派工 #1', '派工 #2', '派工 #3', '派工 #3', '派工 #4', '派工 #5']);
      // The first two settled before the crash: loaded again only if no checkpoint was written past them yet.
      for (const id of ids.slice(0, 2)) expect(notifier.message(id)?.state ?? 'accepted').toBe('accepted');
      expect(
        ids.slice(2).map((id) => [notifier.message(id)?.state, notifier.message(id)?.mayDuplicate]),
      ).toEqual([
        ['accepted', true],
        ['accepted', false],
        ['accepted', false],
      ]);
      const cutOff = journal
        .read({ limit: 1000 })
        .filter((e) => e.subject === 'WO-3')
        .map((e) => e.type);
      expect(cutOff).toEqual([
        NOTIFY_EVENT.requested,
        NOTIFY_EVENT.sending,
        NOTIFY_EVENT.sending,
        NOTIFY_EVENT.accepted,
      ]);
      expect(journal.verify()).toMatchObject({ ok: true });
    } finally {
      await notifier.stop();
      journal.close();
    }
  });
});
