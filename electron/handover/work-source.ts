import type { DeskApi } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/frames';
import type { Station } from '../../shared/api/model';
import type { Session } from '../../shared/auth/roles';
import type { OutageLine, WorkOrderLine } from '../../shared/handover/record';

/** What the handover needs of work orders and applications; null when this desk cannot tell. */
export type WorkSource = {
  openWorkOrders(): Promise<WorkOrderLine[] | null>;
  outagesInForce(now: number): Promise<OutageLine[] | null>;
};

const CLOSED = new Set(['accepted', 'cancelled']);
const IN_FORCE = new Set(['outage', 'decommission', 'exemption']);

/** Reads in the engine's own name: the handover is assembled by the desk, not by whoever is signed in. */
export const DESK_READER: Session = { user: 'dutydesk', role: 'admin' };

/**
 * Reads work orders and applications through their contract methods, so the
 * handover depends on what they publish and not on how they are built. A
 * desk whose work-order module answers `unavailable` gets null: the handover
 * then says "not available", never "none open".
 */
export function workSourceFromApi(
  api: Pick<DeskApi, 'workorders.list' | 'applications.list'>,
  stations: () => readonly Station[],
): WorkSource {
  const stationName = (id: string) => stations().find((s) => s.id === id)?.name ?? id;
  const orNull = async <T>(read: () => Promise<T>): Promise<T | null> => {
    try {
      return await read();
    } catch (error) {
      if (error instanceof ApiError && error.code === 'unavailable') return null;
      throw error;
    }
  };
  return {
    openWorkOrders: () =>
      orNull(async () => {
        const { workOrders } = await api['workorders.list']({ closedWithinMs: 0 }, DESK_READER);
        return workOrders
          .filter((w) => !CLOSED.has(w.state))
          .map((w) => {
            const due = w.clocks.flatMap((c) =>
              c.kind === 'deadline' && c.state === 'running' && c.deadline !== null ? [c.deadline] : [],
            );
            return {
              id: w.id,
              stationId: w.stationId,
              stationName: stationName(w.stationId),
              title: w.title,
              state: w.state,
              dueAt: due.length > 0 ? Math.min(...due) : null,
            };
          });
      }),
    outagesInForce: (now) =>
      orNull(async () => {
        const { applications } = await api['applications.list']({}, DESK_READER);
        return applications
          .filter(
            (a) =>
              IN_FORCE.has(a.kind) &&
              a.state === 'approved' &&
              a.endedAt === null &&
              (a.until === null || a.until > now),
          )
          .map((a) => {
            const deviceId = 'deviceId' in a.target ? a.target.deviceId : null;
            return {
              id: a.id,
              kind: a.kind,
              reason: a.reason,
              since: a.decidedAt ?? a.appliedAt,
              stationId: a.stationId,
              stationName: stationName(a.stationId),
              deviceId,
              deviceName: deviceId,
            };
          });
      }),
  };
}
