import { describe, expect, it } from 'vitest';
import {
  AlarmEvent,
  AlarmEventType,
  AlarmRecordState,
  AlarmState,
  type Effect,
  ISA_LETTER,
  initialAlarm,
  shelfExpired,
  TRANSITIONS,
  type TransitionResult,
  transition,
} from '../../shared/alarm/state';

const HOUR = 3_600_000;
const NOW = Date.UTC(2025, 5, 1, 8, 0, 0);
const STATION = { kind: 'station', id: 'S1' } as const;

const EVENTS: Record<AlarmEventType, AlarmEvent> = {
  activate: { type: 'activate' },
  clear: { type: 'clear' },
  ack: { type: 'ack' },
  shelve: { type: 'shelve', reason: 'known nuisance, work order WO-17', untilMs: NOW + HOUR },
  unshelve: { type: 'unshelve' },
  'shelf-expired': { type: 'shelf-expired' },
  suppress: { type: 'suppress', parent: STATION },
  unsuppress: { type: 'unsuppress' },
  'remove-from-service': { type: 'remove-from-service', reason: 'charger replaced' },
  'return-to-service': { type: 'return-to-service' },
};

type Fixture = { state: AlarmState; active: boolean; suppressed?: boolean };

/** A consistent record in `state`; a shelf set to end exactly now, so its timer is due. */
function record({ state, active, suppressed = false }: Fixture): AlarmRecordState {
  return AlarmRecordState.parse({
    state,
    conditionActive: active,
    suppressedBy: suppressed || state === 'suppressed-by-design' ? STATION : null,
    shelf: state === 'shelved' ? { reason: 'nuisance', atMs: NOW - HOUR, untilMs: NOW } : null,
    outOfService: state === 'out-of-service' ? { reason: 'maintenance', atMs: NOW - HOUR } : null,
    sinceMs: NOW - HOUR,
  });
}

const letter = (r: TransitionResult) => ('refused' in r ? '—' : ISA_LETTER[r.next.state]);

/**
 * Written out from the ISA-18.2 diagram, independently of TRANSITIONS.
 * Hidden states (E, F, G) appear once per combination of the facts they
 * track: condition normal/active, suppressed by design or not.
 */
const ROWS: Array<[string, Fixture, Record<AlarmEventType, string>]> = [
  row('A', { state: 'normal', active: false }, 'B — — E — — F — G —'),
  row('B', { state: 'active-unacknowledged', active: true }, '— D C E — — F — G —'),
  row('C', { state: 'active-acknowledged', active: true }, '— A — E — — F — G —'),
  row('D', { state: 'returned-unacknowledged', active: false }, 'B — A E — — F — G —'),
  row('E normal', { state: 'shelved', active: false }, 'E — — E A A E — G —'),
  row('E active', { state: 'shelved', active: true }, '— E — E B B E — G —'),
  row('E normal suppressed', { state: 'shelved', active: false, suppressed: true }, 'E — — E F F E E G —'),
  row('E active suppressed', { state: 'shelved', active: true, suppressed: true }, '— E — E F F E E G —'),
  row('F normal', { state: 'suppressed-by-design', active: false }, 'F — — — — — F A G —'),
  row('F active', { state: 'suppressed-by-design', active: true }, '— F — — — — F B G —'),
  row('G normal', { state: 'out-of-service', active: false }, 'G — — — — — G — — A'),
  row('G active', { state: 'out-of-service', active: true }, '— G — — — — G — — B'),
  row(
    'G normal suppressed',
    { state: 'out-of-service', active: false, suppressed: true },
    'G — — — — — G G — F',
  ),
  row(
    'G active suppressed',
    { state: 'out-of-service', active: true, suppressed: true },
    '— G — — — — G G — F',
  ),
];

