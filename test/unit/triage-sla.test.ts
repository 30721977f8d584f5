import { describe, expect, it } from 'vitest';
import {
  type ClockView,
  clocks,
  DEFAULT_SLA_SETTINGS,
  type DeadlineView,
  nextClockChange,
  presetFor,
  type ReminderView,
  SERVICE_COMMITMENT_PRESET,
  SHAOXING_PRESET,
  SlaChoice,
  SlaPreset,
  SlaSettings,
  slaSettingsOf,
  type TimelineEntry,
} from '../../shared/triage/sla';

const MIN = 60_000;
const H = 60 * MIN;
const DAY = 24 * H;
const T0 = Date.UTC(2025, 5, 1, 8, 0, 0);
const URBAN = { urban: true };
const RURAL = { urban: false };

const entry = (event: TimelineEntry['event'], offset: number): TimelineEntry => ({ event, at: T0 + offset });
const raised = [entry('raised', 0)];

function deadline(views: ClockView[], id: string): DeadlineView {
  const view = views.find((v): v is DeadlineView => v.kind === 'deadline' && v.id === id);
  if (!view) throw new Error(`no clock ${id}`);
  return view;
}

function reminder(views: ClockView[], id: string): ReminderView {
  const view = views.find((v): v is ReminderView => v.kind === 'reminder' && v.id === id);
  if (!view) throw new Error(`no reminder ${id}`);
  return view;
}

const summary = (views: ClockView[]) =>
  Object.fromEntries(
    views.map((v) => [v.id, `${v.state} ${v.remainingMs === null ? '-' : v.remainingMs / MIN}`]),
  );

describe('service commitment preset (000)', () => {
  const at = (tier: 'remote' | 'on-site' | 'emergency', timeline: TimelineEntry[], offset: number) =>
    clocks(SERVICE_COMMITMENT_PRESET, tier, URBAN, timeline, T0 + offset);

  it('remote: diagnosis and plan within 1 h, counting down, then breached', () => {
    expect(deadline(at('remote', raised, 20 * MIN), 'plan')).toMatchObject({
      state: 'running',
      startedAt: T0,
      deadline: T0 + H,
      remainingMs: 40 * MIN,
      onBreach: 'escalate',
      basis: expect.stringContaining('1 小时内完成远程诊断并给出处理方案'),
    });
    expect(deadline(at('remote', raised, H), 'plan')).toMatchObject({ state: 'breached', remainingMs: 0 });
    expect(deadline(at('remote', raised, H + 5 * MIN), 'plan')).toMatchObject({
      state: 'breached',
      remainingMs: -5 * MIN,
    });
  });

  it('remote: met by a plan in time, breached by a late one, and the verdict stays', () => {
    const onTime = [...raised, entry('planned', 50 * MIN)];
    expect(deadline(at('remote', onTime, 5 * H), 'plan')).toMatchObject({
      state: 'met',
      stoppedAt: T0 + 50 * MIN,
      remainingMs: 10 * MIN,
    });
    expect(deadline(at('remote', [...raised, entry('planned', H)], 5 * H), 'plan').state).toBe('met');
    const late = [...raised, entry('planned', 70 * MIN)];
    expect(deadline(at('remote', late, 5 * H), 'plan')).toMatchObject({
      state: 'breached',
      remainingMs: -10 * MIN,
    });
  });

  it('on-site: set out within 2 h, on site within 4 h', () => {
    const timeline = [...raised, entry('dispatched', 90 * MIN)];
    expect(summary(at('on-site', timeline, 3 * H))).toEqual({ dispatch: 'met 30', arrive: 'running 60' });
    expect(summary(at('on-site', [...timeline, entry('arrived', 4 * H + MIN)], 5 * H))).toEqual({
      dispatch: 'met 30',
      arrive: 'breached -1',
    });
  });

  it('a fault fixed before anyone set out meets the visit clocks', () => {
    const timeline = [...raised, entry('fixed', 30 * MIN)];
    expect(summary(at('on-site', timeline, 5 * H))).toEqual({ dispatch: 'met 90', arrive: 'met 210' });
  });

  it('emergency: plan within 4 h, on site within 8 h', () => {
    const views = at('emergency', raised, 5 * H);
    expect(deadline(views, 'plan')).toMatchObject({ state: 'breached', remainingMs: -H });
    expect(deadline(views, 'arrive')).toMatchObject({ state: 'running', remainingMs: 3 * H });
  });

  it('emergency reminders: progress hourly, device status every 2 h, materials daily', () => {
    const views = at('emergency', raised, 30 * MIN);
    expect(summary(views.filter((v) => v.kind === 'reminder'))).toEqual({
      progress: 'running 30',
      'device-status': 'running 90',
      materials: `running ${(DAY - 30 * MIN) / MIN}`,
    });
    const due = at('emergency', raised, 2 * H);
    expect(reminder(due, 'progress')).toMatchObject({ state: 'due', nextDueAt: T0 + H, remainingMs: -H });
    expect(reminder(due, 'device-status')).toMatchObject({ state: 'due', remainingMs: 0 });
  });

  it('a report restarts its interval; fixing the fault ends the reminders', () => {
    const reported = [...raised, entry('progress-reported', 70 * MIN), entry('progress-reported', 2 * H)];
    expect(reminder(at('emergency', reported, 2 * H + 10 * MIN), 'progress')).toMatchObject({
      state: 'running',
      lastDoneAt: T0 + 2 * H,
      nextDueAt: T0 + 3 * H,
      remainingMs: 50 * MIN,
    });
    const fixed = [...reported, entry('fixed', 150 * MIN)];
    expect(
      at('emergency', fixed, 5 * H)
        .filter((v) => v.kind === 'reminder')
        .map((v) => v.state),
    ).toEqual(['stopped', 'stopped', 'stopped']);
  });

  it('ignores the timeline after now, so a replay shows what the desk showed then', () => {
    const timeline = [...raised, entry('planned', 2 * H)];
    expect(deadline(at('remote', timeline, 30 * MIN), 'plan').state).toBe('running');
    expect(deadline(at('remote', timeline, 3 * H), 'plan').state).toBe('breached');
  });

  it('an alarm not yet raised has no clock running', () => {
    expect(summary(at('on-site', [], 0))).toEqual({ dispatch: 'not-started -', arrive: 'not-started -' });
    expect(nextClockChange(at('on-site', [], 0))).toBeNull();
  });
});

