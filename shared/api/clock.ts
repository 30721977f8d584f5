import { z } from 'zod';
import type { MethodSpec } from './method';
import { NoParams } from './method';

/**
 * The desk's time as the engine keeps it, for the screens to count ages,
 * SLA countdowns and "now" on (issue 18). A duty desk keeps the wall clock;
 * a training desk's clock starts at the drill's start and runs ×10 or ×60,
 * and a browser reading its own clock there would show a 4-hour SLA as
 * months overdue.
 */
export const DeskTime = z.object({
  /** The desk's time as this was sent, epoch ms. */
  nowMs: z.number(),
  /** Desk milliseconds per real millisecond: 1, or a drill's 10 or 60. */
  rate: z.number().positive(),
  /**
   * False while the desk keeps the wall clock: a screen then reads its own
   * clock, as it always has. True on a training desk (and a desk a test
   * moves), whose screens must follow it.
   */
  own: z.boolean(),
});
export type DeskTime = z.infer<typeof DeskTime>;

/** How often a desk on its own clock tells the screens its time, in real ms: drift between resyncs stays small. */
export const DESK_TIME_EVERY_MS = 5_000;

export const clockMethods = {
  'desk.time': { params: NoParams, result: DeskTime, permission: 'read' },
} as const satisfies Record<string, MethodSpec>;

export const clockEvents = {
  /** Pushed every DESK_TIME_EVERY_MS by a desk on its own clock. */
  'desk.time': DeskTime,
} as const;