function row(
  name: string,
  fixture: Fixture,
  cells: string,
): [string, Fixture, Record<AlarmEventType, string>] {
  const values = cells.split(' ');
  if (values.length !== AlarmEventType.options.length) throw new Error(`row ${name}: one cell per event`);
  return [name, fixture, Object.fromEntries(AlarmEventType.options.map((e, i) => [e, values[i]])) as never];
}

const accepted = (r: TransitionResult) => {
  if ('refused' in r) throw new Error(`refused: ${r.refused}`);
  return r;
};

/** Feeds events one after another, one minute apart, failing on any refusal. */
function run(start: AlarmRecordState, events: AlarmEvent[], from = NOW) {
  let alarm = start;
  const effects: Effect[][] = [];
  events.forEach((event, i) => {
    const r = accepted(transition(alarm, event, from + i * 60_000));
    alarm = r.next;
    effects.push(r.effects);
  });
  return { alarm, effects };
}

describe('alarm state machine: the table', () => {
  it('has a rule for every state × event', () => {
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...AlarmState.options].sort());
    for (const state of AlarmState.options) {
      expect(Object.keys(TRANSITIONS[state]).sort()).toEqual([...AlarmEventType.options].sort());
    }
  });

  for (const [name, fixture, expected] of ROWS) {
    it(`${name}: every event gives the ISA-18.2 next state or a refusal`, () => {
      const actual = Object.fromEntries(
        AlarmEventType.options.map((type) => [type, letter(transition(record(fixture), EVENTS[type], NOW))]),
      );
      expect(actual).toEqual(expected);
    });

    it(`${name}: every next record is consistent and every refusal says why`, () => {
      for (const type of AlarmEventType.options) {
        const r = transition(record(fixture), EVENTS[type], NOW);
        if ('refused' in r) expect(r.refused).toMatch(/\w{4,}/);
        else expect(AlarmRecordState.safeParse(r.next).success).toBe(true);
      }
    });
  }

  it('explains refusals in the operator’s terms', () => {
    const at = (state: AlarmState, active: boolean, type: AlarmEventType) =>
      transition(record({ state, active }), EVENTS[type], NOW);
    expect(at('normal', false, 'ack')).toEqual({
      refused: 'ack of a normal alarm: there is nothing to acknowledge',
    });
    expect(at('active-acknowledged', true, 'ack')).toEqual({ refused: 'ack of an acknowledged alarm' });
    expect(at('active-unacknowledged', true, 'unshelve')).toEqual({
      refused: 'unshelve of an alarm that is not shelved',
    });
    expect(at('shelved', true, 'ack')).toMatchObject({
      refused: expect.stringMatching(/^ack of a shelved alarm/),
    });
    expect(at('suppressed-by-design', true, 'shelve')).toMatchObject({
      refused: expect.stringMatching(/hidden/),
    });
    expect(at('out-of-service', false, 'remove-from-service')).toMatchObject({
      refused: expect.stringMatching(/already out of service/),
    });
  });

  it('does not change the record it was given', () => {
    const alarm = record({ state: 'active-unacknowledged', active: true });
    const copy = structuredClone(alarm);
    transition(alarm, EVENTS.ack, NOW);
    expect(alarm).toEqual(copy);
  });
});

