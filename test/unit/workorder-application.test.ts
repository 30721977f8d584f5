import { describe, expect, it } from 'vitest';
import {
  type ApplicationEvent,
  type ApplicationKind,
  type ApplicationState,
  checkFiling,
  exclusionsAt,
  type FiledApplication,
  type HeldApplication,
  stepApplication,
} from '../../shared/workorder/application';

const EVENTS: ApplicationEvent[] = [
  { type: 'approve' },
  { type: 'reject', reason: 'crew can fix it tonight' },
  { type: 'withdraw', reason: 'filed for the wrong charger' },
  { type: 'end' },
];
const KINDS: ApplicationKind[] = ['outage', 'resume', 'decommission', 'exemption'];
const X = null;

/** Row = state, column = event (approve, reject, withdraw, end); X = refused. `end` differs by kind below. */
const EXPECTED: Record<ApplicationState, (ApplicationState | null)[]> = {
  applied: ['approved', 'rejected', 'withdrawn', X],
  approved: [X, X, X, 'ended'],
  rejected: [X, X, X, X],
  withdrawn: [X, X, X, X],
  ended: [X, X, X, X],
};

const cases = KINDS.flatMap((kind) =>
  Object.entries(EXPECTED).flatMap(([state, row]) =>
    EVENTS.map((event, i) => {
      const expected = row[i] ?? null;
      // Only an approved outage ends (by its resume); every other approval is final.
      const to = state === 'approved' && event.type === 'end' && kind !== 'outage' ? null : expected;
      return { kind, state: state as ApplicationState, event, to };
    }),
  ),
);

describe('application state machine', () => {
  it.each(cases)('$kind: $state + $event.type → $to', ({ kind, state, event, to }) => {
    const result = stepApplication(kind, state, event);
    if (to === null) expect(result).toHaveProperty('refused');
    else expect(result).toEqual({ next: to });
  });

  it('a rejection and a withdrawal need a reason', () => {
    expect(stepApplication('outage', 'applied', { type: 'reject', reason: ' ' })).toEqual({
      refused: 'reject needs a reason',
    });
    expect(stepApplication('outage', 'applied', { type: 'withdraw', reason: '' })).toEqual({
      refused: 'withdraw needs a reason',
    });
  });
});

describe('filing checks', () => {
  const outage = (over: Partial<FiledApplication> = {}): FiledApplication => ({
    id: 'AP-0001',
    kind: 'outage',
    state: 'approved',
    deviceIds: ['sx01-dc1'],
    outageId: null,
    ...over,
  });

  it('one outage or decommission per device at a time', () => {
    expect(checkFiling({ kind: 'outage', deviceIds: ['sx01-dc1', 'sx01-dc2'] }, [outage()])).toBe(
      'outage AP-0001 (approved) already covers sx01-dc1',
    );
    expect(
      checkFiling({ kind: 'decommission', deviceIds: ['sx01-dc1'] }, [outage({ state: 'applied' })]),
    ).toMatch(/already covers/);
    expect(checkFiling({ kind: 'outage', deviceIds: ['sx01-dc1'] }, [outage({ state: 'ended' })])).toBeNull();
    expect(checkFiling({ kind: 'exemption', deviceIds: ['sx01-dc1'] }, [outage()])).toBeNull();
    expect(checkFiling({ kind: 'outage', deviceIds: [] }, [])).toBe('the target has no devices');
  });

  it('a resume names an outage in force with no other resume waiting', () => {
    expect(checkFiling({ kind: 'resume', deviceIds: [], outageId: 'AP-0009' }, [outage()])).toBe(
      'no outage application "AP-0009"',
    );
    expect(
      checkFiling({ kind: 'resume', deviceIds: [], outageId: 'AP-0001' }, [outage({ state: 'applied' })]),
    ).toBe('outage AP-0001 is applied, not in force: nothing to resume');
    const pending: FiledApplication = {
      id: 'AP-0002',
      kind: 'resume',
      state: 'applied',
      deviceIds: [],
      outageId: 'AP-0001',
    };
    expect(checkFiling({ kind: 'resume', deviceIds: [], outageId: 'AP-0001' }, [outage(), pending])).toBe(
      'resume AP-0002 for outage AP-0001 is already waiting for approval',
    );
    expect(checkFiling({ kind: 'resume', deviceIds: [], outageId: 'AP-0001' }, [outage()])).toBeNull();
  });
});

describe('availability exclusions', () => {
  const T = Date.UTC(2026, 10, 23, 8);
  const HOUR = 3_600_000;
  const held = (over: Partial<HeldApplication>): HeldApplication => ({
    id: 'AP-0001',
    kind: 'outage',
    state: 'approved',
    deviceIds: ['sx01-dc1'],
    stationId: 'sx01',
    reason: 'before-maintenance',
    appliedAt: T,
    decidedAt: T + HOUR,
    from: null,
    until: null,
    ...over,
  });
  const at = (a: HeldApplication, now: number) => exclusionsAt([a], now).map((x) => [x.deviceId, x.until]);

  it('an approved outage excludes from its approval, whatever its planned window, until it ends', () => {
    const planned = held({ from: T + 5 * HOUR, until: T + 6 * HOUR });
    expect(at(planned, T + HOUR - 1)).toEqual([]);
    expect(at(planned, T + HOUR)).toEqual([['sx01-dc1', null]]);
    // Past the planned end the device is still out: only the approved resume brings it back.
    expect(at(planned, T + 48 * HOUR)).toEqual([['sx01-dc1', null]]);
    expect(at({ ...planned, state: 'ended' }, T + 48 * HOUR)).toEqual([]);
    expect(at({ ...planned, state: 'applied', decidedAt: null }, T + 2 * HOUR)).toEqual([]);
  });

  it('an exemption excludes during its own period only; a resume excludes nothing', () => {
    const exemption = held({
      kind: 'exemption',
      reason: 'tcu-upgrade',
      from: T + 2 * HOUR,
      until: T + 3 * HOUR,
    });
    expect(at(exemption, T + 2 * HOUR - 1)).toEqual([]);
    expect(at(exemption, T + 2 * HOUR)).toEqual([['sx01-dc1', T + 3 * HOUR]]);
    expect(at(exemption, T + 3 * HOUR)).toEqual([]);
    expect(
      at(held({ kind: 'exemption', reason: 'platform-failure', from: T, until: null }), T + 99 * HOUR),
    ).toEqual([['sx01-dc1', null]]);
    expect(at(held({ kind: 'resume', reason: 'repaired' }), T + 2 * HOUR)).toEqual([]);
  });

  it('a station decommission excludes every device it covers', () => {
    const gone = held({ kind: 'decommission', deviceIds: ['sx01-dc1', 'sx01-dc2'] });
    expect(exclusionsAt([gone], T + 2 * HOUR).map((x) => x.deviceId)).toEqual(['sx01-dc1', 'sx01-dc2']);
  });
});
