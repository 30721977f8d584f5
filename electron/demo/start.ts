import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseInstant } from '../../sim/clock';
import { fleetTimeOptions } from '../../sim/flags';
import { startFleet } from '../../sim/fleet';
import { ConfigError } from '../config/load';
import { type Engine, type EngineOptions, startEngine } from '../engine/engine';
import { firstStartWeek } from './week/first-start';

/**
 * `--at` and `--seed` of the shell, as typed: the demo fleet's starting
 * moment and random seed; `week` false starts a fresh demo desk empty.
 */
export type DemoFleetFlags = { at?: string | undefined; seed?: string | undefined; week?: boolean };

/**
 * What the shells start: the engine on the given configuration file, or,
 * without one, on the built-in demo fleet, which this starts on loopback
 * first and stops after the engine. The engine itself never imports the
 * simulator.
 */
export async function startDeskEngine(
  options: Omit<EngineOptions, 'demo'>,
  demoFleet: DemoFleetFlags = {},
): Promise<Engine> {
  if (options.configPath) {
    if (demoFleet.at !== undefined || demoFleet.seed !== undefined)
      throw new ConfigError(
        '--at and --seed set the built-in demo fleet; a --config desk polls real stations',
      );
    return startEngine(options);
  }
  let time: ReturnType<typeof fleetTimeOptions>;
  try {
    time = fleetTimeOptions(demoFleet);
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  const fleet = await startFleet({ profilesDir: join(options.resourcesDir, 'profiles'), ...time });
  let engine: Engine;
  try {
    // The demo's Shaoxing roster, so dispatch has crews to rank; checked by the engine like any configuration.
    const crews = JSON.parse(readFileSync(join(options.resourcesDir, 'demo', 'crews.json'), 'utf8'));
    const demo = { ...fleet.config, crews };
    if (demoFleet.week !== false)
      await firstStartWeek({
        dataDir: options.dataDir,
        resourcesDir: options.resourcesDir,
        config: demo,
        at: demoFleet.at === undefined ? null : parseInstant('--at', demoFleet.at),
        seed: time.seed,
        log: options.log,
      });
    engine = await startEngine({ ...options, demo });
  } catch (error) {
    await fleet.stop();
    throw error;
  }
  return {
    ...engine,
    async stop() {
      await engine.stop();
      await fleet.stop();
    },
  };
}
