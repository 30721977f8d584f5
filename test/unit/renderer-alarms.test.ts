import { describe, expect, it } from 'vitest';
import {
  applyAlarmsDelta,
  emptyAlarms,
  fromList,
  PendingAlarms,
  unacknowledgedCounts,
} from '../../renderer/src/state/alarms';
import { AlarmStore } from '../../renderer/src/state/alarmsStore';
import { keepSelection } from '../../renderer/src/ui/list/keyboardList';
import { crewOf } from '../../renderer/src/views/alarms/DispatchDialog';
import {
  buildQueue,
  defaultFilter,
  type QueueContext,
  type QueueOptions,
  type QueueRow,
  raisedWithin,
  slaOf,
} from '../../renderer/src/views/alarms/model';
import { formatAge, formatCountdown } from '../../renderer/src/views/alarms/words';
import type { AlarmsDelta, AlarmView, ClockView, Device, SlaBreach, Station } from '../../shared/api';
import { alarmView } from '../helpers/views';

const T0 = Date.UTC(2026, 10, 23, 8, 0, 0);
const HOUR = 3_600_000;

function deadline(
  id: string,
  startedAt: number,
  durationMs: number,
  stoppedAt: number | null = null,
): ClockView {
  return {
    kind: 'deadline',
    id,
    state: stoppedAt === null ? 'running' : 'met',
    startedAt,
    deadline: startedAt + durationMs,
    stoppedAt,
    remainingMs: durationMs,
    onBreach: 'escalate',
    basis: 'test',
  };
}

function alarm(id: string, more: Partial<AlarmView> = {}): AlarmView {
  const [deviceId = id, cause = 'insulationFault'] = id.split(':');
  const [stationId = deviceId] = deviceId.split('-');
  return alarmView({
    id,
    deviceId: cause.startsWith('comms.') && cause !== 'comms.device' ? null : deviceId,
    stationId,
    cause,
    raisedAt: T0,
    ...more,
  });
}

const station = (id: string, group: string, name: string): Station => ({
  id,
  name,
  nameEn: `${id} park`,
  address: '',
  lat: 30,
  lng: 120.5,
  group,
  urban: true,
});
const device = (id: string, name: string): Device => ({
  id,
  stationId: id.split('-')[0] ?? '',
  name,
  kind: 'dc-charger',
  profile: 'dc-120kw-dual',
  endpoint: '127.0.0.1:15021',
  unitId: 1,
  guns: 2,
  ratedKw: 120,
});

const context: QueueContext = {
  stations: new Map([
    ['sx01', station('sx01', '越城区', '鲁迅故里停车场')],
    ['sx02', station('sx02', '柯桥区', '中国轻纺城东市场')],
  ]),
  devices: new Map([
    ['sx01-dc1', device('sx01-dc1', '1号直流桩')],
    ['sx01-dc2', device('sx01-dc2', '2号直流桩')],
    ['sx02-ac1', device('sx02-ac1', '1号交流桩')],
  ]),
  causeWords: (a) => (a.cause === 'insulationFault' ? 'insulation fault 绝缘故障' : a.cause),
};

const options = (more: Partial<QueueOptions> = {}): QueueOptions => ({
  filter: defaultFilter,
  sort: 'priority',
  grouped: false,
  expanded: new Set(),
  ...more,
});

const keys = (rows: readonly QueueRow[]) => rows.map((r) => r.key);

