import { z } from 'zod';

/**
 * Offsets written the way a trainer writes them in a scenario file: "90s",
 * "5m", "1h30m", "250ms". The simulator's steps and a drill's deadlines use
 * the same spelling, so one file reads the same throughout.
 */

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
export const OFFSET = /^(\d+(?:\.\d+)?(?:ms|s|m|h|d))+$/;

/** "90s", "5m", "1h30m", "2d", "250ms" → milliseconds. */
export function parseOffset(text: string): number {
  if (!OFFSET.test(text)) throw new RangeError(`"${text}" is not a time like 0s, 90s, 5m or 1h30m`);
  let ms = 0;
  for (const [, n, unit] of text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g))
    ms += Number(n) * UNIT_MS[unit as keyof typeof UNIT_MS];
  return Math.round(ms);
}

/** Milliseconds → "1h30m", "90s" → "1m30s", "0s": how logs and reports show an offset. */
export function formatOffset(ms: number): string {
  if (ms === 0) return '0s';
  const sign = ms < 0 ? '-' : '';
  const abs = Math.abs(ms);
  const h = Math.floor(abs / 3_600_000);
  const m = Math.floor((abs % 3_600_000) / 60_000);
  const s = (abs % 60_000) / 1000;
  return `${sign}${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s ? `${s}s` : ''}`;
}

/** An offset as written in a data file, read as milliseconds. */
export const OffsetText = z
  .string()
  .regex(OFFSET, 'a time like "0s", "90s", "5m" or "1h30m"')
  .transform((text) => parseOffset(text));
