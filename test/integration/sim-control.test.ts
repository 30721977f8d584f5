import { connect } from 'node:net';
import Modbus from 'jsmodbus';
import { afterEach, describe, expect, it } from 'vitest';
import { runCommandLine } from '../../sim/commands';
import { demoFleet, startFleet } from '../../sim/fleet';
import { parseScenario, playScenario, type ScenarioClock, ScenarioRun } from '../../sim/scenario';
import { startedForFile } from '../helpers/for-file';
import { modbusClients } from '../helpers/modbus-clients';

/** 2024-06-21 03:00 China Standard Time: most guns idle. */
let clock = Date.UTC(2024, 5, 20, 19);
const MIN = 60_000;
const fleet = startedForFile(() => startFleet({ stations: 4, seed: 11, tickMs: 0, now: () => clock }));
const { client, track } = modbusClients(fleet);
afterEach(() => {
  for (const { station, devices } of fleet().stations) {
    fleet().gateway(station.id).clearFault();
    for (const d of devices) {
      fleet().clearAnomaly(d.id);
      fleet().reset(d.id);
    }
  }
});

/** Advances the fleet's clock and physics, one second at a time as the timer would. */
function advance(ms: number): void {
  for (let left = ms; left > 0; left -= 1000) {
    clock += Math.min(1000, left);
    fleet().tick();
  }
}

async function words(stationId: string, unitId: number, address: number, count: number): Promise<number[]> {
  const { response } = await (await client(stationId, unitId)).readHoldingRegisters(address, count);
  return Array.from(response.body.valuesAsArray);
}

async function exceptionCode(request: Promise<unknown>): Promise<number | undefined> {
  try {
    await request;
  } catch (e) {
    const body = Modbus.errors.isUserRequestError(e) ? e.response?.body : undefined;
    if (body instanceof Modbus.responses.ExceptionResponseBody) return body.code;
    throw e;
  }
  throw new Error('the request succeeded');
}

/** A device of `profile` at `stationId` whose guns are all idle now. */
function idleCharger(profile: string, guns: number) {
  const d = fleet().config.devices.find(
    (c) =>
      c.profile === profile &&
      Array.from({ length: guns }, (_, i) =>
        fleet()
          .device(c.id)
          .image.readPoint(`gun${i + 1}.state`),
      ).every((s) => s === 'idle'),
  );
  if (!d) throw new Error(`seed 11 at 03:00 should leave an idle ${profile}`);
  return fleet().device(d.id);
}

describe('demo fleet composition', () => {
  it('gives every station a meter and the big ones a box transformer, after the existing units', () => {
    const stations = demoFleet();
    for (const { station, devices } of stations) {
      expect(devices.map((d) => d.unitId)).toEqual(devices.map((_, i) => i + 1));
      expect(devices.filter((d) => d.profile === 'meter-3p-f32').map((d) => d.id)).toEqual([
        `${station.id}-mt1`,
      ]);
      const kinds = devices.map((d) => d.id.slice(station.id.length + 1).replace(/\d+$/, ''));
      expect(kinds.join(' ')).toMatch(/^(ac )+(dc )+pv mt( bt)?$/);
    }
    const withTransformer = stations.filter((s) => s.devices.some((d) => d.id.endsWith('-bt1')));
    expect(withTransformer.map((s) => s.station.id)).toEqual(['sx02', 'sx04', 'sx06', 'sx09']);
    expect(stations.find((s) => s.station.id === 'sx02')?.devices.map((d) => `${d.unitId}:${d.id}`)).toEqual([
      '1:sx02-ac1',
      '2:sx02-ac2',
      '3:sx02-ac3',
      '4:sx02-ac4',
      '5:sx02-ac5',
      '6:sx02-ac6',
      '7:sx02-dc1',
      '8:sx02-dc2',
      '9:sx02-pv1',
      '10:sx02-mt1',
      '11:sx02-bt1',
    ]);
  });

  it('meters what the station draws, and the transformer carries it', () => {
    advance(5000);
    const devices = fleet().config.devices.filter((d) => d.stationId === 'sx02');
    const draw = devices.reduce((kw, d) => kw + fleet().device(d.id).model.gridKw(), 0);
    const metered = fleet().device('sx02-mt1').image.readPoint('power') as number;
    // Lighting and standby on top of the chargers.
    expect(metered - draw).toBeGreaterThan(0.5);
    expect(metered - draw).toBeLessThan(3);
    expect(fleet().device('sx02-bt1').image.readPoint('lv.power') as number).toBeGreaterThan(draw);
  });
});