describe('alarm queue order', () => {
  const critical = alarm('sx02-ac1:smokeDetected', {
    priority: 'critical',
    tier: 'emergency',
    raisedAt: T0 + 5000,
  });
  const low = alarm('sx01-dc1:doorOpen', { priority: 'low', tier: 'remote', raisedAt: T0 });
  const highOnSite = alarm('sx01-dc2:groundFault', {
    priority: 'high',
    tier: 'on-site',
    raisedAt: T0 + 1000,
  });
  const mediumEmergency = alarm('sx01-dc1:insulationFault', {
    priority: 'medium',
    tier: 'emergency',
    raisedAt: T0 + 2000,
  });
  const all = [low, critical, highOnSite, mediumEmergency];

  it.each([
    ['priority, then tier, then age', 'priority', [critical, highOnSite, mediumEmergency, low]],
    ['tier (emergency first), then priority', 'tier', [critical, mediumEmergency, highOnSite, low]],
    ['age, oldest first', 'age', [low, highOnSite, mediumEmergency, critical]],
  ] as const)('sorts by %s', (_, sort, expected) => {
    expect(keys(buildQueue(all, context, options({ sort })))).toEqual(expected.map((a) => a.id));
  });

  it('sorts by the nearest running deadline; alarms without one go last', () => {
    const soon = alarm('sx01-dc1:a', { clocks: [deadline('plan', T0, HOUR)] });
    const later = alarm('sx01-dc1:b', {
      clocks: [deadline('plan', T0, 4 * HOUR), deadline('arrive', T0, 2 * HOUR)],
    });
    const stopped = alarm('sx01-dc1:c', { clocks: [deadline('plan', T0, HOUR / 2, T0 + 60_000)] });
    const none = alarm('sx01-dc1:d', { priority: 'critical' });
    expect(keys(buildQueue([none, later, stopped, soon], context, options({ sort: 'sla' })))).toEqual([
      soon.id,
      later.id,
      none.id,
      stopped.id,
    ]);
  });

  it('is a total order: the same alarms in any arrival order give the same rows', () => {
    const twins = ['sx01-dc1:x', 'sx01-dc1:y', 'sx01-dc1:z'].map((id) => alarm(id));
    const forward = keys(buildQueue(twins, context, options()));
    const backward = keys(buildQueue([...twins].reverse(), context, options()));
    expect(forward).toEqual(backward);
    expect(forward).toEqual(['sx01-dc1:x', 'sx01-dc1:y', 'sx01-dc1:z']);
  });

  it('an update to one alarm moves only that alarm', () => {
    const before = keys(buildQueue(all, context, options()));
    const acked = { ...highOnSite, state: 'active-acknowledged' as const, ackedBy: 'wang.fang' };
    const after = keys(buildQueue([low, critical, acked, mediumEmergency], context, options()));
    expect(after).toEqual(before);
  });
});

describe('alarm queue filters', () => {
  const unacked = alarm('sx01-dc1:insulationFault', { tier: 'emergency' });
  const acked = alarm('sx01-dc2:groundFault', { state: 'active-acknowledged', tier: 'on-site' });
  const returned = alarm('sx02-ac1:overTemperature', {
    state: 'returned-unacknowledged',
    conditionActive: false,
  });
  const shelved = alarm('sx02-ac1:cpAbnormal', {
    state: 'shelved',
    shelf: { reason: 'vehicle fault', atMs: T0, untilMs: T0 + HOUR },
  });
  const normal = alarm('sx02-ac1:overCurrent', { state: 'normal', conditionActive: false });
  const all = [unacked, acked, returned, shelved, normal];
  const ids = (more: Partial<typeof defaultFilter>) =>
    keys(buildQueue(all, context, options({ filter: { ...defaultFilter, ...more }, sort: 'age' }))).sort();

  it('open lists what needs the operator, never normal or shelved alarms', () => {
    expect(ids({})).toEqual([unacked.id, acked.id, returned.id].sort());
  });

  it('by ISA-18.2 state', () => {
    expect(ids({ state: 'unacked' })).toEqual([unacked.id, returned.id].sort());
    expect(ids({ state: 'acked' })).toEqual([acked.id]);
    expect(ids({ state: 'shelved' })).toEqual([shelved.id]);
    expect(ids({ state: 'all' })).toEqual([unacked.id, acked.id, returned.id, shelved.id].sort());
  });

  it('by station, group and tier', () => {
    expect(ids({ stationId: 'sx02' })).toEqual([returned.id]);
    expect(ids({ group: '越城区' })).toEqual([unacked.id, acked.id].sort());
    expect(ids({ tier: 'emergency' })).toEqual([unacked.id]);
  });

  it('by text in station name, device name or the cause in words', () => {
    expect(ids({ text: '轻纺城' })).toEqual([returned.id]);
    expect(ids({ text: '2号直流' })).toEqual([acked.id]);
    expect(ids({ text: '绝缘' })).toEqual([unacked.id]);
    expect(ids({ text: 'SX01 PARK' })).toEqual([unacked.id, acked.id].sort());
    expect(ids({ text: 'nothing like this' })).toEqual([]);
  });
});

