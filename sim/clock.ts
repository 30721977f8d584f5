/**
 * The fleet's own time. A simulated fleet started "at" a fixed moment reads
 * that moment when it starts and runs at the pace of the real clock from
 * there, so every run sees the same hour of the day (PV output, cars
 * arriving) whenever it is started, and still moves like a live plant.
 */
export function clockStartingAt(atMs: number, real: () => number = Date.now): () => number {
  const offset = atMs - real();
  return () => real() + offset;
}

export const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * `2026-06-15T10:30:00+08:00` as epoch ms. The offset is required: a time
 * without one would be read in the machine's time zone, and a fleet in
 * Shaoxing would see a different hour on a CI machine in UTC.
 */
export function parseInstant(flag: string, text: string): number {
  const ms = Date.parse(text);
  if (!INSTANT.test(text) || Number.isNaN(ms))
    throw new Error(
      `${flag} must be a date and time with its UTC offset, e.g. 2026-06-15T10:30:00+08:00, not "${text}"`,
    );
  return ms;
}
