import { z } from 'zod';
import { Priority } from './priority';

/**
 * ISA-18.2 / IEC 62682 alarm states. The comment letters are the ones of the
 * standard's state diagram, so the table below can be checked against it.
 */
export const AlarmState = z.enum([
  'normal', // A: condition normal, nothing to acknowledge
  'active-unacknowledged', // B: condition active, operator not yet aware
  'active-acknowledged', // C: condition active, operator aware
  'returned-unacknowledged', // D: condition returned to normal before anyone acknowledged it
  'shelved', // E: hidden by the operator, with a reason and an end
  'suppressed-by-design', // F: hidden by logic, e.g. the parent station lost comms
  'out-of-service', // G: hidden for maintenance
]);
export type AlarmState = z.infer<typeof AlarmState>;

export const ISA_LETTER: Readonly<Record<AlarmState, string>> = {
  normal: 'A',
  'active-unacknowledged': 'B',
  'active-acknowledged': 'C',
  'returned-unacknowledged': 'D',
  shelved: 'E',
  'suppressed-by-design': 'F',
  'out-of-service': 'G',
};

/** States in which the alarm still asks the operator for an acknowledgement. */
const UNACKNOWLEDGED: ReadonlySet<AlarmState> = new Set(['active-unacknowledged', 'returned-unacknowledged']);

/** What an alarm is suppressed under; station outranks gateway when both are lost. */
export const SuppressionParent = z
  .object({ kind: z.enum(['station', 'gateway']), id: z.string().min(1) })
  .strict();
export type SuppressionParent = z.infer<typeof SuppressionParent>;

const Reason = z.string().trim().min(1, 'a reason is required');

export const AlarmEventType = z.enum([
  'activate',
  'clear',
  'ack',
  'shelve',
  'unshelve',
  'shelf-expired',
  'suppress',
  'unsuppress',
  'remove-from-service',
  'return-to-service',
]);
export type AlarmEventType = z.infer<typeof AlarmEventType>;

/**
 * `activate` / `clear` report the process condition; the rest are operator
 * actions (ack, shelve, unshelve, remove/return), the engine's shelf timer
 * (`shelf-expired`) and design suppression (`suppress` / `unsuppress`).
 */
export const AlarmEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('activate') }).strict(),
  z.object({ type: z.literal('clear') }).strict(),
  z.object({ type: z.literal('ack') }).strict(),
  z.object({ type: z.literal('shelve'), reason: Reason, untilMs: z.number() }).strict(),
  z.object({ type: z.literal('unshelve') }).strict(),
  z.object({ type: z.literal('shelf-expired') }).strict(),
  z.object({ type: z.literal('suppress'), parent: SuppressionParent }).strict(),
  z.object({ type: z.literal('unsuppress') }).strict(),
  z.object({ type: z.literal('remove-from-service'), reason: Reason }).strict(),
  z.object({ type: z.literal('return-to-service') }).strict(),
]);
export type AlarmEvent = z.infer<typeof AlarmEvent>;

export const Shelf = z.object({ reason: Reason, atMs: z.number(), untilMs: z.number() }).strict();
export type Shelf = z.infer<typeof Shelf>;

export const OutOfService = z.object({ reason: Reason, atMs: z.number() }).strict();
export type OutOfService = z.infer<typeof OutOfService>;

/**
 * The part of an alarm the state machine owns. Two facts are kept in every
 * state because the operator does not control them: whether the process
 * condition is active, and whether design suppression applies. While the
 * alarm is shelved, suppressed or out of service they keep being followed,
 * so when it comes back it lands where the plant actually is.
 */
