import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AlarmService, SYSTEM_ACTOR } from '../../electron/alarms/service';
import type { AlarmsDelta } from '../../shared/api/contract';
import { ALARMS_PER_FRAME, AlarmsDelta as AlarmsDeltaSchema, AlarmsPage } from '../../shared/api/contract';
import type { DeviceStatus } from '../../shared/api/model';
import { type RecordingAlarmService, recordingAlarmService } from '../helpers/alarm-service';
import { testDcCharger, testStation } from '../helpers/fleet-fixtures';

const T0 = Date.UTC(2026, 10, 23, 8, 0, 0);
const HOUR = 3_600_000;
const monitor = { user: 'li.na', role: 'monitor' };

const station = (id: string) => testStation(id, 'keqiao');
const dc = (id: string, stationId: string) => testDcCharger(id, stationId);

const status = (deviceId: string, over: Partial<DeviceStatus> = {}): DeviceStatus => ({
  deviceId,
  comms: 'online',
  state: 'idle',
  faults: [],
  detail: null,
  since: Date.now(),
  ...over,
});

let journal: RecordingAlarmService['journal'];
let deltas: AlarmsDelta[];
let service: AlarmService;

beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
  ({ service, journal, deltas } = recordingAlarmService());
  service.setTopology(
    [station('s1'), station('s2')],
    [dc('s1-dc1', 's1'), dc('s1-dc2', 's1'), dc('s2-dc1', 's2'), dc('s2-dc2', 's2')],
  );
  service.onStatus(['s1-dc1', 's1-dc2', 's2-dc1', 's2-dc2'].map((id) => status(id)));
});
afterEach(() => {
  service.stop();
  vi.useRealTimers();
});

const alarm = (id: string) => service.list().alarms.find((a) => a.id === id);
const types = () => journal.map((e) => `${e.type} ${e.subject}`);