describe('Shaoxing preset (001)', () => {
  const dispatched = [...raised, entry('dispatched', 10 * MIN)];
  const at = (
    station: { urban: boolean },
    timeline: TimelineEntry[],
    offset: number,
    tier = 'on-site' as const,
  ) => clocks(SHAOXING_PRESET, tier, station, timeline, T0 + offset);

  it('counts from the dispatch of the work order: nothing runs before it', () => {
    expect(at(URBAN, raised, H).map((v) => v.state)).toEqual(Array(4).fill('not-started'));
  });

  it('arrive within 1 h in the urban core, 2 h elsewhere', () => {
    expect(deadline(at(URBAN, dispatched, 40 * MIN), 'arrive')).toMatchObject({
      deadline: T0 + 70 * MIN,
      remainingMs: 30 * MIN,
    });
    expect(deadline(at(RURAL, dispatched, 40 * MIN), 'arrive')).toMatchObject({
      deadline: T0 + 130 * MIN,
      remainingMs: 90 * MIN,
    });
    const arrived = [...dispatched, entry('arrived', 100 * MIN)];
    expect(deadline(at(URBAN, arrived, 3 * H), 'arrive').state).toBe('breached');
    expect(deadline(at(RURAL, arrived, 3 * H), 'arrive').state).toBe('met');
  });

  it('fix within 4 h of dispatch', () => {
    expect(deadline(at(URBAN, [...dispatched, entry('fixed', 4 * H + 10 * MIN)], 5 * H), 'fix').state).toBe(
      'met',
    );
    expect(deadline(at(URBAN, dispatched, 4 * H + 11 * MIN), 'fix')).toMatchObject({
      state: 'breached',
      remainingMs: -MIN,
    });
  });

  it('prompts an outage application when the fault is not fixed 2 h after dispatch', () => {
    const before = deadline(at(URBAN, dispatched, 2 * H + 9 * MIN), 'outage-prompt');
    expect(before).toMatchObject({ state: 'running', remainingMs: MIN, onBreach: 'prompt-outage' });
    const due = deadline(at(URBAN, dispatched, 2 * H + 10 * MIN), 'outage-prompt');
    expect(due).toMatchObject({
      state: 'breached',
      deadline: T0 + 2 * H + 10 * MIN,
      onBreach: 'prompt-outage',
    });
    expect(due.basis).toContain('无法在报修工单派发后2小时内完成处理');
    const fixed = [...dispatched, entry('fixed', 90 * MIN)];
    expect(deadline(at(URBAN, fixed, 3 * H), 'outage-prompt').state).toBe('met');
  });

  it('after the outage application, repair within 5 days', () => {
    const applied = [...dispatched, entry('outage-applied', 2 * H + 30 * MIN)];
    const views = at(URBAN, applied, 3 * H);
    expect(deadline(views, 'outage-prompt')).toMatchObject({ state: 'breached', stoppedAt: T0 + 150 * MIN });
    expect(deadline(views, 'repair')).toMatchObject({
      state: 'running',
      deadline: T0 + 150 * MIN + 5 * DAY,
    });
    const repaired = [...applied, entry('fixed', 3 * DAY)];
    expect(deadline(at(URBAN, repaired, 6 * DAY), 'repair').state).toBe('met');
    expect(deadline(at(URBAN, applied, 6 * DAY), 'repair').state).toBe('breached');
  });

  it('a remote-tier alarm runs the same limits from the moment it is raised', () => {
    const views = clocks(SHAOXING_PRESET, 'remote', URBAN, raised, T0 + 30 * MIN);
    expect(summary(views)).toEqual({
      arrive: 'running 30',
      fix: 'running 210',
      'outage-prompt': 'running 90',
      repair: 'not-started -',
    });
  });

  it('nextClockChange is the earliest deadline still counting', () => {
    expect(nextClockChange(at(URBAN, dispatched, 20 * MIN))).toBe(T0 + 70 * MIN);
    expect(nextClockChange(at(RURAL, dispatched, 20 * MIN))).toBe(T0 + 130 * MIN);
    const reminders = clocks(SERVICE_COMMITMENT_PRESET, 'emergency', URBAN, raised, T0 + 10 * MIN);
    expect(nextClockChange(reminders)).toBe(T0 + H);
  });
});

