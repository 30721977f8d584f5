import { describe, expect, it } from 'vitest';
import {
  DEFAULT_UNDERPERFORMANCE,
  judgePv,
  NOT_JUDGED,
  type PvReading,
  type Underperformance,
} from '../../shared/pv/underperformance';

const MIN = 60_000;
const reading = (atMin: number, actualKw: number | null, expectedKw = 30): PvReading => ({
  atMs: atMin * MIN,
  actualKw,
  expectedKw,
  ratedKw: 50,
});

/** Runs readings through the judge and returns each verdict. */
function run(readings: readonly PvReading[], start: Underperformance = NOT_JUDGED): Underperformance[] {
  const out: Underperformance[] = [];
  let verdict = start;
  for (const r of readings) {
    verdict = judgePv(verdict, r);
    out.push(verdict);
  }
  return out;
}

describe('PV underperformance', () => {
  it('is the default rule: below 70 % of expected for 15 minutes, judged above 10 % of the rating', () => {
    expect(DEFAULT_UNDERPERFORMANCE).toEqual({ ratio: 0.7, holdMs: 15 * MIN, meaningfulShare: 0.1 });
  });

  it('flags only after the shortfall has lasted the hold time, dated from its start', () => {
    const verdicts = run([
      reading(0, 25),
      reading(1, 15),
      reading(10, 15),
      reading(15.99, 15),
      reading(16, 15),
    ]);
    expect(verdicts).toEqual([
      { kind: 'ok' },
      { kind: 'below', since: 1 * MIN },
      { kind: 'below', since: 1 * MIN },
      { kind: 'below', since: 1 * MIN },
      { kind: 'flagged', since: 1 * MIN },
    ]);
  });

  it('treats exactly 70 % as good, and one good reading ends the wait and the flag', () => {
    expect(run([reading(0, 21)])).toEqual([{ kind: 'ok' }]);
    const verdicts = run([reading(0, 5), reading(20, 5), reading(21, 29), reading(22, 5)]);
    expect(verdicts.map((v) => v.kind)).toEqual(['below', 'flagged', 'ok', 'below']);
    expect(verdicts[3]).toEqual({ kind: 'below', since: 22 * MIN });
  });

  it('does not judge when too little is expected: dawn, dusk and night prove nothing', () => {
    expect(run([reading(0, 0, 4.9)])).toEqual([NOT_JUDGED]);
    expect(run([reading(0, 0, 5)])).toEqual([{ kind: 'below', since: 0 }]);
  });

  it('ends an unfinished wait at dusk, so this evening does not flag tomorrow morning', () => {
    const verdicts = run([reading(0, 5), reading(10, 0, 2), reading(600, 5)]);
    expect(verdicts).toEqual([{ kind: 'below', since: 0 }, NOT_JUDGED, { kind: 'below', since: 600 * MIN }]);
  });

  it('keeps a raised flag through the night until the inverter performs again', () => {
    const flagged: Underperformance = { kind: 'flagged', since: 0 };
    expect(run([reading(60, 0, 0), reading(600, 28)], flagged)).toEqual([flagged, { kind: 'ok' }]);
  });

  it('changes nothing on a reading that is not good (stale, bad, comms lost)', () => {
    const below: Underperformance = { kind: 'below', since: 0 };
    expect(judgePv(below, reading(30, null))).toBe(below);
    expect(judgePv(NOT_JUDGED, reading(30, null))).toBe(NOT_JUDGED);
  });
});