describe('AlarmService', () => {
  it('raises one alarm per fault code, triaged at raise, with SLA clocks counting on read', () => {
    service.onStatus([status('s1-dc1', { state: 'fault', faults: ['insulationFault'] })]);
    expect(alarm('s1-dc1:insulationFault')).toMatchObject({
      state: 'active-unacknowledged',
      tier: 'emergency',
      defectClass: 'critical',
      priority: 'critical',
      stationId: 's1',
      raisedAt: T0,
    });
    vi.advanceTimersByTime(3 * HOUR);
    const plan = alarm('s1-dc1:insulationFault')?.clocks.find((c) => c.id === 'plan');
    expect(plan).toMatchObject({ kind: 'deadline', state: 'running', remainingMs: HOUR });
    vi.advanceTimersByTime(2 * HOUR);
    expect(alarm('s1-dc1:insulationFault')?.clocks.find((c) => c.id === 'plan')?.state).toBe('breached');
    expect(types()).toEqual([
      'alarm.raised s1-dc1:insulationFault',
      'alarm.sla-breached s1-dc1:insulationFault',
    ]);
    expect(journal[0]?.actor).toEqual(SYSTEM_ACTOR);
    expect(deltas.at(-1)?.breaches).toEqual([
      {
        subject: 'alarm',
        id: 's1-dc1:insulationFault',
        clockId: 'plan',
        deadline: T0 + 4 * HOUR,
        onBreach: 'escalate',
        stationId: 's1',
        tier: 'emergency',
      },
    ]);
  });

  it('ack then clear ends normal; clear without ack ends returned-unacknowledged', () => {
    service.onStatus([status('s1-dc1', { state: 'fault', faults: ['insulationFault', 'fanFault'] })]);
    service.ack('s1-dc1:insulationFault', monitor);
    expect(alarm('s1-dc1:insulationFault')).toMatchObject({
      state: 'active-acknowledged',
      ackedBy: 'li.na',
      ackedAt: T0,
    });
    service.onStatus([status('s1-dc1')]);
    expect(alarm('s1-dc1:insulationFault')?.state).toBe('normal');
    expect(alarm('s1-dc1:fanFault')?.state).toBe('returned-unacknowledged');
    expect(journal.find((e) => e.type === 'alarm.acked')).toMatchObject({ actor: monitor });
  });

  it('refuses what the state machine refuses, with its reason', () => {
    service.onStatus([status('s1-dc1', { state: 'fault', faults: ['fanFault'] })]);
    const id = 's1-dc1:fanFault';
    expect(() => service.shelve(id, ' ', T0 + HOUR, monitor)).toThrow('shelve needs a reason');
    expect(() => service.shelve(id, 'crew on site', T0 + 9 * HOUR, monitor)).toThrow('maximum of 8 h');
    expect(() => service.unshelve(id, null, monitor)).toThrow('not shelved');
    expect(() => service.ack('nope', monitor)).toThrow('no alarm "nope"');
  });

  it('a shelf expires by its timer and the alarm comes back unacknowledged', () => {
    service.onStatus([status('s1-dc1', { state: 'fault', faults: ['fanFault'] })]);
    const id = 's1-dc1:fanFault';
    service.ack(id, monitor);
    service.shelve(id, 'spare fan ordered', T0 + HOUR, monitor);
    expect(alarm(id)?.state).toBe('shelved');
    vi.advanceTimersByTime(HOUR);
    expect(alarm(id)?.state).toBe('active-unacknowledged');
    expect(journal.at(-1)).toMatchObject({ type: 'alarm.shelf-expired', actor: SYSTEM_ACTOR });
    expect(deltas.at(-1)?.alarms.map((a) => a.id)).toEqual([id]);
  });

  it('an unshelved alarm has no timer left to fire', () => {
    service.onStatus([status('s1-dc1', { state: 'fault', faults: ['fanFault'] })]);
    const id = 's1-dc1:fanFault';
    service.shelve(id, 'spare fan ordered', T0 + HOUR, monitor);
    service.unshelve(id, 'fan replaced early', monitor);
    vi.advanceTimersByTime(2 * HOUR);
    expect(journal.filter((e) => e.type === 'alarm.shelf-expired')).toEqual([]);
    expect(alarm(id)?.state).toBe('active-unacknowledged');
  });

  it('a lost station gives one station alarm, its devices suppressed under it, and all clear on return', () => {
    service.onStatus([status('s1-dc1', { state: 'charging' })]);
    service.onStatus(
      ['s1-dc1', 's1-dc2'].map((id) => status(id, { comms: 'comm-lost', state: 'comm-lost' })),
    );
    const visible = service.list().alarms.filter((a) => a.state === 'active-unacknowledged');
    expect(visible.map((a) => a.id)).toEqual(['s1:comms.station']);
    expect(alarm('s1:comms.station')).toMatchObject({ tier: 'on-site', defectClass: 'serious' });
    for (const id of ['s1-dc1:comms.device', 's1-dc2:comms.device']) {
      expect(alarm(id)).toMatchObject({
        state: 'suppressed-by-design',
        suppressedBy: { kind: 'station', id: 's1' },
      });
    }
    // A charger that was in a session when comms went is 001 危急, even though hidden.
    expect(alarm('s1-dc1:comms.device')?.defectClass).toBe('critical');
    expect(types().filter((t) => t.startsWith('alarm.raised'))).toContain('alarm.raised s1:comms.station');

    service.onStatus(['s1-dc1', 's1-dc2'].map((id) => status(id)));
    expect(alarm('s1:comms.station')?.state).toBe('returned-unacknowledged');
    expect(alarm('s1-dc1:comms.device')?.state).toBe('normal');
    expect(alarm('s1-dc2:comms.device')?.state).toBe('normal');
  });

  it('keeps fault alarms as they were while the device cannot be read', () => {
    service.onStatus([status('s2-dc1', { state: 'fault', faults: ['fanFault'] })]);
    service.onStatus([status('s2-dc1', { comms: 'comm-lost', state: 'comm-lost' })]);
    expect(alarm('s2-dc1:fanFault')?.conditionActive).toBe(true);
    expect(alarm('s2-dc1:comms.device')?.state).toBe('active-unacknowledged');
  });

  it('retier keeps the change and its reason, and journals it', () => {
    service.onStatus([status('s1-dc1', { state: 'fault', faults: ['fanFault'] })]);
    const id = 's1-dc1:fanFault';
    expect(() => service.retier(id, 'emergency', '  ', monitor)).toThrow('needs a reason');
    const view = service.retier(id, 'emergency', 'queue of cars in 35 °C', monitor);
    expect(view.tier).toBe('emergency');
    expect(view.tierChanges).toEqual([
      { from: 'on-site', to: 'emergency', reason: 'queue of cars in 35 °C', atMs: T0 },
    ]);
    expect(journal.at(-1)).toMatchObject({
      type: 'alarm.retiered',
      reason: 'queue of cars in 35 °C',
      actor: monitor,
    });
  });

  it('flags chattering, and a flood when more than ten alarms arrive in ten minutes', () => {
    const id = 's1-dc1:fanFault';
    for (let i = 0; i < 3; i++) {
      service.onStatus([status('s1-dc1', { state: 'fault', faults: ['fanFault'] })]);
      service.onStatus([status('s1-dc1')]);
      vi.advanceTimersByTime(10_000);
    }
    expect(alarm(id)?.chattering).toBe(true);
    expect(service.list().flood.flooding).toBe(false);

    const codes = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'];
    service.onStatus([status('s2-dc1', { state: 'fault', faults: codes })]);
    expect(service.list().flood).toEqual({ flooding: true, since: Date.now() });
    expect(deltas.at(-1)?.flood.flooding).toBe(true);
    // The first activations leave the window one by one; the flood ends when the count drops to ten.
    vi.advanceTimersByTime(10 * 60_000 - 30_000);
    expect(deltas.at(-1)?.flood.flooding).toBe(true);
    vi.advanceTimersByTime(10_000);
    expect(deltas.at(-1)).toEqual({
      alarms: [],
      flood: { flooding: false, since: null },
      breaches: [],
      removed: [],
    });
    expect(service.list().flood).toEqual({ flooding: false, since: null });
  });
});