describe('suppressed children and flood groups', () => {
  const parent = alarm('sx01:comms.station', { priority: 'high', tier: 'on-site', deviceId: null });
  const children = ['sx01-dc1', 'sx01-dc2', 'sx01-ac1'].map((d) =>
    alarm(`${d}:comms.device`, {
      state: 'suppressed-by-design',
      suppressedBy: { kind: 'station', id: 'sx01' },
      priority: 'low',
    }),
  );
  const other = alarm('sx02-ac1:insulationFault', { priority: 'critical' });

  it('a station comms loss is one row; its devices are under it, not a wall of rows', () => {
    const rows = buildQueue([...children, parent, other], context, options());
    expect(keys(rows)).toEqual([other.id, parent.id]);
    const row = rows[1];
    expect(row?.kind === 'alarm' && row.children.map((c) => c.id)).toEqual(children.map((c) => c.id).sort());
  });

  it('expanding the parent lists its children beneath it, indented', () => {
    const rows = buildQueue(
      [...children, parent, other],
      context,
      options({ expanded: new Set([parent.id]) }),
    );
    expect(keys(rows)).toEqual([other.id, parent.id, ...children.map((c) => c.id).sort()]);
    expect(rows.slice(2).every((r) => r.kind === 'alarm' && r.depth === 1)).toBe(true);
  });

  it('a suppressed alarm whose parent is unknown is listed on its own rather than lost', () => {
    const orphan = alarm('sx09-dc1:comms.device', {
      state: 'suppressed-by-design',
      suppressedBy: { kind: 'station', id: 'sx09' },
    });
    expect(keys(buildQueue([orphan], context, options()))).toEqual([orphan.id]);
  });

  it('in flood, one row per station and cause, placed where its most urgent member sorts', () => {
    const guns = [1, 2].map((n) => alarm(`sx01-dc1:gun${n}.faulted`, { raisedAt: T0 + n }));
    const gun3 = alarm('sx01-dc2:gun1.faulted', { priority: 'high' });
    const rows = buildQueue([...guns, gun3, other], context, options({ grouped: true }));
    expect(rows.map((r) => r.kind)).toEqual(['alarm', 'group']);
    const group = rows[1];
    expect(group?.kind === 'group' && group.alarms.map((a) => a.id)).toEqual([
      gun3.id,
      ...guns.map((g) => g.id),
    ]);
    expect(group?.kind === 'group' && group.unacknowledged).toBe(3);
    const open = buildQueue(
      [...guns, gun3, other],
      context,
      options({ grouped: true, expanded: new Set([group?.key ?? '']) }),
    );
    expect(open).toHaveLength(5);
  });
});

describe('queue helpers', () => {
  it('slaOf picks the nearest deadline still counting and marks it breached once past', () => {
    const a = alarm('sx01-dc1:x', {
      clocks: [
        deadline('arrive', T0, 4 * HOUR),
        deadline('dispatch', T0, 2 * HOUR),
        deadline('plan', T0, HOUR, T0 + 1),
      ],
    });
    expect(slaOf(a, T0 + HOUR)).toEqual({
      clockId: 'dispatch',
      deadline: T0 + 2 * HOUR,
      remainingMs: HOUR,
      breached: false,
    });
    expect(slaOf(a, T0 + 3 * HOUR)?.breached).toBe(true);
    expect(slaOf(alarm('sx01-dc1:y'), T0)).toBeNull();
  });

  it('keeps the selection on the same alarm when rows move, else at the same place', () => {
    const rows = buildQueue(
      ['a', 'b', 'c'].map((x) => alarm(`sx01-dc1:${x}`)),
      context,
      options(),
    );
    const keys = rows.map((row) => row.key);
    expect(keepSelection(keys, 'sx01-dc1:c', 0)).toBe(2);
    expect(keepSelection(keys, 'gone', 1)).toBe(1);
    expect(keepSelection(keys, 'gone', 7)).toBe(2);
  });

  it('counts new alarms in the flood window', () => {
    const list = [T0 - 11 * 60_000, T0 - 9 * 60_000, T0].map((t, i) =>
      alarm(`sx01-dc1:${i}`, { raisedAt: t }),
    );
    expect(raisedWithin(list, T0, 10 * 60_000)).toBe(2);
  });

  it('formats countdowns with a sign once late, and ages compactly', () => {
    expect(formatCountdown(HOUR + 61_000)).toBe('1:01:01');
    expect(formatCountdown(-90_000)).toBe('−0:01:30');
    expect(formatAge(42_000)).toBe('42s');
    expect(formatAge(2 * HOUR + 5 * 60_000)).toBe('2h05m');
  });

  it('reads a crew from names separated the Chinese or the English way', () => {
    expect(crewOf('张伟，李强、 王芳, 张伟')).toEqual(['张伟', '李强', '王芳']);
    expect(crewOf('  ')).toEqual([]);
  });
});

/** The plan deadline of sx01-dc1:a passing. */
const PLAN_BREACH: SlaBreach = {
  subject: 'alarm',
  id: 'sx01-dc1:a',
  clockId: 'plan',
  deadline: T0,
  onBreach: 'escalate',
  stationId: 'sx01',
  tier: 'remote',
};