describe('alarm state machine: effects', () => {
  const effectsOf = (fixture: Fixture, type: AlarmEventType) =>
    accepted(transition(record(fixture), EVENTS[type], NOW)).effects;

  it('annunciates on entering B, from normal and on re-alarm from D', () => {
    expect(effectsOf({ state: 'normal', active: false }, 'activate')).toEqual([{ kind: 'annunciate' }]);
    expect(effectsOf({ state: 'returned-unacknowledged', active: false }, 'activate')).toEqual([
      { kind: 'annunciate' },
    ]);
  });

  it('silences when nothing is left to acknowledge, not when the condition merely returns', () => {
    expect(effectsOf({ state: 'active-unacknowledged', active: true }, 'ack')).toEqual([{ kind: 'silence' }]);
    expect(effectsOf({ state: 'returned-unacknowledged', active: false }, 'ack')).toEqual([
      { kind: 'silence' },
    ]);
    expect(effectsOf({ state: 'active-unacknowledged', active: true }, 'clear')).toEqual([]);
    expect(effectsOf({ state: 'active-acknowledged', active: true }, 'clear')).toEqual([]);
    expect(effectsOf({ state: 'active-unacknowledged', active: true }, 'suppress')).toEqual([
      { kind: 'silence' },
    ]);
  });

  it('arms and disarms the shelf timer', () => {
    expect(effectsOf({ state: 'active-unacknowledged', active: true }, 'shelve')).toEqual([
      { kind: 'silence' },
      { kind: 'schedule-unshelve', atMs: NOW + HOUR },
    ]);
    expect(effectsOf({ state: 'shelved', active: true }, 'unshelve')).toEqual([
      { kind: 'annunciate' },
      { kind: 'cancel-unshelve' },
    ]);
    // The timer that sent shelf-expired has fired already.
    expect(effectsOf({ state: 'shelved', active: true }, 'shelf-expired')).toEqual([{ kind: 'annunciate' }]);
    expect(effectsOf({ state: 'shelved', active: false }, 'shelve')).toEqual([
      { kind: 'cancel-unshelve' },
      { kind: 'schedule-unshelve', atMs: NOW + HOUR },
    ]);
    expect(effectsOf({ state: 'shelved', active: false }, 'remove-from-service')).toEqual([
      { kind: 'cancel-unshelve' },
    ]);
    expect(effectsOf({ state: 'shelved', active: false }, 'activate')).toEqual([]);
  });

  it('lands a hidden alarm whose condition is still active as a fresh unacknowledged one', () => {
    expect(effectsOf({ state: 'suppressed-by-design', active: true }, 'unsuppress')).toEqual([
      { kind: 'annunciate' },
    ]);
    expect(effectsOf({ state: 'out-of-service', active: true }, 'return-to-service')).toEqual([
      { kind: 'annunciate' },
    ]);
    expect(effectsOf({ state: 'out-of-service', active: false }, 'return-to-service')).toEqual([]);
  });
});

describe('alarm state machine: the ISA-18.2 life cycle', () => {
  it('A → B → C → A and A → B → D → A', () => {
    const acked = run(initialAlarm(NOW), [EVENTS.activate, EVENTS.ack, EVENTS.clear]);
    expect(acked.alarm).toMatchObject({ state: 'normal', conditionActive: false });
    const returned = run(initialAlarm(NOW), [EVENTS.activate, EVENTS.clear, EVENTS.ack]);
    expect(returned.alarm.state).toBe('normal');
  });

  it('D re-alarms to B when the condition comes back before anyone acknowledged', () => {
    const { alarm } = run(initialAlarm(NOW), [EVENTS.activate, EVENTS.clear, EVENTS.activate]);
    expect(alarm).toMatchObject({ state: 'active-unacknowledged', conditionActive: true });
  });

  it('sinceMs moves only when the state changes', () => {
    const start = initialAlarm(NOW - HOUR);
    const raised = accepted(transition(start, EVENTS.activate, NOW)).next;
    expect(raised.sinceMs).toBe(NOW);
    const shelved = accepted(transition(raised, EVENTS.shelve, NOW + 1000)).next;
    const followed = accepted(transition(shelved, EVENTS.clear, NOW + 2000)).next;
    expect(followed.sinceMs).toBe(NOW + 1000);
  });
});

