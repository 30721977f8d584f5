import { describe, expect, it } from 'vitest';
import {
  applyDelta,
  emptyFleet,
  fleetSummary,
  fromSnapshot,
  liveOf,
  PendingDeltas,
  stationCounts,
} from '../../renderer/src/state/fleet';
import { FleetStore } from '../../renderer/src/state/fleetStore';
import { sample, snapshot, status, T0 } from './renderer-fixtures';

describe('fleet reducer', () => {
  it('builds per-device live data from a snapshot', () => {
    const state = fromSnapshot(snapshot());
    expect(state.loaded).toBe(true);
    expect(liveOf(state, 's1-ac1').points['gun1.power']?.value).toBe(6.8);
    expect(liveOf(state, 's1-dc1').status?.state).toBe('fault');
    expect(state.profiles['pv-sunspec-103']?.kind).toBe('pv-inverter');
  });

  it('replaces only the devices a delta touches, without mutating the old state', () => {
    const before = fromSnapshot(snapshot());
    const frozenPower = before.live['s1-ac1']?.points['gun1.power'];
    const after = applyDelta(before, {
      status: [],
      samples: [sample('s1-ac1', 'gun1.power', 7.0, T0 + 1000)],
    });
    expect(after).not.toBe(before);
    expect(liveOf(after, 's1-ac1').points['gun1.power']?.value).toBe(7.0);
    expect(before.live['s1-ac1']?.points['gun1.power']).toBe(frozenPower);
    // Untouched devices keep their identity so their memoised tiles skip rendering.
    expect(after.live['s1-dc1']).toBe(before.live['s1-dc1']);
    expect(after.devices).toBe(before.devices);
  });

  it('returns the same state when nothing changes', () => {
    const state = fromSnapshot(snapshot());
    expect(applyDelta(state, { status: [], samples: [] })).toBe(state);
    expect(
      applyDelta(state, {
        status: [status('s1-ac1', 'charging')],
        samples: [sample('s1-ac1', 'gun1.power', 6.8)],
      }),
    ).toBe(state);
  });

  it('never rolls a value back to an older sample', () => {
    const state = fromSnapshot(snapshot());
    const next = applyDelta(state, { status: [], samples: [sample('s1-ac1', 'gun1.power', 1.1, T0 - 1)] });
    expect(next).toBe(state);
  });

  it('keeps the last of several samples for one point in one delta', () => {
    const next = applyDelta(fromSnapshot(snapshot()), {
      status: [],
      samples: [sample('s1-ac1', 'gun1.power', 5, T0 + 1000), sample('s1-ac1', 'gun1.power', 6, T0 + 2000)],
    });
    expect(liveOf(next, 's1-ac1').points['gun1.power']?.value).toBe(6);
  });

  it('applies status changes and ignores devices it does not know', () => {
    const next = applyDelta(fromSnapshot(snapshot()), {
      status: [status('s1-dc1', 'idle'), status('ghost', 'fault')],
      samples: [sample('ghost', 'x', 1)],
    });
    expect(liveOf(next, 's1-dc1').status?.state).toBe('idle');
    expect(next.live.ghost).toBeUndefined();
  });

  it('ignores deltas before the snapshot is loaded', () => {
    expect(applyDelta(emptyFleet, { status: [status('s1-ac1', 'idle')], samples: [] })).toBe(emptyFleet);
  });

  it('sums the fleet for the header', () => {
    expect(fleetSummary(fromSnapshot(snapshot()))).toEqual({
      stations: 2,
      devices: 4,
      gunsCharging: 2,
      faults: 1,
      commLost: 1,
      chargingKw: expect.closeTo(67, 6),
      pvKw: expect.closeTo(31.4, 6),
    });
  });

  it('counts a station', () => {
    const state = fromSnapshot(snapshot());
    expect(stationCounts(state, 's1')).toEqual({
      devices: 3,
      online: 3,
      faulted: 1,
      commLost: 0,
      abnormal: 1,
    });
    expect(stationCounts(state, 's2')).toEqual({
      devices: 1,
      online: 0,
      faulted: 0,
      commLost: 1,
      abnormal: 1,
    });
  });
});

describe('PendingDeltas', () => {
  it('folds deltas to the latest status and sample per point', () => {
    const pending = new PendingDeltas();
    pending.add({
      status: [status('a', 'idle')],
      samples: [sample('a', 'p', 1, 10), sample('a', 'q', 1, 10)],
    });
    pending.add({
      status: [status('a', 'fault')],
      samples: [sample('a', 'p', 2, 20), sample('a', 'q', 0, 5)],
    });
    expect(pending.size).toBe(3);
    const delta = pending.take();
    expect(delta.status.map((s) => s.state)).toEqual(['fault']);
    expect(delta.samples.map((s) => [s.key, s.value])).toEqual([
      ['p', 2],
      ['q', 1],
    ]);
    expect(pending.size).toBe(0);
  });
});

describe('FleetStore', () => {
  function manualFrames() {
    const callbacks: Array<() => void> = [];
    return {
      schedule: (callback: () => void) => callbacks.push(callback),
      runFrame: () => {
        for (const callback of callbacks.splice(0)) callback();
      },
      get waiting() {
        return callbacks.length;
      },
    };
  }

  it('applies any number of deltas in one render per animation frame', () => {
    const frames = manualFrames();
    const store = new FleetStore(frames.schedule);
    store.setSnapshot(snapshot());
    let renders = 0;
    store.subscribe(() => renders++);
    for (let i = 1; i <= 50; i++) {
      store.queueDelta({ status: [], samples: [sample('s1-ac1', 'gun1.power', i, T0 + i)] });
    }
    expect(frames.waiting).toBe(1);
    expect(renders).toBe(0);
    frames.runFrame();
    expect(renders).toBe(1);
    expect(liveOf(store.get(), 's1-ac1').points['gun1.power']?.value).toBe(50);
  });

  it('drops deltas still held when a snapshot arrives, since the snapshot already has them', () => {
    const frames = manualFrames();
    const store = new FleetStore(frames.schedule);
    store.setSnapshot(snapshot());
    store.queueDelta({ status: [status('s1-dc1', 'idle')], samples: [] });
    store.setSnapshot(snapshot());
    frames.runFrame();
    expect(liveOf(store.get(), 's1-dc1').status?.state).toBe('fault');
  });
});
