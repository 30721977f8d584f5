import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type NodeProcess, startHeadless, startSim, stopProcess } from '../helpers/processes';

export type SimProcessDesk = Awaited<ReturnType<typeof startSimProcessDesk>>;

/**
 * The demo fleet in a simulator process of its own, faults injected on its
 * stdin as a trainer does (see simCommand), and a headless desk polling it
 * through the config file the simulator wrote into a new folder `dir`
 * (named from `prefix`), which is also the desk's data folder; stop() ends
 * both and removes the folder. `admin` is the desk's first account, from
 * the environment as on a headless install. The twelve stations listen on a
 * random block of ports from `portsFrom`, so parallel runs stay apart;
 * these ports lie in the OS's ephemeral range, which any outgoing
 * connection may hold, so a taken block is traded for another.
 * `more` adds sections to the configuration before the desk reads it (crews, notify).
 * `prepare` runs on the folder before the desk starts (e.g. opens its journal
 * to learn the desk id and starts a sync server) and returns more environment
 * for the desk.
 */
export async function startSimProcessDesk(
  prefix: string,
  admin: { user: string; password: string },
  portsFrom: number,
  more: Record<string, unknown> = {},
  prepare: (dir: string) => Promise<Record<string, string>> = async () => ({}),
) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const configPath = join(dir, 'fleet.json');
  const sim = await simOnFreeBlock(portsFrom, configPath);
  writeFileSync(configPath, JSON.stringify({ ...JSON.parse(readFileSync(configPath, 'utf8')), ...more }));
  const env = await prepare(dir).catch(async (error: unknown) => {
    await stopProcess(sim);
    throw error;
  });
  const desk = await startHeadless(['--config', configPath, '--data', dir], {
    stderr: 'inherit',
    env: {
      ...env,
      DUTYDESK_LOG_LEVEL: 'error',
      DUTYDESK_ADMIN_USER: admin.user,
      DUTYDESK_ADMIN_PASSWORD: admin.password,
    },
  }).catch(async (error: unknown) => {
    await stopProcess(sim);
    throw error;
  });
  return {
    sim,
    desk,
    dir,
    async stop() {
      await stopProcess(desk);
      await stopProcess(sim);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The simulator on a random block of ports from `portsFrom`; a block with a port taken meanwhile is traded for another. */
async function simOnFreeBlock(portsFrom: number, configPath: string): Promise<NodeProcess> {
  for (let attempt = 1; ; attempt++) {
    const basePort = portsFrom + Math.floor(Math.random() * 300) * 20;
    try {
      // Its stderr is kept (not shown) so the reason it failed to start is in the error.
      return await startSim(['--base-port', String(basePort), '--write-config', configPath]);
    } catch (error) {
      if (attempt === 5 || !/already in use/.test(String(error))) throw error;
    }
  }
}