describe('control writes over Modbus TCP', () => {
  it('AC: a start command plugs in a session and the command register reads 0 again', async () => {
    const ac = idleCharger('ac-7kw', 1);
    const c = await client(ac.stationId, ac.unitId);
    await c.writeSingleRegister(101, 1);
    expect(await words(ac.stationId, ac.unitId, 0, 1)).toEqual([1]);
    expect((await c.readHoldingRegisters(100, 3)).response.body.valuesAsArray).toEqual([70, 0, 0]);
    advance(MIN);
    expect(fleet().device(ac.id).image.readPoint('gun1.state')).toBe('charging');
    // A second start while busy is refused; stop finishes the session.
    expect(await exceptionCode(c.writeSingleRegister(101, 1))).toBe(3);
    await c.writeSingleRegister(101, 2);
    expect(fleet().device(ac.id).image.readPoint('gun1.state')).toBe('finishing');
    advance(20_000);
    expect(await words(ac.stationId, ac.unitId, 0, 1)).toEqual([0]);
  });

  it('DC: power limit and both guns started in one write, then a stop for gun 2', async () => {
    const dc = idleCharger('dc-120kw-dual', 2);
    const c = await client(dc.stationId, dc.unitId);
    await c.writeMultipleRegisters(100, [500, 1, 1, 0]);
    const image = fleet().device(dc.id).image;
    expect(image.readPoint('powerLimit')).toBe(50);
    expect([image.readPoint('gun1.state'), image.readPoint('gun2.state')]).toEqual([
      'preparing',
      'preparing',
    ]);
    expect((await c.readHoldingRegisters(100, 4)).response.body.valuesAsArray).toEqual([500, 0, 0, 0]);
    advance(MIN);
    expect(
      (image.readPoint('gun1.power') as number) + (image.readPoint('gun2.power') as number),
    ).toBeLessThanOrEqual(50.1);
    await c.writeSingleRegister(102, 2);
    expect(image.readPoint('gun2.state')).toBe('finishing');
    expect(image.readPoint('gun1.state')).toBe('charging');
    await c.writeSingleRegister(100, 1200);
  });

  it('DC: a remote reset clears an insulation trip once the fault is repaired', async () => {
    const c = await client('sx01', 5);
    fleet().anomaly('sx01-dc1', 'insulation-fault');
    const [ohms, word] = (await c.readHoldingRegisters(42, 2)).response.body.valuesAsArray;
    expect(ohms).toBeLessThan(100);
    expect((word ?? 0) & 1).toBe(1);
    expect((await c.readHoldingRegisters(0, 1)).response.body.valuesAsArray[0]).toBe(4);
    fleet().clearAnomaly('sx01-dc1', 'insulation-fault');
    advance(2000);
    expect((await c.readHoldingRegisters(43, 1)).response.body.valuesAsArray[0]).toBe(1);
    await c.writeSingleRegister(103, 1);
    expect((await c.readHoldingRegisters(43, 1)).response.body.valuesAsArray[0]).toBe(0);
    expect((await c.readHoldingRegisters(103, 1)).response.body.valuesAsArray[0]).toBe(0);
    advance(1000);
    expect((await c.readHoldingRegisters(0, 1)).response.body.valuesAsArray[0]).not.toBe(4);
  });

  it('PV: a model-123 limit throttles the inverter at noon', async () => {
    const saved = clock;
    // Noon: jump ahead; the models skip the gap rather than replaying it.
    clock = Date.UTC(2024, 5, 21, 4);
    fleet().tick();
    const pv = fleet().device('sx03-pv1');
    const c = await client('sx03', pv.unitId);
    expect(pv.image.readPoint('state')).toBe('mppt');
    await c.writeMultipleRegisters(40127, [250]);
    await c.writeSingleRegister(40131, 1);
    expect(pv.image.readPoint('state')).toBe('throttled');
    const [w, sf] = (await c.readHoldingRegisters(40084, 2)).response.body.valuesAsArray;
    expect((w ?? 0) * 10 ** (sf ?? 0)).toBe(12_500);
    await c.writeSingleRegister(40131, 0);
    expect(pv.image.readPoint('state')).toBe('mppt');
    expect(await exceptionCode(c.writeSingleRegister(40127, 1500))).toBe(3);
    expect(await exceptionCode(c.writeSingleRegister(40084, 0))).toBe(2);
    clock = saved + 1000;
  });

  it('refuses writes to a meter and a box transformer', async () => {
    const bt = fleet().device('sx02-bt1');
    const mt = fleet().device('sx02-mt1');
    expect(await exceptionCode((await client('sx02', bt.unitId)).writeSingleRegister(30, 1))).toBe(2);
    expect(await exceptionCode((await client('sx02', mt.unitId)).writeSingleRegister(12, 1))).toBe(2);
  });
});

