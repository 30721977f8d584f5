import type { GunState } from '../../shared/api/model';
import { uniform } from '../random';
import type { RegisterImage } from '../register-image';
import { ModelBase } from './base';
import { touchedPoints } from './common';

/** Gun states with a car on the gun. */
export const IN_SESSION: ReadonlySet<GunState> = new Set(['preparing', 'charging', 'finishing']);

/** The power limit a client set, capped at the rating. */
export function powerLimitKw(image: RegisterImage, ratedKw: number): number {
  const v = image.readPoint('powerLimit');
  return typeof v === 'number' ? Math.min(Math.max(v, 0), ratedKw) : ratedKw;
}

/** Where a gun is in its session: what AC and DC chargers keep of each gun alike. */
export type GunPhase = { state: GunState; phaseLeftS: number; powerKw: number };

/** What a charger's guns do when a client writes their command registers. */
export type GunControls = {
  /** Whether gun `gun` (1-based) can start a session now. */
  canStart(gun: number): boolean;
  start(gun: number): void;
  stop(gun: number): void;
};

const COMMAND_KEY = /^gun(\d+)\.command$/;

/**
 * Checks and carries out a write to a charger's control registers: the power
 * limit stays as written, `gunN.command` and `reset` act and then read 0
 * again, as on real chargers. A value out of range, or a start for a busy or
 * faulted gun, vetoes the whole write before anything happens.
 */
function chargerWrite(
  image: RegisterImage,
  address: number,
  count: number,
  controls: GunControls & { reset(): void },
): boolean {
  const touched = touchedPoints(image, address, count);
  const commands: { gun: number; command: 'start' | 'stop' }[] = [];
  let reset = false;
  for (const p of touched) {
    const value = image.readPoint(p.key);
    const gun = Number(COMMAND_KEY.exec(p.key)?.[1] ?? 0);
    if (p.key === 'powerLimit') {
      if (typeof value !== 'number' || value < 0 || value > image.profile.ratedKw) return false;
    } else if (gun > 0) {
      if (value === 'start' || value === 'stop') commands.push({ gun, command: value });
      else if (value !== 'none') return false;
    } else if (p.key === 'reset') {
      if (value === 'reset') reset = true;
      else if (value !== 'none') return false;
    }
  }
  if (commands.some((c) => c.command === 'start' && !controls.canStart(c.gun))) return false;
  if (reset) controls.reset();
  for (const c of commands) {
    if (c.command === 'start') controls.start(c.gun);
    else controls.stop(c.gun);
  }
  for (const p of touched) if (p.key === 'reset' || COMMAND_KEY.test(p.key)) image.writePoint(p.key, 'none');
  return true;
}

/**
 * What AC and DC chargers share: a client's write to their control registers
 * (see chargerWrite) starts and stops sessions per gun, a reset among them
 * releases the latched trips, and an accepted write shows at once.
 */
export abstract class ChargerModel extends ModelBase {
  acceptWrite(address: number, count: number): boolean {
    const accepted = chargerWrite(this.image, address, count, {
      ...this.gunControls(),
      reset: () => {
        this.latched = 0;
      },
    });
    if (accepted) {
      this.refresh();
      this.publish();
    }
    return accepted;
  }

  /** How this charger's guns take a start or a stop. */
  protected abstract gunControls(): GunControls;

  /** The driver or the desk ends the session; a stuck gun does not hear it. */
  protected stopGun(gun: GunPhase): void {
    if (this.anomalies.has('gun-stuck')) return;
    if (gun.state !== 'preparing' && gun.state !== 'charging') return;
    gun.state = 'finishing';
    gun.phaseLeftS = uniform(this.rng, 3, 8);
    gun.powerKw = 0;
  }

  /** The car is full: the power stops and the gun finishes its session for a few seconds. */
  protected finish(gun: GunPhase): void {
    gun.state = 'finishing';
    gun.phaseLeftS = uniform(this.rng, 5, 15);
    gun.powerKw = 0;
  }
}