describe('SLA settings', () => {
  it('ships both presets; a station group picks one, others get the default', () => {
    const settings = SlaSettings.parse({ ...DEFAULT_SLA_SETTINGS, groups: { shaoxing: 'shaoxing' } });
    expect(presetFor({ group: 'shaoxing' }, settings).id).toBe('shaoxing');
    expect(presetFor({ group: 'hangzhou' }, settings).id).toBe('service-commitment');
    expect(presetFor({ group: 'anything' }).id).toBe('service-commitment');
  });

  it('refuses settings that name a preset that does not exist', () => {
    const result = SlaSettings.safeParse({ ...DEFAULT_SLA_SETTINGS, groups: { g1: 'nope' } });
    expect(result.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'groups.g1: no preset "nope"',
    ]);
    expect(SlaSettings.safeParse({ ...DEFAULT_SLA_SETTINGS, defaultPreset: 'nope' }).success).toBe(false);
  });

  it('refuses a preset missing a tier, a clock that stops on its own start, and duplicate clock ids', () => {
    const { tiers } = SERVICE_COMMITMENT_PRESET;
    expect(
      SlaPreset.safeParse({ ...SERVICE_COMMITMENT_PRESET, tiers: { remote: tiers.remote } }).success,
    ).toBe(false);
    const selfStopping = { ...tiers.remote.clocks[0], stop: ['raised'] };
    expect(
      SlaPreset.safeParse({
        ...SERVICE_COMMITMENT_PRESET,
        tiers: { ...tiers, remote: { clocks: [selfStopping], reminders: [] } },
      }).success,
    ).toBe(false);
    const twice = { clocks: [tiers.remote.clocks[0], tiers.remote.clocks[0]], reminders: [] };
    const dup = SlaPreset.safeParse({ ...SERVICE_COMMITMENT_PRESET, tiers: { ...tiers, remote: twice } });
    expect(dup.error?.issues.map((i) => i.message)).toEqual(['duplicate clock id "plan"']);
  });

  it('lets an operator configure their own numbers', () => {
    const custom = SlaPreset.parse({
      ...SERVICE_COMMITMENT_PRESET,
      id: 'strict',
      tiers: {
        ...SERVICE_COMMITMENT_PRESET.tiers,
        remote: {
          clocks: [
            {
              id: 'plan',
              start: 'raised',
              stop: ['planned'],
              durationMs: 30 * MIN,
              onBreach: 'escalate',
              basis: 'site contract',
            },
          ],
          reminders: [],
        },
      },
    });
    expect(deadline(clocks(custom, 'remote', URBAN, raised, T0 + 31 * MIN), 'plan').state).toBe('breached');
  });
});

describe('SLA preset per station group from the configuration', () => {
  it('maps groups to presets and defaults to the service commitment', () => {
    const settings = slaSettingsOf(SlaChoice.parse({ presetByGroup: { 越城区: 'shaoxing' } }));
    expect(presetFor({ group: '越城区' }, settings).id).toBe('shaoxing');
    expect(presetFor({ group: '柯桥区' }, settings).id).toBe('service-commitment');
    expect(slaSettingsOf(undefined)).toBe(DEFAULT_SLA_SETTINGS);
  });

  it('names the unknown preset and where it was written', () => {
    const result = SlaChoice.safeParse({ default: 'shaoxing', presetByGroup: { 诸暨市: 'zhuji' } });
    expect(result.error?.issues).toMatchObject([
      {
        path: ['presetByGroup', '诸暨市'],
        message: 'no SLA preset "zhuji" (known: service-commitment, shaoxing)',
      },
    ]);
  });
});