describe('alarm state machine: shelving', () => {
  const active = () => record({ state: 'active-unacknowledged', active: true });
  const shelve = (reason: string, untilMs: number): AlarmEvent => ({ type: 'shelve', reason, untilMs });

  it('accepts a shelf of exactly the maximum (8 h, one shift) and refuses one millisecond more', () => {
    expect(accepted(transition(active(), shelve('nuisance', NOW + 8 * HOUR), NOW)).next.shelf).toEqual({
      reason: 'nuisance',
      atMs: NOW,
      untilMs: NOW + 8 * HOUR,
    });
    expect(transition(active(), shelve('nuisance', NOW + 8 * HOUR + 1), NOW)).toEqual({
      refused: 'shelve for longer than the maximum of 8 h',
    });
  });

  it('takes the maximum from the policy', () => {
    const policy = { maxShelveMs: 30 * 60_000 };
    expect(transition(active(), shelve('x', NOW + 31 * 60_000), NOW, policy)).toEqual({
      refused: 'shelve for longer than the maximum of 0.5 h',
    });
    expect('next' in transition(active(), shelve('x', NOW + 30 * 60_000), NOW, policy)).toBe(true);
  });

  it('needs a reason and an end in the future', () => {
    expect(transition(active(), shelve('', NOW + HOUR), NOW)).toEqual({ refused: 'shelve needs a reason' });
    expect(transition(active(), shelve('   ', NOW + HOUR), NOW)).toEqual({
      refused: 'shelve needs a reason',
    });
    expect(transition(active(), shelve('x', NOW), NOW)).toMatchObject({
      refused: expect.stringMatching(/end must be in the future/),
    });
    expect(accepted(transition(active(), shelve('  chattering  ', NOW + HOUR), NOW)).next.shelf?.reason).toBe(
      'chattering',
    );
  });

  it('shelfExpired is due from the end of the shelf on, and only for shelved alarms', () => {
    const shelved = accepted(transition(active(), shelve('x', NOW + HOUR), NOW)).next;
    expect(shelfExpired(shelved, NOW + HOUR - 1)).toBe(false);
    expect(shelfExpired(shelved, NOW + HOUR)).toBe(true);
    expect(shelfExpired(shelved, NOW + 2 * HOUR)).toBe(true);
    expect(shelfExpired(active(), NOW + 2 * HOUR)).toBe(false);
  });

  it('refuses a stale timer: early, or left over from a shelf that was replaced', () => {
    const shelved = accepted(transition(active(), shelve('x', NOW + HOUR), NOW)).next;
    expect(transition(shelved, EVENTS['shelf-expired'], NOW + HOUR - 1)).toMatchObject({
      refused: expect.stringMatching(/stale timer/),
    });
    const reshelved = accepted(
      transition(shelved, shelve('next shift keeps it', NOW + 9 * HOUR), NOW + 2 * HOUR),
    ).next;
    expect(reshelved.shelf).toEqual({
      reason: 'next shift keeps it',
      atMs: NOW + 2 * HOUR,
      untilMs: NOW + 9 * HOUR,
    });
    expect(transition(reshelved, EVENTS['shelf-expired'], NOW + HOUR)).toMatchObject({
      refused: /stale timer/,
    });
  });
});

