import { z } from 'zod';

/**
 * ISA-18.2 alarm priorities, most urgent first. The standard asks for few of
 * the top ones (roughly 5 % high or above, 15 % medium, 80 % low), so most
 * defaults in the triage table land on medium or low.
 */
export const Priority = z.enum(['critical', 'high', 'medium', 'low']);
export type Priority = z.infer<typeof Priority>;

/** 0 is the most urgent. */
export function priorityRank(priority: Priority): number {
  return Priority.options.indexOf(priority);
}

/** For sorting an alarm queue: negative when `a` is more urgent than `b`. */
export function comparePriority(a: Priority, b: Priority): number {
  return priorityRank(a) - priorityRank(b);
}

/**
 * One step more urgent, for an SLA breach: the alarm climbs the queue
 * instead of waiting to be noticed. Critical stays critical.
 */
export function escalatedPriority(priority: Priority): Priority {
  return Priority.options[Math.max(0, priorityRank(priority) - 1)] ?? priority;
}
