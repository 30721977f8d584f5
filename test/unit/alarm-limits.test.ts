import { describe, expect, it } from 'vitest';
import { evaluateLimit, LimitDef, type LimitState, NORMAL_LIMIT } from '../../shared/alarm/limits';
import { Profile } from '../../shared/profile/schema';

const hot = LimitDef.parse({
  when: '>',
  value: 80,
  deadband: 5,
  onDelayMs: 10_000,
  offDelayMs: 5_000,
  cause: 'gun1.temperatureHigh',
});
const low = LimitDef.parse({ when: '<', value: 207, deadband: 2, cause: 'voltageALow' });

/** Feeds (atMs, value) pairs and returns the active flag after each. */
function run(limit: LimitDef, samples: [number, number | null][], start: LimitState = NORMAL_LIMIT) {
  let state = start;
  return samples.map(([at, value]) => {
    const step = evaluateLimit(limit, state, value, at);
    state = step.state;
    return { active: state.active, wakeAt: step.wakeAt };
  });
}

describe('analog limits', () => {
  it.each([
    {
      name: 'a value beyond the limit raises only after the on-delay',
      samples: [
        [0, 85],
        [9_999, 85],
        [10_000, 85],
      ],
      active: [false, false, true],
    },
    {
      name: 'a dip back inside restarts the on-delay',
      samples: [
        [0, 85],
        [6_000, 79],
        [12_000, 85],
        [21_999, 85],
        [22_000, 85],
      ],
      active: [false, false, false, false, true],
    },
    {
      name: 'exactly at the limit is not beyond it',
      samples: [
        [0, 80],
        [20_000, 80],
      ],
      active: [false, false],
    },
  ] as { name: string; samples: [number, number][]; active: boolean[] }[])('$name', ({ samples, active }) => {
    expect(run(hot, samples).map((s) => s.active)).toEqual(active);
  });

  it('stays active inside the deadband and clears after the off-delay below it', () => {
    const active = { active: true, pendingSince: null };
    const steps = run(
      hot,
      [
        [0, 78], // below the limit, inside the 5 K deadband: still active
        [1_000, 75], // at limit − deadband: not yet back inside
        [2_000, 74], // back inside: off-delay starts
        [6_999, 74],
        [7_000, 74],
      ],
      active,
    );
    expect(steps.map((s) => s.active)).toEqual([true, true, true, true, false]);
    expect(steps[2]?.wakeAt).toBe(7_000);
  });

  it('asks to be woken when a delay completes, because unchanged values send no samples', () => {
    expect(run(hot, [[1_000, 90]])[0]).toEqual({ active: false, wakeAt: 11_000 });
  });

  it('an unreadable value holds the state and drops a pending delay', () => {
    const steps = run(hot, [
      [0, 90],
      [5_000, null],
      [10_000, 90],
      [19_999, 90],
      [20_000, 90],
    ]);
    expect(steps.map((s) => s.active)).toEqual([false, false, false, false, true]);
    expect(run(hot, [[0, null]], { active: true, pendingSince: null })[0]?.active).toBe(true);
  });

  it('low limits mirror high ones, with no delay raising at once', () => {
    expect(
      run(low, [
        [0, 206.9],
        [1, 208],
        [2, 209.1],
      ]).map((s) => s.active),
    ).toEqual([true, true, false]);
  });

  it('profiles refuse limits on enums and duplicate causes', () => {
    const base = {
      id: 'x',
      kind: 'meter',
      vendor: 'v',
      model: 'm',
      description: 'd',
      guns: 0,
      ratedKw: 1,
    };
    const point = (key: string, extra: object) => ({
      key,
      label: { 'zh-CN': key, en: key },
      address: 0,
      type: 'u16',
      ...extra,
    });
    const onEnum = Profile.safeParse({
      ...base,
      points: [
        point('state', { enum: { '0': 'ok' }, alarms: [{ when: '>', value: 1, cause: 'stateHigh' }] }),
      ],
    });
    expect(onEnum.error?.issues[0]?.message).toBe('limits are for numeric measurements only');
    const twice = Profile.safeParse({
      ...base,
      points: [
        point('a', { alarms: [{ when: '>', value: 1, cause: 'high' }] }),
        point('b', { address: 1, alarms: [{ when: '>', value: 1, cause: 'high' }] }),
      ],
    });
    expect(twice.error?.issues[0]?.message).toBe('duplicate alarm cause high');
  });
});
