import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFleet } from '../../sim/fleet';
import { type Engine, type EngineOptions, startEngine } from '../engine/engine';

/**
 * What the shells start: the engine on the given configuration file, or,
 * without one, on the built-in demo fleet, which this starts on loopback
 * first and stops after the engine. The engine itself never imports the
 * simulator.
 */
export async function startDeskEngine(options: Omit<EngineOptions, 'demo'>): Promise<Engine> {
  if (options.configPath) return startEngine(options);
  const fleet = await startFleet({ profilesDir: join(options.resourcesDir, 'profiles') });
  let engine: Engine;
  try {
    // The demo's Shaoxing roster, so dispatch has crews to rank; checked by the engine like any configuration.
    const crews = JSON.parse(readFileSync(join(options.resourcesDir, 'demo', 'crews.json'), 'utf8'));
    engine = await startEngine({ ...options, demo: { ...fleet.config, crews } });
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