describe('anomalies and stations going offline', () => {
  it('shows an anomaly over Modbus and refuses one the device cannot have', async () => {
    const bt = fleet().device('sx02-bt1');
    fleet().anomaly('sx02-bt1', 'ground-fault');
    const [breaker, , faults] = await words('sx02', bt.unitId, 30, 3);
    expect(breaker).toBe(2);
    expect(faults).toBe((1 << 7) | (1 << 3));
    expect(() => fleet().anomaly('sx02-mt1', 'smoke')).toThrow(
      'sx02-mt1 cannot show smoke (it can show: none)',
    );
    expect(() => fleet().anomaly('sx99-dc1', 'smoke')).toThrow('no simulated device "sx99-dc1"');
  });

  it('offline cuts the station and refuses connections; online brings it back with unit faults kept', async () => {
    const gw = fleet().gateway('sx03');
    gw.setFault({ kind: 'silent' }, 2);
    const before = await client('sx03', 1);
    fleet().offline('sx03');
    await new Promise<void>((resolve) =>
      before.socket.destroyed ? resolve() : before.socket.once('close', resolve),
    );
    const refused = track(connect(gw.port, '127.0.0.1'));
    await new Promise<void>((resolve) => refused.once('close', () => resolve()));
    fleet().online('sx03');
    expect(await words('sx03', 1, 0, 1)).toHaveLength(1);
    expect(gw.faults()).toEqual({ gateway: undefined, units: new Map([[2, { kind: 'silent' }]]) });
  });
});

/** Timers that fire only when the test moves time on, in due order. */
class ManualClock implements ScenarioClock {
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private nextId = 1;

  now(): number {
    return clock;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.push({ at: clock + ms, fn, id });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  /** Moves the fleet clock on by `ms`, firing timers as their time comes. */
  advance(ms: number): void {
    const end = clock + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      advance(due.at - clock);
      due.fn();
    }
    advance(end - clock);
  }
}

describe('scenarios against the fleet', () => {
  const drill = parseScenario({
    name: 'test-drill',
    steps: [
      { at: '0s', do: 'anomaly', device: 'sx01-dc1', kind: 'insulation-fault', note: 'alarm expected' },
      { at: '2m', do: 'clear', device: 'sx01-dc1', reset: true },
      { at: '3m', do: 'offline', station: 'sx03' },
      { at: '4m', do: 'fault', station: 'sx02', unit: 3, fault: { kind: 'exception', code: 6 } },
      { at: '5m', do: 'set', device: 'sx02-ac1', key: 'gun1.state', value: 'unavailable' },
      { at: '6m', do: 'online', station: 'sx03' },
      { at: '6m', do: 'release', device: 'sx02-ac1', key: 'gun1.state' },
    ],
  });

  it('runs each step when its time comes, on a fake clock', () => {
    const lines: string[] = [];
    const run = new ScenarioRun(fleet(), drill, clock, (l) => lines.push(l));
    const start = run.startMs;
    expect(run.runDue(start)).toBe(1);
    expect(lines).toEqual(['[test-drill +0s] anomaly sx01-dc1 insulation-fault — alarm expected']);
    expect(fleet().device('sx01-dc1').image.readPoint('gun1.state')).toBe('faulted');
    expect(run.nextAt()).toBe(start + 2 * MIN);
    expect(run.runDue(start + 2 * MIN - 1)).toBe(0);
    advance(2 * MIN);
    expect(run.runDue(clock)).toBe(1);
    expect(fleet().device('sx01-dc1').model.activeAnomalies()).toEqual([]);
    expect(fleet().device('sx01-dc1').image.readPoint('faults')).toBe(0);
    advance(3 * MIN);
    expect(run.runDue(clock)).toBe(3);
    expect(fleet().gateway('sx03').faults().gateway).toEqual({ kind: 'drop' });
    expect(fleet().gateway('sx02').faults().units.get(3)).toEqual({ kind: 'exception', code: 6 });
    expect(fleet().device('sx02-ac1').image.readPoint('gun1.state')).toBe('unavailable');
    advance(MIN);
    expect(run.runDue(clock)).toBe(2);
    expect(run.finished).toBe(true);
    expect(fleet().gateway('sx03').faults().gateway).toBeUndefined();
    expect(fleet().device('sx02-ac1').image.isPinned('gun1.state')).toBe(false);
    expect(lines.at(-1)).toBe('[test-drill +6m] sx02-ac1 gun1.state released');
  });

  it('plays in clock time and reports when it is done', async () => {
    const timers = new ManualClock();
    const lines: string[] = [];
    const playback = playScenario(fleet(), drill, { clock: timers, report: (l) => lines.push(l) });
    expect(lines).toEqual([
      '[test-drill] started: 7 steps over 6m',
      '[test-drill +0s] anomaly sx01-dc1 insulation-fault — alarm expected',
    ]);
    timers.advance(3 * MIN);
    expect(lines).toHaveLength(4);
    expect(fleet().gateway('sx03').faults().gateway).toEqual({ kind: 'drop' });
    timers.advance(3 * MIN);
    await playback.finished;
    expect(lines.at(-1)).toBe('[test-drill] finished');
    expect(lines).toHaveLength(9);
  });

  it('stops mid-way without running the rest', async () => {
    const timers = new ManualClock();
    const playback = playScenario(fleet(), drill, { clock: timers });
    playback.stop();
    await playback.finished;
    timers.advance(10 * MIN);
    expect(fleet().gateway('sx03').faults().gateway).toBeUndefined();
  });

  it('checks every step against the fleet before running any', () => {
    const typo = parseScenario({
      name: 'typo',
      steps: [
        { at: '0s', do: 'offline', station: 'sx01' },
        { at: '1m', do: 'anomaly', device: 'sx01-pv1', kind: 'insulation-fault' },
        { at: '2m', do: 'set', device: 'sx01-ac1', key: 'gun1.state', value: 'exploded' },
        { at: '3m', do: 'fault', station: 'sx09', fault: { kind: 'drop' } },
        { at: '4m', do: 'clearFault', station: 'sx01', unit: 42 },
        { at: '5m', do: 'release', device: 'sx01-ac1', key: 'gun9.state' },
      ],
    });
    expect(() => new ScenarioRun(fleet(), typo, clock, () => {})).toThrow(
      'typo: steps[1].kind: sx01-pv1 cannot show insulation-fault (it can show: over-temperature, ground-fault); ' +
        'steps[2].value: gun1.state: "exploded" is not one of its states; ' +
        'steps[3].station: no simulated station "sx09"; ' +
        'steps[4].unit: station sx01 has no unit 42; ' +
        'steps[5].key: ac-7kw has no point "gun9.state"',
    );
    expect(fleet().gateway('sx01').faults().gateway).toBeUndefined();
  });
});