export const AlarmRecordState = z
  .object({
    state: AlarmState,
    conditionActive: z.boolean(),
    suppressedBy: SuppressionParent.nullable(),
    shelf: Shelf.nullable(),
    outOfService: OutOfService.nullable(),
    /** When the alarm entered `state`. */
    sinceMs: z.number(),
  })
  .strict()
  .superRefine((a, ctx) => {
    const issue = (message: string) => ctx.addIssue({ code: 'custom', message });
    const active = a.state === 'active-unacknowledged' || a.state === 'active-acknowledged';
    const returned = a.state === 'normal' || a.state === 'returned-unacknowledged';
    if (active && !a.conditionActive) issue(`${a.state} needs an active condition`);
    if (returned && a.conditionActive) issue(`${a.state} needs a normal condition`);
    if ((active || returned) && a.suppressedBy) issue(`${a.state} cannot be suppressed by design`);
    if (a.state === 'suppressed-by-design' && !a.suppressedBy)
      issue('suppressed-by-design needs suppressedBy');
    if ((a.state === 'shelved') !== (a.shelf !== null)) issue('a shelf exists exactly while shelved');
    if ((a.state === 'out-of-service') !== (a.outOfService !== null)) {
      issue('outOfService exists exactly while out of service');
    }
  });
export type AlarmRecordState = z.infer<typeof AlarmRecordState>;

/** The longest shelf allowed; `priority` names whose maximum it is, for the refusal. */
export const ShelvingPolicy = z
  .object({ maxShelveMs: z.number().int().positive(), priority: Priority.optional() })
  .strict();
export type ShelvingPolicy = z.infer<typeof ShelvingPolicy>;

/** One shift: a shelf never outlives the monitor who set it; the next shift decides again. */
export const DEFAULT_SHELVING_POLICY: ShelvingPolicy = { maxShelveMs: 8 * 3_600_000 };

export type Effect =
  /** Entered B: sound, flash, top of the queue; counts toward flood detection. */
  | { kind: 'annunciate' }
  /** Left B or D without landing in the other: nothing left to acknowledge. */
  | { kind: 'silence' }
  /** Arm the engine's timer: send `shelf-expired` at `atMs`. */
  | { kind: 'schedule-unshelve'; atMs: number }
  /** Disarm the timer of a shelf that ended early or was replaced. */
  | { kind: 'cancel-unshelve' };

export type TransitionResult = { next: AlarmRecordState; effects: Effect[] } | { refused: string };

/**
 * `stay` keeps the state (the event only updates a tracked fact or the
 * shelf); `resume` is where an alarm lands when it stops being hidden:
 * suppressed-by-design if design suppression still applies, else B if the
 * condition is active (a fresh, unacknowledged alarm), else A.
 */
type Target = AlarmState | 'stay' | 'resume';
type Outcome = { to: Target } | { refuse: string };
export type TransitionRule =
  | Outcome
  | { byCondition: { active: Outcome; normal: Outcome } }
  | { bySuppression: { suppressed: Outcome; free: Outcome } };

const go = (to: Target): Outcome => ({ to });
const no = (refuse: string): Outcome => ({ refuse });

const NOT_SHELVED = no('unshelve of an alarm that is not shelved');
const NO_SHELF_TIMER = no('shelf expiry of an alarm that is not shelved (stale timer)');
const NOT_SUPPRESSED = no('unsuppress of an alarm that is not suppressed by design');
const IN_SERVICE = no('return to service of an alarm that is in service');

/** Hidden alarms keep following the condition; a repeat of the current condition is refused. */
const FOLLOW_ACTIVATE: TransitionRule = {
  byCondition: { normal: go('stay'), active: no('activate of a condition that is already active') },
};
const FOLLOW_CLEAR: TransitionRule = {
  byCondition: { active: go('stay'), normal: no('clear of a condition that is already normal') },
};

/** An alarm the operator can see (A to D) is hidden the same way whichever of the four it is in. */
const HIDING_A_VISIBLE_ALARM = {
  shelve: go('shelved'),
  unshelve: NOT_SHELVED,
  'shelf-expired': NO_SHELF_TIMER,
  suppress: go('suppressed-by-design'),
  unsuppress: NOT_SUPPRESSED,
  'remove-from-service': go('out-of-service'),
  'return-to-service': IN_SERVICE,
} as const satisfies Partial<Record<AlarmEventType, TransitionRule>>;

/**
 * The state diagram as a table: row = current state, column = event. Read a
 * row like the standard: e.g. B (active-unacknowledged) goes to C on ack and
 * to D when the condition clears.
 */