describe('alarm store', () => {
  const flood = { flooding: false, since: null };
  const delta = (alarms: AlarmView[], more: Partial<AlarmsDelta> = {}): AlarmsDelta => ({
    alarms,
    flood,
    breaches: [],
    removed: [],
    ...more,
  });

  it('replaces changed records, drops removed ones and keeps the rest by identity', () => {
    const a = alarm('sx01-dc1:a');
    const b = alarm('sx01-dc1:b');
    const state = fromList(delta([a, b]));
    const acked = { ...a, state: 'active-acknowledged' as const };
    const next = applyAlarmsDelta(state, delta([acked], { removed: [b.id] }));
    expect([...next.alarms.values()]).toEqual([acked]);
    expect(state.alarms.get(a.id)).toBe(a);
    expect(applyAlarmsDelta(next, delta([]))).toBe(next);
    expect(applyAlarmsDelta(emptyAlarms, delta([a]))).toBe(emptyAlarms);
  });

  it('counts unacknowledged alarms by priority, returned-unacknowledged included', () => {
    const state = fromList(
      delta([
        alarm('sx01-dc1:a', { priority: 'critical' }),
        alarm('sx01-dc1:b', {
          priority: 'critical',
          state: 'returned-unacknowledged',
          conditionActive: false,
        }),
        alarm('sx01-dc1:c', { priority: 'high', state: 'active-acknowledged' }),
        alarm('sx01-dc1:d', { priority: 'low' }),
      ]),
    );
    expect(unacknowledgedCounts(state)).toEqual({ critical: 2, high: 0, medium: 0, low: 1 });
  });

  it('folds a storm into one delta per frame and keeps every breach', () => {
    const pending = new PendingAlarms();
    for (let i = 0; i < 1000; i++) {
      pending.add(
        delta([alarm('sx01-dc1:a', { raisedAt: T0 + i })], { breaches: i % 500 === 0 ? [PLAN_BREACH] : [] }),
      );
    }
    const folded = pending.take();
    expect(folded?.alarms).toHaveLength(1);
    expect(folded?.alarms[0]?.raisedAt).toBe(T0 + 999);
    expect(folded?.breaches).toHaveLength(2);
    expect(pending.take()).toBeNull();
  });

  it('applies queued deltas once per frame, and a list reply discards older held records', () => {
    const frames: (() => void)[] = [];
    const store = new AlarmStore((callback) => frames.push(callback));
    store.setList(delta([]));
    store.queueDelta(delta([alarm('sx01-dc1:a')]));
    store.queueDelta(delta([alarm('sx01-dc1:b')]));
    expect(frames).toHaveLength(1);
    expect(store.get().alarms.size).toBe(0);
    frames[0]?.();
    expect([...store.get().alarms.keys()].sort()).toEqual(['sx01-dc1:a', 'sx01-dc1:b']);
    store.queueDelta(delta([alarm('sx01-dc1:c')]));
    store.setList(delta([alarm('sx01-dc1:a')]));
    frames[1]?.();
    expect([...store.get().alarms.keys()]).toEqual(['sx01-dc1:a']);
  });

  it('loads the queue page by page, each record ending as the engine last sent it', () => {
    const frames: (() => void)[] = [];
    const store = new AlarmStore((callback) => frames.push(callback));
    const flush = () => {
      for (const frame of frames.splice(0)) frame();
    };
    const version = (id: string, v: number) => alarm(id, { raisedAt: T0 + v });
    const shown = () =>
      Object.fromEntries([...store.get().alarms.values()].map((a) => [a.id, a.raisedAt - T0]));
    store.setList(delta([version('sx01-dc9:old', 0)]));

    store.beginList();
    // Sent before the first page was made: the page has newer records.
    store.queueDelta(delta([version('sx01-dc1:b', 1)]));
    store.addPage({ ...delta([version('sx01-dc1:a', 2), version('sx01-dc1:b', 2)]), next: 'sx01-dc1:b' });
    // Sent between the pages: newer than the first page, older than the second.
    store.queueDelta(
      delta([version('sx01-dc1:a', 3), version('sx01-dc1:d', 3)], {
        removed: ['sx01-dc1:c'],
        breaches: [PLAN_BREACH],
      }),
    );
    flush();
    store.queueDelta(delta([version('sx01-dc0:new', 4)]));
    // The queue shown stays whole until the last page is in; a breach sounds at once.
    expect(shown()).toEqual({ 'sx01-dc9:old': 0 });
    expect(store.get().breachCount).toBe(1);
    store.addPage({ ...delta([version('sx01-dc1:d', 5)]), next: null });
    expect(shown()).toEqual({ 'sx01-dc0:new': 4, 'sx01-dc1:a': 3, 'sx01-dc1:b': 2, 'sx01-dc1:d': 5 });
    flush();
    expect(store.get().loaded).toBe(true);
    store.queueDelta(delta([version('sx01-dc1:b', 6)]));
    flush();
    expect(shown()['sx01-dc1:b']).toBe(6);
  });
});
