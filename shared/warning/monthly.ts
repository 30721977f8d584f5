import { z } from 'zod';
import { DetectorId } from './model';

/**
 * The journal's view of early warnings, and the monthly report's counts of
 * them. A warning is raised once per device and detector until it clears;
 * a monitor acts on it (a preventive work order) or dismisses it with a
 * reason. A dismissal is a record for people to read: it tunes nothing.
 */
export const WarningEvent = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('warning.raised'),
    warningId: z.string().min(1),
    detector: DetectorId,
    deviceId: z.string().min(1),
    atMs: z.number().int(),
  }),
  z.object({
    type: z.literal('warning.dismissed'),
    warningId: z.string().min(1),
    /** Why the monitor judged it not worth acting on; required, so the month's report can say. */
    reason: z.string().trim().min(3, 'a dismissal needs a reason'),
    atMs: z.number().int(),
  }),
  z.object({
    type: z.literal('warning.acted'),
    warningId: z.string().min(1),
    workOrderId: z.string().min(1),
    atMs: z.number().int(),
  }),
]);
export type WarningEvent = z.infer<typeof WarningEvent>;

/** A fault the desk recorded at a device (an alarm raised or a corrective work order), for confirming warnings. */
export type DeviceFault = { deviceId: string; atMs: number };

export const WarningCounts = z.object({
  raised: z.number().int().min(0),
  actedOn: z.number().int().min(0),
  confirmed: z.number().int().min(0),
  dismissed: z.number().int().min(0),
});
export type WarningCounts = z.infer<typeof WarningCounts>;

export const MonthlyWarnings = WarningCounts.extend({
  byDetector: z.partialRecord(DetectorId, WarningCounts),
});
export type MonthlyWarnings = z.infer<typeof MonthlyWarnings>;

/** How long after a warning a fault at the same device still confirms it. */
export const CONFIRM_WITHIN_MS = 60 * 86_400_000;

/**
 * The counts for the warnings raised in [fromMs, toMs): how many were acted
 * on, how many a later fault at the same device confirmed (within
 * `confirmWithinMs`, whatever was done about the warning), and how many
 * were dismissed. Events about warnings raised in other months are ignored.
 */
export function monthlyWarnings(
  events: readonly WarningEvent[],
  faults: readonly DeviceFault[],
  fromMs: number,
  toMs: number,
  confirmWithinMs = CONFIRM_WITHIN_MS,
): MonthlyWarnings {
  const raised = new Map<string, Extract<WarningEvent, { type: 'warning.raised' }>>();
  for (const e of events)
    if (e.type === 'warning.raised' && e.atMs >= fromMs && e.atMs < toMs) raised.set(e.warningId, e);
  const acted = new Set<string>();
  const dismissed = new Set<string>();
  for (const e of events) {
    if (e.type === 'warning.acted' && raised.has(e.warningId)) acted.add(e.warningId);
    if (e.type === 'warning.dismissed' && raised.has(e.warningId)) dismissed.add(e.warningId);
  }
  const faultsByDevice = new Map<string, number[]>();
  for (const f of faults) faultsByDevice.set(f.deviceId, [...(faultsByDevice.get(f.deviceId) ?? []), f.atMs]);
  const total: WarningCounts = { raised: 0, actedOn: 0, confirmed: 0, dismissed: 0 };
  const byDetector: MonthlyWarnings['byDetector'] = {};
  for (const w of raised.values()) {
    const counts = byDetector[w.detector] ?? { raised: 0, actedOn: 0, confirmed: 0, dismissed: 0 };
    byDetector[w.detector] = counts;
    const confirmed = (faultsByDevice.get(w.deviceId) ?? []).some(
      (at) => at >= w.atMs && at < w.atMs + confirmWithinMs,
    );
    for (const c of [total, counts]) {
      c.raised++;
      if (acted.has(w.warningId)) c.actedOn++;
      if (confirmed) c.confirmed++;
      if (dismissed.has(w.warningId)) c.dismissed++;
    }
  }
  return { ...total, byDetector };
}
