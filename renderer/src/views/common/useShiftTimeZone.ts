import { useEffect, useState } from 'react';
import { DEFAULT_SHIFT_SCHEDULE } from '../../../../shared/handover/schedule';
import type { DeskClient } from '../../transport';

/**
 * The control room's time zone (the config's `shifts.timeZone`): "today"
 * on the walls and the wallboard begins at its midnight, not the midnight
 * of whichever browser shows them. The default zone until the config
 * arrives, asked again when it changes.
 */
export function useShiftTimeZone(client: DeskClient): string {
  const [zone, setZone] = useState(DEFAULT_SHIFT_SCHEDULE.timeZone);
  useEffect(() => {
    let alive = true;
    const load = () =>
      client.request('config.get', {}).then(
        (view) => alive && setZone(view.config.shifts.timeZone),
        // Without the config the default zone stands; the reason goes to the log.
        (error: unknown) => console.warn(error instanceof Error ? error.message : String(error)),
      );
    void load();
    const off = client.on('fleet.changed', () => void load());
    return () => {
      alive = false;
      off();
    };
  }, [client]);
  return zone;
}
