import { useEffect, useRef, useState } from 'react';
import { type FleetState, pointUnit } from '../../state/fleet';
import { useDeskClock } from '../../state/useDeskClock';
import type { DeskClient } from '../../transport';
import { ENERGY_COUNTER, energyCounterKwh, energyUnitFactor } from '../map/power';
import { type Baselines, countersOf, startOfDay } from './model';

/**
 * Each counter's value at midnight, from the desk's history where it has
 * one; otherwise the first value this page saw, and `since` says from when
 * the figure counts, so a wallboard started at noon does not claim a day.
 */
export function useBaselines(
  client: DeskClient,
  fleet: FleetState,
  now: number,
  timeZone: string,
): Baselines {
  const day = startOfDay(now, timeZone);
  const [baselines, setBaselines] = useState<Baselines>({ since: day, kwh: new Map() });
  const fleetRef = useRef(fleet);
  const deskClock = useDeskClock();
  fleetRef.current = fleet;
  const ready = fleet.loaded && countersOf(fleet).length > 0;

  useEffect(() => {
    if (!ready) return;
    let alive = true;
    const load = async () => {
      const fleetNow = fleetRef.current;
      const kwh = new Map<string, number>();
      let since = day;
      await Promise.all(
        countersOf(fleetNow).map(async (device) => {
          const key = ENERGY_COUNTER[device.kind];
          const factor = key ? energyUnitFactor(pointUnit(fleetNow, device, key)) : null;
          try {
            if (!key || factor === null) throw new Error('no counter');
            const result = await client.request('history.query', {
              deviceId: device.id,
              keys: [key],
              from: day,
              to: deskClock.now() + 1,
              maxPoints: 2,
            });
            const first = result.series[0]?.points[0];
            if (!first) throw new Error('no history today');
            kwh.set(device.id, first.min * factor);
          } catch {
            const live = energyCounterKwh(fleetNow, device);
            if (live !== null) {
              kwh.set(device.id, live);
              since = Math.max(since, deskClock.now());
            }
          }
        }),
      );
      if (alive) setBaselines({ since, kwh });
    };
    void load();
    return () => {
      alive = false;
    };
  }, [client, day, ready, deskClock]);

  return baselines;
}
