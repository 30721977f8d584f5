/**
 * When an inverter counts as underperforming: it has delivered less than
 * `ratio` of what it should for at least `holdMs`, while what it should
 * deliver is worth judging (dawn, dusk and night prove nothing).
 */
export type UnderperformanceRule = {
  /** Actual ÷ expected below this is "below expected". */
  ratio: number;
  /** How long it must stay below before it is flagged. */
  holdMs: number;
  /** Expected power below this share of the rating is too little to judge. */
  meaningfulShare: number;
};

export const DEFAULT_UNDERPERFORMANCE: UnderperformanceRule = {
  ratio: 0.7,
  holdMs: 15 * 60_000,
  meaningfulShare: 0.1,
};

export type Underperformance =
  /** Nothing to judge: too little sun, or no good reading. */
  | { kind: 'not-judged' }
  | { kind: 'ok' }
  /** Below expected since `since`, not yet long enough to flag. */
  | { kind: 'below'; since: number }
  | { kind: 'flagged'; since: number };

export const NOT_JUDGED: Underperformance = { kind: 'not-judged' };

export type PvReading = {
  atMs: number;
  /** Null when the inverter's power reading is not good (stale, bad, comms lost). */
  actualKw: number | null;
  expectedKw: number;
  ratedKw: number;
};

/**
 * The next verdict from the last one and a new reading. A missing reading
 * changes nothing (a gap in the data neither clears nor restarts the wait).
 * When the sun goes too low to judge, a flag stays up until the inverter
 * shows it performs again, but a wait that had not reached the flag ends:
 * this evening's shortfall must not flag tomorrow's first reading.
 */
export function judgePv(
  previous: Underperformance,
  reading: PvReading,
  rule: UnderperformanceRule = DEFAULT_UNDERPERFORMANCE,
): Underperformance {
  const { atMs, actualKw, expectedKw, ratedKw } = reading;
  if (actualKw === null) return previous;
  if (expectedKw < rule.meaningfulShare * ratedKw) return previous.kind === 'flagged' ? previous : NOT_JUDGED;
  if (actualKw >= rule.ratio * expectedKw) return { kind: 'ok' };
  const since = previous.kind === 'below' || previous.kind === 'flagged' ? previous.since : atMs;
  return atMs - since >= rule.holdMs ? { kind: 'flagged', since } : { kind: 'below', since };
}