describe('prompt commands against the fleet', () => {
  it('acknowledges each command in one line, or says what is wrong', () => {
    expect(runCommandLine(fleet(), 'anomaly sx01-dc1 smoke')).toBe('ok: anomaly sx01-dc1 smoke');
    expect(runCommandLine(fleet(), 'fault sx02 slow 250 3')).toBe('ok: fault sx02 unit 3 slow 250 ms');
    expect(runCommandLine(fleet(), 'offline sx03')).toBe('ok: sx03 offline');
    expect(runCommandLine(fleet(), 'status')).toBe(
      ['sx01: sx01-dc1 smoke', 'sx02: unit 3 slow 250 ms', 'sx03: offline'].join('\n'),
    );
    expect(runCommandLine(fleet(), 'online sx03')).toBe('ok: sx03 online');
    expect(runCommandLine(fleet(), 'clear sx02')).toBe('ok: cleared faults at sx02');
    expect(runCommandLine(fleet(), 'clear sx01-dc1')).toBe('ok: cleared all anomalies at sx01-dc1');
    expect(fleet().device('sx01-dc1').image.readPoint('faults')).toBe(1 << 6);
    expect(runCommandLine(fleet(), 'reset sx01-dc1')).toBe('ok: reset sx01-dc1 on site');
    expect(fleet().device('sx01-dc1').image.readPoint('faults')).toBe(0);
    expect(runCommandLine(fleet(), 'set sx01-ac2 gun1.state unavailable')).toBe(
      'ok: sx01-ac2 gun1.state held at "unavailable"',
    );
    expect(runCommandLine(fleet(), 'status')).toBe('sx01: sx01-ac2 gun1.state held at "unavailable"');
    expect(runCommandLine(fleet(), 'set sx01-ac2 gun1.state broken')).toBe(
      'error: gun1.state: "broken" is not one of its states',
    );
    expect(runCommandLine(fleet(), 'release sx01-ac2 gun1.state')).toBe('ok: sx01-ac2 gun1.state released');
    expect(runCommandLine(fleet(), 'status')).toBe('no anomalies, comms faults or held points');
    expect(runCommandLine(fleet(), 'anomaly sx01-mt1 smoke')).toBe(
      'error: sx01-mt1 cannot show smoke (it can show: none)',
    );
    expect(runCommandLine(fleet(), 'offline sx42')).toBe('error: no simulated station "sx42"');
    expect(runCommandLine(fleet(), 'fault sx02 silent 99')).toBe('error: station sx02 has no unit 99');
    expect(runCommandLine(fleet(), 'launch')).toBe('error: unknown command "launch"; type help');
    expect(runCommandLine(fleet(), 'help')).toMatch(/^commands:\n {2}anomaly <device> <kind>/);
  });
});