export const TRANSITIONS: Readonly<Record<AlarmState, Readonly<Record<AlarmEventType, TransitionRule>>>> = {
  normal: {
    activate: go('active-unacknowledged'),
    clear: no('clear of a normal alarm: the condition is already normal'),
    ack: no('ack of a normal alarm: there is nothing to acknowledge'),
    ...HIDING_A_VISIBLE_ALARM,
  },
  'active-unacknowledged': {
    activate: no('activate of an active alarm: the condition is already active'),
    clear: go('returned-unacknowledged'),
    ack: go('active-acknowledged'),
    ...HIDING_A_VISIBLE_ALARM,
  },
  'active-acknowledged': {
    activate: no('activate of an active alarm: the condition is already active'),
    clear: go('normal'),
    ack: no('ack of an acknowledged alarm'),
    ...HIDING_A_VISIBLE_ALARM,
  },
  'returned-unacknowledged': {
    activate: go('active-unacknowledged'),
    clear: no('clear of a returned alarm: the condition is already normal'),
    ack: go('normal'),
    ...HIDING_A_VISIBLE_ALARM,
  },
  shelved: {
    activate: FOLLOW_ACTIVATE,
    clear: FOLLOW_CLEAR,
    ack: no('ack of a shelved alarm: it is hidden, and returns unacknowledged if still active'),
    // Re-shelving replaces reason and end: the incoming shift's explicit decision to keep it shelved.
    shelve: go('stay'),
    unshelve: go('resume'),
    'shelf-expired': go('resume'),
    // The operator's shelf stays; suppression is remembered and applies when the shelf ends.
    suppress: go('stay'),
    unsuppress: { bySuppression: { suppressed: go('stay'), free: NOT_SUPPRESSED } },
    'remove-from-service': go('out-of-service'),
    'return-to-service': IN_SERVICE,
  },
  'suppressed-by-design': {
    activate: FOLLOW_ACTIVATE,
    clear: FOLLOW_CLEAR,
    ack: no('ack of an alarm suppressed by design: it is hidden, and returns unacknowledged if still active'),
    shelve: no('shelve of an alarm suppressed by design: it is already hidden'),
    unshelve: NOT_SHELVED,
    'shelf-expired': NO_SHELF_TIMER,
    // A higher parent (station over gateway) may take over while it is suppressed.
    suppress: go('stay'),
    unsuppress: go('resume'),
    'remove-from-service': go('out-of-service'),
    'return-to-service': IN_SERVICE,
  },
  'out-of-service': {
    activate: FOLLOW_ACTIVATE,
    clear: FOLLOW_CLEAR,
    ack: no('ack of an out-of-service alarm: it is hidden, and returns unacknowledged if still active'),
    shelve: no('shelve of an out-of-service alarm: it is already hidden'),
    unshelve: NOT_SHELVED,
    'shelf-expired': NO_SHELF_TIMER,
    // Remembered, like the condition: on return to service it lands suppressed.
    suppress: go('stay'),
    unsuppress: { bySuppression: { suppressed: go('stay'), free: NOT_SUPPRESSED } },
    'remove-from-service': no('remove from service of an alarm that is already out of service'),
    'return-to-service': go('resume'),
  },
};

/** A new alarm point: normal, nothing hidden. */
export function initialAlarm(nowMs: number): AlarmRecordState {
  return {
    state: 'normal',
    conditionActive: false,
    suppressedBy: null,
    shelf: null,
    outOfService: null,
    sinceMs: nowMs,
  };
}

/** For the engine's timer: the shelf of this alarm has run out. */
export function shelfExpired(alarm: AlarmRecordState, nowMs: number): boolean {
  return alarm.state === 'shelved' && alarm.shelf !== null && nowMs >= alarm.shelf.untilMs;
}

