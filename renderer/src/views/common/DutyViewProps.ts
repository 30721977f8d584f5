import type { DutyState } from '../../state/duty';
import type { FleetState } from '../../state/fleet';
import type { DeskState } from '../../state/session';
import type { DeskClient } from '../../transport';

/** What a view of the desk's duty (work orders, applications) is given: the state it shows and the engine. */
export type DutyViewProps = {
  duty: DutyState;
  fleet: FleetState;
  desk: DeskState;
  client: DeskClient;
  /** The view is shown: its keys and clock run. */
  active: boolean;
};
