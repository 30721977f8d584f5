import type { DeskApi } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/frames';
import type { workOrderMethods } from '../../shared/api/workorders';
import { AlarmRefusal } from '../alarms/service';
import type { ApplicationService } from './applications';
import { DutyRefusal } from './journal';
import type { WorkOrderService } from './service';

type WorkOrderApi = Pick<DeskApi, keyof typeof workOrderMethods>;

/** A refused alarm or duty step answers the contract's `invalid` with the rule's own explanation. */
export function explained<T>(act: () => T): Promise<T> {
  try {
    return Promise.resolve(act());
  } catch (error) {
    if (error instanceof DutyRefusal || error instanceof AlarmRefusal) {
      return Promise.reject(new ApiError('invalid', error.message));
    }
    return Promise.reject(error);
  }
}

/** The work-order and application methods of the contract, over the two services. */
export function workOrderApi(workOrders: WorkOrderService, applications: ApplicationService): WorkOrderApi {
  return {
    'workorders.list': async () => workOrders.list(),
    'workorder.create': (params, session) => explained(() => workOrders.create(params, session)),
    'workorder.dispatch': (params, session) =>
      explained(() => workOrders.dispatch(params.id, params.crew, params.note, session)),
    'workorder.arrive': (params, session) =>
      explained(() => workOrders.arrive(params.id, params.checkInAt, params.note, session)),
    'workorder.resolve': (params, session) =>
      explained(() => workOrders.resolve(params.id, params.work, session)),
    'workorder.accept': (params, session) =>
      explained(() => workOrders.accept(params.id, params.note, session)),
    'workorder.reopen': (params, session) =>
      explained(() => workOrders.reopen(params.id, params.reason, session)),
    'workorder.cancel': (params, session) =>
      explained(() => workOrders.cancel(params.id, params.reason, session)),
    'workorder.report': (params, session) =>
      explained(() => workOrders.report(params.id, params.report, params.note, session)),
    'applications.list': async () => applications.list(),
    'application.file': (params, session) => explained(() => applications.file(params, session)),
    'application.approve': (params, session) =>
      explained(() => applications.approve(params.id, params.note, session)),
    'application.reject': (params, session) =>
      explained(() => applications.reject(params.id, params.reason, session)),
    'application.withdraw': (params, session) =>
      explained(() => applications.withdraw(params.id, params.reason, session)),
  };
}
