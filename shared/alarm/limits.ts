import { z } from 'zod';

/**
 * An analog limit on one profile point (ISA-18.2 absolute alarm): active
 * once the value has stayed beyond `value` for `onDelayMs`, normal again
 * once it has stayed back inside by more than `deadband` for `offDelayMs`.
 * Delays keep a noisy value near the limit from chattering; the deadband
 * keeps one hovering at the limit from toggling.
 */
export const LimitDef = z
  .object({
    when: z.enum(['>', '<']),
    value: z.number(),
    deadband: z.number().min(0).default(0),
    onDelayMs: z.number().int().min(0).max(3_600_000).default(0),
    offDelayMs: z.number().int().min(0).max(3_600_000).default(0),
    /** The alarm cause the triage table knows it by, e.g. `gun1.temperatureHigh`. */
    cause: z.string().regex(/^[A-Za-z][A-Za-z0-9_.]*$/, 'letters, digits, "_" or "." starting with a letter'),
  })
  .strict();
export type LimitDef = z.infer<typeof LimitDef>;
export type LimitDefInput = z.input<typeof LimitDef>;

export type LimitState = {
  active: boolean;
  /** Since when the value has been asking for the other state; null while it agrees with the current one. */
  pendingSince: number | null;
};

export const NORMAL_LIMIT: LimitState = { active: false, pendingSince: null };

export type LimitStep = {
  state: LimitState;
  /** When to evaluate again with the same value, to complete a delay; null when nothing is pending. */
  wakeAt: number | null;
};

const beyond = (limit: LimitDef, v: number) => (limit.when === '>' ? v > limit.value : v < limit.value);
const backInside = (limit: LimitDef, v: number) =>
  limit.when === '>' ? v < limit.value - limit.deadband : v > limit.value + limit.deadband;

/**
 * One evaluation of a limit with the latest value at `nowMs`. A value of
 * null (unreadable, comms lost) neither confirms nor denies the limit: the
 * state holds and any pending delay starts over once a value is back.
 */
export function evaluateLimit(
  limit: LimitDef,
  state: LimitState,
  value: number | null,
  nowMs: number,
): LimitStep {
  if (value === null || !Number.isFinite(value))
    return { state: { ...state, pendingSince: null }, wakeAt: null };
  const wantsChange = state.active ? backInside(limit, value) : beyond(limit, value);
  if (!wantsChange) return { state: { active: state.active, pendingSince: null }, wakeAt: null };
  const since = state.pendingSince ?? nowMs;
  const delay = state.active ? limit.offDelayMs : limit.onDelayMs;
  if (nowMs - since >= delay) return { state: { active: !state.active, pendingSince: null }, wakeAt: null };
  return { state: { active: state.active, pendingSince: since }, wakeAt: since + delay };
}