describe('AlarmService group commit', () => {
  /** A journal that keeps each transaction apart, and can be made to refuse writes like a full disk. */
  let commits: { type: string; subject: string; actor: { user: string } }[][];
  let refuse: boolean;
  let shown: AlarmsDelta[];
  let desk: AlarmService;
  const committed = () => commits.flat();

  beforeEach(() => {
    commits = [];
    refuse = false;
    shown = [];
    desk = new AlarmService({
      journal: {
        appendMany: (entries) => {
          if (refuse) throw new Error('disk full');
          commits.push([...entries]);
        },
      },
      onDelta: (d) => {
        // Everything a delta shows has committed before it is sent.
        const subjects = new Set(committed().map((e) => e.subject));
        for (const a of d.alarms) expect(subjects.has(a.id)).toBe(true);
        shown.push(AlarmsDeltaSchema.parse(d));
      },
    });
    const devices = Array.from({ length: 120 }, (_, i) => dc(`s1-dc${i}`, 's1'));
    desk.setTopology([station('s1')], devices);
    desk.onStatus(devices.map((d) => status(d.id)));
  });
  afterEach(() => desk.stop());

  const faults = Array.from({ length: 10 }, (_, i) => `fault${i}`);
  const storm = (from: number, to: number) =>
    Array.from({ length: to - from }, (_, i) => status(`s1-dc${from + i}`, { state: 'fault', faults }));

  it('journals a turn of status and limits in one transaction, and shows it in deltas that fit a frame', () => {
    desk.batch(() => {
      desk.onStatus(storm(0, 100));
      desk.onLimits([{ deviceId: 's1-dc100', cause: 'limit.temperature.high', active: true }]);
    });
    expect(commits).toHaveLength(1);
    expect(commits[0]).toHaveLength(1001);
    expect(commits[0]?.every((e) => e.type === 'alarm.raised')).toBe(true);
    expect(ALARMS_PER_FRAME).toBe(400);
    expect(shown.map((d) => d.alarms.length)).toEqual([400, 400, 201]);
    expect(new Set(shown.flatMap((d) => d.alarms.map((a) => a.id))).size).toBe(1001);
    expect(shown.every((d) => d.flood.flooding)).toBe(true);
  });

  it('shows nothing of a turn the journal refused, and commits it, in order, with the next', () => {
    refuse = true;
    expect(() => desk.onStatus(storm(0, 1))).toThrow('disk full');
    expect(shown).toEqual([]);
    expect(() => desk.list()).toThrow('disk full');
    refuse = false;
    desk.onStatus(storm(1, 2));
    expect(commits).toHaveLength(1);
    expect(commits[0]?.map((e) => e.subject.split(':')[0])).toEqual([
      ...Array(10).fill('s1-dc0'),
      ...Array(10).fill('s1-dc1'),
    ]);
    expect(shown).toHaveLength(1);
    expect(shown[0]?.alarms).toHaveLength(20);
    expect(desk.list().alarms.filter((a) => a.state === 'active-unacknowledged')).toHaveLength(20);
  });

  it('an acknowledgement the journal refuses is not made, and the operator is told', () => {
    desk.onStatus(storm(0, 1));
    const id = 's1-dc0:fault0';
    refuse = true;
    expect(() => desk.ack(id, monitor)).toThrow('disk full');
    refuse = false;
    expect(desk.list().alarms.find((a) => a.id === id)).toMatchObject({
      state: 'active-unacknowledged',
      ackedBy: null,
    });
    expect(committed().filter((e) => e.type === 'alarm.acked')).toEqual([]);
    expect(desk.ack(id, monitor)).toMatchObject({ state: 'active-acknowledged', ackedBy: 'li.na' });
    expect(commits.at(-1)).toMatchObject([{ type: 'alarm.acked', subject: id, actor: monitor }]);
  });

  it('an operator action commits the plant changes before it first, in their order', () => {
    refuse = true;
    expect(() => desk.onStatus(storm(0, 1))).toThrow('disk full');
    refuse = false;
    desk.ack('s1-dc0:fault3', monitor);
    expect(commits.map((c) => c.length)).toEqual([10, 1]);
    expect(committed().at(-1)).toMatchObject({ type: 'alarm.acked', subject: 's1-dc0:fault3' });
  });

  it('an alarm closed and raised again within one turn reaches the page as raised, not removed', () => {
    const all = Array.from({ length: 120 }, (_, i) => dc(`s1-dc${i}`, 's1'));
    desk.onStatus(storm(0, 1));
    shown = [];
    desk.batch(() => {
      desk.setTopology([station('s1')], all.slice(1));
      desk.setTopology([station('s1')], all);
      desk.onStatus(storm(0, 1));
    });
    expect(shown).toHaveLength(1);
    expect(shown[0]?.removed).toEqual([]);
    expect(shown[0]?.alarms.map((a) => a.id)).toContain('s1-dc0:fault0');
    expect(committed().filter((e) => e.type === 'alarm.closed')).toHaveLength(10);
  });
});

