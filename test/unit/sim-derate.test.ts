import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCommand, runCommandLine } from '../../sim/commands';
import { type RunningFleet, startFleet } from '../../sim/fleet';

/** 12:30 in Shaoxing on the spring equinox: the sun is high over every demo station. */
const MIDDAY = Date.parse('2026-03-20T12:30:00+08:00');

describe('derate: a PV drill the desk must notice', () => {
  let fleet: RunningFleet;
  let now = MIDDAY;

  beforeAll(async () => {
    fleet = await startFleet({ seed: 3, stations: 1, tickMs: 0, now: () => now });
  });

  afterAll(async () => {
    await fleet.stop();
  });

  it('parses a percentage of the array, and refuses anything else', () => {
    expect(parseCommand('derate sx01-pv1 30', new Set(['sx01']))).toEqual({
      do: 'derate',
      device: 'sx01-pv1',
      percent: 30,
    });
    expect(() => parseCommand('derate sx01-pv1 0', new Set())).toThrow(
      /percent must be a whole number 1–100/,
    );
    expect(() => parseCommand('derate sx01-pv1', new Set())).toThrow(/usage: derate/);
  });

  it('cuts the inverter’s output to that share of what the sun allows, with no fault raised, until healed', () => {
    const power = () => Number(fleet.device('sx01-pv1').image.readPoint('power'));
    now += 1000;
    fleet.tick();
    const healthy = power();
    expect(healthy).toBeGreaterThan(5000);

    expect(runCommandLine(fleet, 'derate sx01-pv1 30')).toBe('ok: derate sx01-pv1 to 30 %');
    const derated = power();
    expect(derated / healthy).toBeGreaterThan(0.2);
    expect(derated / healthy).toBeLessThan(0.4);
    expect(fleet.device('sx01-pv1').image.readPoint('state')).toBe('mppt');
    expect(fleet.device('sx01-pv1').image.readPoint('events')).toBe(0);

    expect(runCommandLine(fleet, 'derate sx01-pv1 100')).toMatch(/^ok:/);
    expect(power() / healthy).toBeGreaterThan(0.9);
  });

  it('answers with an error for a device that is not an inverter or does not exist', () => {
    expect(runCommandLine(fleet, 'derate sx01-ac1 50')).toBe('error: sx01-ac1 is not a PV inverter');
    expect(runCommandLine(fleet, 'derate nowhere 50')).toMatch(/^error: /);
  });
});
