import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DeskConfig } from '../../shared/config/schema';
import type { SimSession } from '../../sim/cli';
import { parseSimArgs, runSim } from '../../sim/cli';

/** A free port block: listen on an ephemeral port, then give it back. */
async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const { port } = s.address() as { port: number };
  await new Promise((r) => s.close(r));
  return port;
}

describe('sim CLI arguments', () => {
  it('defaults to the fixed demo ports on loopback', () => {
    expect(parseSimArgs([])).toEqual({
      host: '127.0.0.1',
      basePort: 15020,
      writeConfig: undefined,
      seed: 1,
      tickMs: 1000,
      stations: undefined,
      faultsPerDay: 0,
      scenario: undefined,
      help: false,
    });
    expect(
      parseSimArgs(['--base-port', '16000', '--stations', '4', '--write-config', 'f.json']).basePort,
    ).toBe(16000);
  });

  it('rejects bad values and unknown flags with the flag named', () => {
    expect(() => parseSimArgs(['--base-port', 'http'])).toThrow('--base-port must be 1–65000, not "http"');
    expect(() => parseSimArgs(['--stations', '2.5'])).toThrow('--stations must be a whole number');
    expect(() => parseSimArgs(['--bogus'])).toThrow(/bogus/);
  });
});

describe('sim CLI run', () => {
  let session: SimSession | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await session?.stop();
    session = undefined;
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('serves station sxNN on base + NN, prints it, and writes a valid desk config', async () => {
    dir = mkdtempSync(join(tmpdir(), 'dutydesk-sim-'));
    const file = join(dir, 'fleet.json');
    const base = (await freePort()) - 1;
    const lines: string[] = [];
    session = await runSim(
      { ...parseSimArgs(['--stations', '1', '--write-config', file]), basePort: base },
      (l) => lines.push(l),
    );
    expect(session.fleet.gateway('sx01').port).toBe(base + 1);
    expect(session.playback).toBeUndefined();
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^  sx01  127\\.0\\.0\\.1:${base + 1}  units 1-4 ac-7kw, 5 dc-120kw-dual, 6 pv-sunspec-103, 7 meter-3p-f32  `,
        ),
      ),
    );
    expect(lines.at(-1)).toBe(
      `Desk config written to ${file}; point the desk at it: npm run serve -- --config ${file}`,
    );
    const config = DeskConfig.parse(JSON.parse(readFileSync(file, 'utf8')));
    expect(config.devices.map((d) => `${d.id}@${d.port}#${d.unitId}`)).toEqual(
      ['ac1', 'ac2', 'ac3', 'ac4', 'dc1', 'pv1', 'mt1'].map((d, i) => `sx01-${d}@${base + 1}#${i + 1}`),
    );
  });

  it('plays a shipped scenario named bare, from its first step, until stopped', async () => {
    const lines: string[] = [];
    session = await runSim(
      {
        ...parseSimArgs(['--stations', '4', '--scenario', 'flaky-uplink', '--tick-ms', '60000']),
        basePort: 0,
      },
      (l) => lines.push(l),
    );
    expect(session.playback?.run.scenario.name).toBe('flaky-uplink');
    expect(lines).toContain('[flaky-uplink] started: 4 steps over 9m');
    expect(lines).toContainEqual(expect.stringMatching(/^\[flaky-uplink \+0s\] fault sx04 slow 1500 ms — /));
    expect(session.fleet.gateway('sx04').faults().gateway).toEqual({ kind: 'slow', delayMs: 1500 });
  });

  it('refuses a scenario that does not fit the fleet, and leaves nothing listening', async () => {
    const port = await freePort();
    await expect(
      runSim(
        { ...parseSimArgs(['--stations', '2', '--scenario', 'flaky-uplink']), basePort: port - 1 },
        () => {},
      ),
    ).rejects.toThrow(/^flaky-uplink: steps\[0\]\.station: no simulated station "sx04"; /);
    const probe = createServer();
    await new Promise<void>((resolve, reject) => {
      probe.once('error', reject);
      probe.listen(port, '127.0.0.1', () => resolve());
    });
    await new Promise((r) => probe.close(r));
  });

  it('names a broken scenario file before opening any port', async () => {
    dir = mkdtempSync(join(tmpdir(), 'dutydesk-sim-'));
    const file = join(dir, 'drill.json');
    writeFileSync(
      file,
      JSON.stringify({ name: 'x', steps: [{ at: '1m', do: 'anomaly', device: 'sx01-dc1' }] }),
    );
    await expect(runSim({ ...parseSimArgs(['--scenario', file]), basePort: 0 }, () => {})).rejects.toThrow(
      `${file}: steps[0].kind: Invalid option`,
    );
  });

  it('says which port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const { port } = blocker.address() as { port: number };
    try {
      await expect(
        runSim({ ...parseSimArgs(['--stations', '1']), basePort: port - 1 }, () => {}),
      ).rejects.toThrow(
        `station sx01: port ${port} on 127.0.0.1 is already in use (is another simulator running? try --base-port)`,
      );
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  });
});
