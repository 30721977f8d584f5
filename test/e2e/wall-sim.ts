import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningFleet, startFleet } from '../../sim/fleet';
import { type HeadlessDesk, startHeadless, stopProcess } from '../helpers/processes';

/**
 * A desk on a config file enforces accounts and will not start without a
 * first admin; these tests get in with a token instead, so this one never signs in.
 */
export const UNUSED_ADMIN_ENV = {
  DUTYDESK_ADMIN_USER: 'e2e-admin',
  DUTYDESK_ADMIN_PASSWORD: 'e2e-admin-password-not-used',
};

/** Shaoxing is UTC+8: the epoch ms of the nearest 12:30 local time, when every carport inverter works hard. */
export function shaoxingMidday(now = Date.now()): number {
  const day = new Date(now + 8 * 3_600_000);
  day.setUTCHours(12, 30, 0, 0);
  return day.getTime() - 8 * 3_600_000;
}

export type SimDesk = { fleet: RunningFleet; url: string; stop(): Promise<void> };

/**
 * A simulated fleet the test can inject faults into, and a headless desk
 * polling it through a config file, as in the field. The fleet's clock
 * runs `clockOffsetMs` ahead, so a test at night can have the sun up.
 * The browser gets in with a monitor's token, so no one has to sign in.
 */
export async function startSimDesk(
  port: number,
  clockOffsetMs = 0,
  /** Runs on the simulator before the desk starts, so its first poll already sees what this sets. */
  prepare?: (fleet: RunningFleet) => void,
): Promise<SimDesk> {
  const fleet = await startFleet({ seed: 11, stations: 3, now: () => Date.now() + clockOffsetMs });
  prepare?.(fleet);
  const token = 'e2e-wall-token';
  const dir = mkdtempSync(join(tmpdir(), 'dutydesk-e2e-wall-'));
  const configPath = join(dir, 'fleet.json');
  writeFileSync(
    configPath,
    JSON.stringify({
      ...fleet.config,
      pollIntervalMs: 500,
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
    url: `${desk.url}/?lang=en&token=${token}`,
    async stop() {
      await stopProcess(desk);
      await fleet.stop();
    },
  };
}
