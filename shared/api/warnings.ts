import { z } from 'zod';
import { DetectorId, Evidence } from '../warning/model';
import { NoParams } from './method';
import { WorkOrderView } from './workorders';

/**
 * Early warnings on the desk (issue 19): their own list, below the alarm
 * queue. A monitor opens a preventive work order from one or dismisses it
 * with a reason; both are journalled, and neither tunes a threshold.
 */
export const WarningStatus = z.enum(['open', 'acted']);
export type WarningStatus = z.infer<typeof WarningStatus>;

export const WarningView = z.object({
  id: z.string(),
  detector: DetectorId,
  /** The device, or the gateway for comms quality. */
  deviceId: z.string(),
  stationId: z.string().nullable(),
  confidence: z.number().min(0).max(1),
  startedAtMs: z.number().int(),
  raisedAtMs: z.number().int(),
  adviceKey: z.string(),
  variant: z.string(),
  evidence: Evidence,
  status: WarningStatus,
  /** The preventive work order opened from it, once acted on. */
  workOrderId: z.string().nullable(),
});
export type WarningView = z.infer<typeof WarningView>;

export const WarningsList = z.object({
  warnings: z.array(WarningView),
  /** Desk time of the last pass over the history; null before the first. */
  lastPassAtMs: z.number().nullable(),
  /** Why the last pass failed, if it did (the list is then that of the pass before). */
  error: z.string().nullable(),
});
export type WarningsList = z.infer<typeof WarningsList>;

const WarningId = z.string().min(1).max(200);

export const warningMethods = {
  'warnings.list': { params: NoParams, result: WarningsList, permission: 'read' },
  /** A pass over the history now, rather than at the next quarter-hour of desk time. */
  'warnings.scan': { params: NoParams, result: WarningsList, permission: 'device.control' },
  /** Judged not worth acting on: the reason is journalled for the month's report; it tunes nothing. */
  'warning.dismiss': {
    params: z
      .object({ id: WarningId, reason: z.string().trim().min(3, 'a dismissal needs a reason').max(500) })
      .strict(),
    result: WarningsList,
    permission: 'device.control',
  },
  /** Opens a preventive work order for the warning's device. */
  'warning.workorder': {
    params: z
      .object({
        id: WarningId,
        title: z.string().trim().min(1).max(200),
        note: z.string().trim().max(2000).optional(),
      })
      .strict(),
    result: WorkOrderView,
    permission: 'device.control',
  },
} as const;

export const warningEvents = {
  'warnings.changed': WarningsList,
} as const;
