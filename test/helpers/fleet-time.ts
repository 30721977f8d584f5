import { clockStartingAt } from '../../sim/clock';

/**
 * The moment every test fleet starts at, whenever the tests run: a June
 * Monday at half past noon in Shaoxing, the sun high over the carports and
 * cars on the chargers. The fleets run on from there in real time.
 */
export const FLEET_AT = '2026-06-15T12:30:00+08:00';
export const FLEET_AT_MS = Date.parse(FLEET_AT);

/** A clock for an in-process fleet that starts at FLEET_AT now. */
export const fleetClock = (): (() => number) => clockStartingAt(FLEET_AT_MS);
