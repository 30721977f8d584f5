import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningFleet, startFleet } from '../../sim/fleet';

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
  const desk: ChildProcess = spawn(
    process.execPath,
    ['out/main/headless.js', '--port', String(port), '--config', configPath, '--data', join(dir, 'data')],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: {
        ...process.env,
        DUTYDESK_LOG_LEVEL: 'warn',
        DUTYDESK_ADMIN_USER: 'e2e-admin',
        DUTYDESK_ADMIN_PASSWORD: 'e2e-admin-password-not-used',
      },
    },
  );
  try {
    await new Promise<void>((resolve, reject) => {
      desk.stdout?.on('data', (d: Buffer) => d.toString().includes('is running') && resolve());
      desk.once('exit', (code) => reject(new Error(`headless desk exited with ${code}`)));
    });
  } catch (error) {
    await fleet.stop();
    throw error;
  }
  return {
    fleet,
    url: `http://127.0.0.1:${port}/?lang=en&token=${token}`,
    async stop() {
      const exited = new Promise((resolve) => desk.once('exit', resolve));
      desk.kill('SIGTERM');
      await exited;
      await fleet.stop();
    },
  };
}