describe('AlarmService pages', () => {
  it('gives the queue in id order, a page at a time, each id once, while alarms come and go', () => {
    const devices = Array.from({ length: 30 }, (_, i) => dc(`s9-dc${String(i).padStart(2, '0')}`, 's9'));
    const pages = new AlarmService({ journal: { appendMany: () => {} }, onDelta: () => {} });
    try {
      pages.setTopology([station('s9')], devices);
      pages.onStatus(devices.map((d) => status(d.id, { state: 'fault', faults: ['fanFault', 'doorOpen'] })));
      const first = AlarmsPage.parse(pages.page(null, 25));
      expect(first.alarms.map((a) => a.id)).toEqual(
        [...pages.list().alarms.map((a) => a.id)].sort().slice(0, 25),
      );
      expect(first.next).toBe(first.alarms.at(-1)?.id);
      // An alarm before the cursor and one after it appear; the cursor's own alarm leaves.
      const gone = first.next ?? '';
      const [goneDevice] = gone.split(':');
      pages.setTopology(
        [station('s9')],
        devices.filter((d) => d.id !== goneDevice),
      );
      pages.onStatus([status('s9-dc05', { state: 'fault', faults: ['fanFault', 'doorOpen', 'aaa'] })]);
      pages.onStatus([status('s9-dc29', { state: 'fault', faults: ['fanFault', 'doorOpen', 'zzz'] })]);
      const rest: string[] = [];
      let after = first.next;
      while (after !== null) {
        const page = pages.page(after, 25);
        rest.push(...page.alarms.map((a) => a.id));
        after = page.next;
      }
      expect(rest.every((id) => id > gone && !id.startsWith(`${goneDevice}:`))).toBe(true);
      expect(rest[0]).toBe('s9-dc13:doorOpen');
      expect(rest).toContain('s9-dc29:zzz');
      expect(rest).not.toContain('s9-dc05:aaa');
      expect(new Set([...first.alarms.map((a) => a.id), ...rest]).size).toBe(25 + rest.length);
      expect(pages.page(null, 1000).next).toBeNull();
    } finally {
      pages.stop();
    }
  });
});