describe('alarm state machine: the condition is tracked while hidden', () => {
  it('shelved: clears, returns and clears again → lands normal when the shelf ends', () => {
    const start = record({ state: 'active-unacknowledged', active: true });
    const { alarm } = run(start, [
      { type: 'shelve', reason: 'chattering', untilMs: NOW + HOUR },
      EVENTS.clear,
      EVENTS.activate,
      EVENTS.clear,
    ]);
    expect(alarm).toMatchObject({ state: 'shelved', conditionActive: false });
    expect(accepted(transition(alarm, EVENTS['shelf-expired'], NOW + HOUR)).next.state).toBe('normal');
  });

  it('shelved while normal, activated under the shelf → unacknowledged when unshelved', () => {
    const { alarm, effects } = run(initialAlarm(NOW), [
      { type: 'shelve', reason: 'sensor being replaced', untilMs: NOW + HOUR },
      EVENTS.activate,
      EVENTS.unshelve,
    ]);
    expect(alarm.state).toBe('active-unacknowledged');
    expect(effects[1]).toEqual([]);
    expect(effects[2]).toEqual([{ kind: 'annunciate' }, { kind: 'cancel-unshelve' }]);
  });

  it('an acknowledged alarm suppressed and unsuppressed while still active comes back unacknowledged', () => {
    const start = record({ state: 'active-acknowledged', active: true });
    const { alarm } = run(start, [EVENTS.suppress, EVENTS.unsuppress]);
    expect(alarm.state).toBe('active-unacknowledged');
  });

  it('suppressed: the device recovers while its station is lost → normal when the station returns', () => {
    const start = record({ state: 'active-unacknowledged', active: true });
    const { alarm } = run(start, [EVENTS.suppress, EVENTS.clear, EVENTS.unsuppress]);
    expect(alarm).toMatchObject({ state: 'normal', conditionActive: false, suppressedBy: null });
  });

  it('out of service: returns by condition, and lands suppressed if the parent is still lost', () => {
    const start = record({ state: 'active-acknowledged', active: true });
    expect(
      run(start, [EVENTS['remove-from-service'], EVENTS.clear, EVENTS['return-to-service']]).alarm.state,
    ).toBe('normal');
    const lost = run(start, [
      EVENTS['remove-from-service'],
      EVENTS.suppress,
      EVENTS['return-to-service'],
    ]).alarm;
    expect(lost).toMatchObject({ state: 'suppressed-by-design', suppressedBy: STATION, outOfService: null });
  });

  it('a shelf set before the parent was lost ends in F, not in front of the operator', () => {
    const start = record({ state: 'active-unacknowledged', active: true });
    const { alarm } = run(start, [
      { type: 'shelve', reason: 'nuisance', untilMs: NOW + HOUR },
      EVENTS.suppress,
      EVENTS.unshelve,
    ]);
    expect(alarm).toMatchObject({ state: 'suppressed-by-design', shelf: null });
    expect(accepted(transition(alarm, EVENTS.unsuppress, NOW + HOUR)).next.state).toBe(
      'active-unacknowledged',
    );
  });

  it('a suppressed alarm taken out of service keeps its parent', () => {
    const start = record({ state: 'suppressed-by-design', active: true });
    const { alarm } = run(start, [
      EVENTS['remove-from-service'],
      { type: 'suppress', parent: { kind: 'gateway', id: '10.0.0.7:502' } },
    ]);
    expect(alarm).toMatchObject({
      state: 'out-of-service',
      suppressedBy: { kind: 'gateway', id: '10.0.0.7:502' },
      outOfService: { reason: 'charger replaced' },
    });
  });
});

describe('alarm records and events at the boundary', () => {
  it('refuses inconsistent records', () => {
    const bad = (patch: Partial<AlarmRecordState>) =>
      AlarmRecordState.safeParse({ ...initialAlarm(NOW), ...patch }).success;
    expect(bad({})).toBe(true);
    expect(bad({ conditionActive: true })).toBe(false);
    expect(bad({ state: 'active-acknowledged' })).toBe(false);
    expect(bad({ state: 'shelved' })).toBe(false);
    expect(bad({ state: 'suppressed-by-design' })).toBe(false);
    expect(bad({ suppressedBy: STATION })).toBe(false);
    expect(bad({ state: 'out-of-service', outOfService: { reason: 'x', atMs: NOW } })).toBe(true);
  });

  it('validates events: reasons must say something, parents must be named', () => {
    expect(AlarmEventType.options).toHaveLength(10);
    expect(AlarmEventType.safeParse('reset').success).toBe(false);
    expect(AlarmEvent.safeParse({ type: 'shelve', reason: ' ', untilMs: NOW }).success).toBe(false);
    expect(AlarmEvent.safeParse({ type: 'remove-from-service', reason: '' }).success).toBe(false);
    expect(AlarmEvent.safeParse({ type: 'suppress', parent: { kind: 'site', id: 'S1' } }).success).toBe(
      false,
    );
    expect(AlarmEvent.parse({ type: 'shelve', reason: ' ok ', untilMs: NOW })).toEqual({
      type: 'shelve',
      reason: 'ok',
      untilMs: NOW,
    });
  });
});
