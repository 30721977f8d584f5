import { useEffect, useMemo, useRef, useState } from 'react';
import { startOfDayIn } from '../../../../shared/handover/schedule';
import type { Underperformance } from '../../../../shared/pv/underperformance';
import { type FleetState, liveOf } from '../../state/fleet';
import { useDeskClock, useDeskNow } from '../../state/useDeskClock';
import type { DeskClient } from '../../transport';
import { assessPv, nextVerdicts, type PvAssessment } from './pv';

/** The sun moves and a hold time runs out without any new reading: judge again this often. */
const REJUDGE_MS = 15_000;

export type PvState = {
  assessments: ReadonlyMap<string, PvAssessment>;
  verdicts: ReadonlyMap<string, Underperformance>;
};

/**
 * Expected power and the underperformance verdict of every inverter, kept
 * while the desk runs (the PV wall need not be open for a hold time to count).
 */
export function usePvState(fleet: FleetState): PvState {
  const deskClock = useDeskClock();
  const tick = useDeskNow(true, REJUDGE_MS);
  // biome-ignore lint/correctness/useExhaustiveDependencies: tick is the clock that re-runs the assessment as the sun moves.
  const assessments = useMemo(() => assessPv(fleet, deskClock.now()), [fleet, tick, deskClock]);
  const [verdicts, setVerdicts] = useState<ReadonlyMap<string, Underperformance>>(new Map());
  const latest = useRef(verdicts);
  useEffect(() => {
    const next = nextVerdicts(latest.current, fleet, assessments, deskClock.now());
    if (sameVerdicts(latest.current, next)) return;
    latest.current = next;
    setVerdicts(next);
  }, [fleet, assessments, deskClock]);
  return { assessments, verdicts };
}

function sameVerdicts(
  a: ReadonlyMap<string, Underperformance>,
  b: ReadonlyMap<string, Underperformance>,
): boolean {
  if (a.size !== b.size) return false;
  for (const [id, v] of b) {
    const w = a.get(id);
    if (!w || w.kind !== v.kind || ('since' in w ? w.since : null) !== ('since' in v ? v.since : null))
      return false;
  }
  return true;
}

/** An inverter's lifetime counter at the start of today, since when that holds, and when today began. */
export type DayStart = { wh: number; since: number; dayBegan: number };

/**
 * Today's energy needs the lifetime counter at midnight of the control
 * room's day (the shifts' time zone, not the browser's): taken from the
 * history store, or, where it has nothing, from the first reading this
 * desk saw today (and the tile then says since when).
 */
export function useDayStart(
  client: DeskClient,
  fleet: FleetState,
  enabled: boolean,
  timeZone: string,
): ReadonlyMap<string, DayStart> {
  const [starts, setStarts] = useState<ReadonlyMap<string, DayStart>>(new Map());
  const asked = useRef(new Set<string>());
  const deskClock = useDeskClock();
  useEffect(() => {
    if (!enabled) return;
    const midnight = startOfDayIn(deskClock.now(), timeZone);
    const found = new Map<string, DayStart>();
    for (const device of fleet.devices) {
      if (device.kind !== 'pv-inverter') continue;
      const known = starts.get(device.id);
      if (known && known.dayBegan === midnight) continue;
      const sample = liveOf(fleet, device.id).points.energyTotal;
      if (sample?.quality === 'good' && typeof sample.value === 'number')
        found.set(device.id, { wh: sample.value, since: sample.ts, dayBegan: midnight });
      const key = `${device.id}@${midnight}`;
      if (asked.current.has(key)) continue;
      asked.current.add(key);
      client
        .request('history.query', {
          deviceId: device.id,
          keys: ['energyTotal'],
          from: midnight,
          to: deskClock.now(),
          maxPoints: 2,
        })
        .then((result) => {
          const first = result.series[0]?.points[0];
          if (first)
            setStarts((current) =>
              new Map(current).set(device.id, {
                wh: first.min,
                since: Math.max(first.ts, midnight),
                dayBegan: midnight,
              }),
            );
        })
        // No history store (yet), or nothing recorded today: the first reading seen here stands.
        .catch(() => undefined);
    }
    if (found.size === 0) return;
    setStarts((current) => {
      const next = new Map([...current].filter(([, s]) => s.dayBegan === midnight));
      for (const [id, start] of found) if (!next.has(id)) next.set(id, start);
      return next;
    });
  }, [client, fleet, enabled, starts, timeZone, deskClock]);
  return starts;
}