function resolve(rule: TransitionRule, alarm: AlarmRecordState): Outcome {
  if ('byCondition' in rule) return alarm.conditionActive ? rule.byCondition.active : rule.byCondition.normal;
  if ('bySuppression' in rule)
    return alarm.suppressedBy ? rule.bySuppression.suppressed : rule.bySuppression.free;
  return rule;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Refusals that depend on the event's data or the clock, not on the state. */
function checkEvent(
  alarm: AlarmRecordState,
  event: AlarmEvent,
  nowMs: number,
  policy: ShelvingPolicy,
): string | null {
  switch (event.type) {
    case 'shelve': {
      if (!event.reason.trim()) return 'shelve needs a reason';
      if (event.untilMs <= nowMs) return `shelve until ${iso(event.untilMs)}: the end must be in the future`;
      if (event.untilMs - nowMs <= policy.maxShelveMs) return null;
      const max = `${+(policy.maxShelveMs / 3_600_000).toFixed(2)} h`;
      return `shelve for longer than the maximum of ${max}${policy.priority ? ` for ${policy.priority}-priority alarms` : ''}`;
    }
    case 'remove-from-service':
      return event.reason.trim() ? null : 'remove from service needs a reason';
    case 'shelf-expired':
      return alarm.shelf && nowMs < alarm.shelf.untilMs
        ? `shelf expiry before its end at ${iso(alarm.shelf.untilMs)} (stale timer)`
        : null;
    default:
      return null;
  }
}

/** The two facts the plant and the design logic own, after this event. */
function follow(
  alarm: AlarmRecordState,
  event: AlarmEvent,
): Pick<AlarmRecordState, 'conditionActive' | 'suppressedBy'> {
  switch (event.type) {
    case 'activate':
      return { conditionActive: true, suppressedBy: alarm.suppressedBy };
    case 'clear':
      return { conditionActive: false, suppressedBy: alarm.suppressedBy };
    case 'suppress':
      return { conditionActive: alarm.conditionActive, suppressedBy: event.parent };
    case 'unsuppress':
      return { conditionActive: alarm.conditionActive, suppressedBy: null };
    default:
      return { conditionActive: alarm.conditionActive, suppressedBy: alarm.suppressedBy };
  }
}

function land(facts: Pick<AlarmRecordState, 'conditionActive' | 'suppressedBy'>): AlarmState {
  if (facts.suppressedBy) return 'suppressed-by-design';
  return facts.conditionActive ? 'active-unacknowledged' : 'normal';
}

function effectsOf(prev: AlarmRecordState, next: AlarmRecordState, event: AlarmEvent): Effect[] {
  const effects: Effect[] = [];
  if (next.state === 'active-unacknowledged' && prev.state !== 'active-unacknowledged') {
    effects.push({ kind: 'annunciate' });
  }
  if (UNACKNOWLEDGED.has(prev.state) && !UNACKNOWLEDGED.has(next.state)) effects.push({ kind: 'silence' });
  // An expired shelf's timer has already fired; every other end or replacement must disarm it.
  if (prev.shelf && prev.shelf !== next.shelf && event.type !== 'shelf-expired') {
    effects.push({ kind: 'cancel-unshelve' });
  }
  if (next.shelf && prev.shelf !== next.shelf)
    effects.push({ kind: 'schedule-unshelve', atMs: next.shelf.untilMs });
  return effects;
}

/**
 * The whole alarm state machine: looks the event up in TRANSITIONS, checks
 * the event's own data (shelf reason and length, stale timers), and returns
 * the next record with what the engine must do, or why the event was refused.
 */
export function transition(
  alarm: AlarmRecordState,
  event: AlarmEvent,
  nowMs: number,
  policy: ShelvingPolicy = DEFAULT_SHELVING_POLICY,
): TransitionResult {
  const outcome = resolve(TRANSITIONS[alarm.state][event.type], alarm);
  if ('refuse' in outcome) return { refused: outcome.refuse };
  const problem = checkEvent(alarm, event, nowMs, policy);
  if (problem) return { refused: problem };

  const facts = follow(alarm, event);
  const state = outcome.to === 'stay' ? alarm.state : outcome.to === 'resume' ? land(facts) : outcome.to;
  const shelf =
    state !== 'shelved'
      ? null
      : event.type === 'shelve'
        ? { reason: event.reason.trim(), atMs: nowMs, untilMs: event.untilMs }
        : alarm.shelf;
  const outOfService =
    state !== 'out-of-service'
      ? null
      : event.type === 'remove-from-service'
        ? { reason: event.reason.trim(), atMs: nowMs }
        : alarm.outOfService;
  const next: AlarmRecordState = {
    state,
    ...facts,
    shelf,
    outOfService,
    sinceMs: state === alarm.state ? alarm.sinceMs : nowMs,
  };
  return { next, effects: effectsOf(alarm, next, event) };
}
