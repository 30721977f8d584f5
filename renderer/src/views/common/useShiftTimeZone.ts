import { DEFAULT_SHIFT_SCHEDULE } from '../../../../shared/handover/schedule';
import { useConfigured } from '../../state/useConfigured';
import type { DeskClient } from '../../transport';

/**
 * The control room's time zone (the config's `shifts.timeZone`): "today"
 * on the walls and the wallboard begins at its midnight, not the midnight
 * of whichever browser shows them. The default zone until the config
 * arrives, asked again when it changes.
 */
export function useShiftTimeZone(client: DeskClient): string {
  return useConfigured(
    client,
    'config.get',
    (view) => view.config.shifts.timeZone,
    DEFAULT_SHIFT_SCHEDULE.timeZone,
  );
}
