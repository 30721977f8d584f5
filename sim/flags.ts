import { clockStartingAt, parseInstant } from './clock';

/** Command-line numbers and the fleet's clock flags, checked the same way by `npm run sim` and the demo desk. */

export function number(flag: string, text: string, lo: number, hi: number): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < lo || n > hi)
    throw new Error(`${flag} must be ${lo}–${hi}, not "${text}"`);
  return n;
}

export function integer(flag: string, text: string, lo: number, hi: number): number {
  const n = number(flag, text, lo, hi);
  if (!Number.isInteger(n)) throw new Error(`${flag} must be a whole number, not "${text}"`);
  return n;
}

export const seedFlag = (text: string): number => integer('--seed', text, 0, 2 ** 32 - 1);

/** `--at` and `--seed` as the fleet takes them: a clock that starts at that moment, and the random seed. */
export function fleetTimeOptions(flags: { at?: string | undefined; seed?: string | undefined }): {
  now?: () => number;
  seed?: number;
} {
  return {
    ...(flags.at === undefined ? {} : { now: clockStartingAt(parseInstant('--at', flags.at)) }),
    ...(flags.seed === undefined ? {} : { seed: seedFlag(flags.seed) }),
  };
}
