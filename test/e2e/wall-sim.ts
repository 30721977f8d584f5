import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningFleet, startFleet } from '../../sim/fleet';
import { fleetClock } from '../helpers/fleet-time';
import { type HeadlessDesk, startHeadless, stopProcess } from '../helpers/processes';

/**
 * A desk on a config file enforces accounts and will not start without a
 * first admin; these tests get in with a token instead, so this one never signs in.
 */
export const UNUSED_ADMIN_ENV = {
  DUTYDESK_ADMIN_USER: 'e2e-admin',
  DUTYDESK_ADMIN_PASSWORD: 'e2e-admin-password-not-used',
};

export type SimDesk = {
  fleet: RunningFleet;
  /** The fleet's time now, epoch ms: FLEET_AT when it started, unless a clock was given. */
  now(): number;
  url: string;
  stop(): Promise<void>;
};

export type SimDeskOptions = {
  /** The fleet's clock; one that starts at FLEET_AT unless given. */
  now?: () => number;
  seed?: number;
  /** The first this-many demo stations (3 unless given). */
  stations?: number;
  pollIntervalMs?: number;
  /** Runs on the simulator before the desk starts, so its first poll already sees what this sets. */
  prepare?: (fleet: RunningFleet) => void;
};

/**
 * A simulated fleet the test (or a benchmark) can inject faults into, and a
 * headless desk polling it through a config file, as in the field. The
 * fleet's clock starts at the fixed FLEET_AT, so every run sees the same
 * hour of its day. The browser gets in with a monitor's token, so no one
 * has to sign in.
 */
export async function startSimDesk(port: number, options: SimDeskOptions = {}): Promise<SimDesk> {
  const now = options.now ?? fleetClock();
  const fleet = await startFleet({ seed: options.seed ?? 11, stations: options.stations ?? 3, now });
  options.prepare?.(fleet);
  const token = 'e2e-wall-token';
  const dir = mkdtempSync(join(tmpdir(), 'dutydesk-e2e-wall-'));
  const configPath = join(dir, 'fleet.json');
  writeFileSync(
    configPath,
    JSON.stringify({
      ...fleet.config,
      pollIntervalMs: options.pollIntervalMs ?? 500,
      access: {
        localRole: 'monitor',
        tokens: [{ name: 'e2e', role: 'monitor', sha256: createHash('sha256').update(token).digest('hex') }],
      },
    }),
  );
  let desk: HeadlessDesk;
  try {
    desk = await startHeadless(
      ['--port', String(port), '--config', configPath, '--data', join(dir, 'data')],
      { stderr: 'inherit', env: { DUTYDESK_LOG_LEVEL: 'warn', ...UNUSED_ADMIN_ENV } },
    );
  } catch (error) {
    await fleet.stop();
    throw error;
  }
  return {
    fleet,
    now,
    url: `${desk.url}/?lang=en&token=${token}`,
    async stop() {
      await stopProcess(desk);
      await fleet.stop();
    },
  };
}
