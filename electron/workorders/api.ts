import type { alarmMethods } from '../../shared/api/alarms';
import type { DeskApi } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/frames';
import type { workOrderMethods } from '../../shared/api/workorders';
import type { Session } from '../../shared/auth/roles';
import { AlarmRefusal, type AlarmService } from '../alarms/service';
import type { ApplicationService } from './applications';
import type { Dispatcher } from './dispatch';
import { DutyRefusal } from './journal';
import type { WorkOrderService } from './service';

type AlarmApi = Pick<DeskApi, keyof typeof alarmMethods>;
type WorkOrderApi = Pick<DeskApi, keyof typeof workOrderMethods>;

/** A refused alarm or duty step answers the contract's `invalid` with the rule's own explanation. */
function explained<T>(act: () => T): Promise<T> {
  try {
    return Promise.resolve(act());
  } catch (error) {
    if (error instanceof DutyRefusal || error instanceof AlarmRefusal) {
      return Promise.reject(new ApiError('invalid', error.message));
    }
    return Promise.reject(error);
  }
}

/** A contract method that runs `act` for the signed-in operator, refusals explained. */
const refusable =
  <P, T>(act: (params: P, session: Session) => T) =>
  (params: P, session: Session): Promise<T> =>
    explained(() => act(params, session));

/** A reason the operator may leave empty: none rather than blanks. */
const optional = (reason: string | undefined) => reason?.trim() || null;

/** The alarm methods of the contract, over the alarm queue. */
export function alarmApi(alarms: AlarmService): AlarmApi {
  return {
    'alarms.list': async ({ after, limit }) =>
      limit === undefined ? { ...alarms.list(), next: null } : alarms.page(after ?? null, limit),
    'sla.rules': async () => alarms.slaRules(),
    'alarm.ack': refusable((p, s) => alarms.ack(p.id, s, optional(p.reason))),
    'alarm.shelve': refusable((p, s) => alarms.shelve(p.id, p.reason, p.untilMs, s)),
    'alarm.unshelve': refusable((p, s) => alarms.unshelve(p.id, optional(p.reason), s)),
    'alarm.retier': refusable((p, s) => alarms.retier(p.id, p.tier, p.reason, s)),
  };
}

/** The work-order and application methods of the contract, over the two services. */
export function workOrderApi(
  workOrders: WorkOrderService,
  applications: ApplicationService,
  dispatcher: Dispatcher,
): WorkOrderApi {
  return {
    'workorders.list': async (params) => workOrders.list(params),
    'workorder.create': refusable((p, s) => workOrders.create(p, s)),
    'workorder.rank': refusable((p) => dispatcher.rank(p.alarmIds)),
    'workorder.dispatch': refusable((p, s) =>
      dispatcher.dispatch(workOrders.get(p.id), p.crew, p.note, p.choice, s),
    ),
    'workorder.arrive': refusable((p, s) => workOrders.arrive(p.id, p.checkInAt, p.note, s)),
    'workorder.resolve': refusable((p, s) => workOrders.resolve(p.id, p.work, s)),
    'workorder.accept': refusable((p, s) => workOrders.accept(p.id, p.note, s)),
    'workorder.reopen': refusable((p, s) => workOrders.reopen(p.id, p.reason, s)),
    'workorder.cancel': refusable((p, s) => workOrders.cancel(p.id, p.reason, s)),
    'workorder.report': refusable((p, s) => workOrders.report(p.id, p.report, p.note, s)),
    'applications.list': async () => applications.list(),
    'application.file': refusable((p, s) => applications.file(p, s)),
    'application.approve': refusable((p, s) => applications.approve(p.id, p.note, s)),
    'application.reject': refusable((p, s) => applications.reject(p.id, p.reason, s)),
    'application.withdraw': refusable((p, s) => applications.withdraw(p.id, p.reason, s)),
  };
}
