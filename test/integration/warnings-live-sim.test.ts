import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WarningView } from '../../shared/api/warnings';
import { DAY_MS } from '../../shared/warning/model';
import { overWebSocket } from '../helpers/desk';
import { withDeskJournal } from '../helpers/desk-journal';
import { PEOPLE, startDutyDesk } from '../helpers/duty-desk';
import { until } from '../helpers/until';

/**
 * A degradation injected into the running simulator reaches the desk as an
 * early warning, with nothing written for the desk: the fleet serves its
 * registers over Modbus TCP, the desk polls them over real sockets, stamps
 * the samples with its own clock, keeps them in its history and runs its
 * passes. The test drives one clock for both, an hour at a time, so two weeks
 * pass in about a minute; polling is held across each step, and the desk
 * polls each device after every step.
 *
 * Hourly steps miss most sessions' last half hour, so the site meter's
 * counter runs ahead of the sessions the desk saw: an energy-mismatch
 * warning for a meter late in the run is that, and is not judged here.
 */
const HOUR = 3_600_000;
/** 2031-04-07 00:00 in Shaoxing: a fixed spring fortnight, far from any real date the desk prunes by. */
const START = Date.UTC(2031, 3, 6, 16);
const ONSET = START + 5 * DAY_MS;
const FAULT = START + 22 * DAY_MS;
/** Longest run: the fault day less the day of warning the issue asks for. */
const LAST_STEP = FAULT - DAY_MS;

type Desk = Awaited<ReturnType<typeof startDutyDesk>>;

describe('early warning from the running simulator', () => {
  let desk: Desk;
  let monitor: Awaited<ReturnType<typeof overWebSocket>>;
  const worn = 'sx02-dc1';
  let found: WarningView | undefined;

  /**
   * Waits until the desk has polled every device twice over since `polls`,
   * so each one at least once after the step. A step the desk never polled
   * would leave an hour out of its history: a loaded machine makes the test
   * slower, never different.
   */
  async function polled(polls: number): Promise<void> {
    const wanted = polls + 2 * desk.config.devices.length;
    await until(() => desk.engine.stats().polls >= wanted, 'every device polled twice after a step', 30_000);
  }

  beforeAll(async () => {
    desk = await startDutyDesk({
      stations: 2,
      startMs: START,
      fleetTickMs: 0,
      pollIntervalMs: 100,
      warningPassEveryMs: DAY_MS,
    });
    desk.fleet.degrade(worn, { kind: 'contact-resistance', onsetMs: ONSET, faultMs: FAULT });
    monitor = await overWebSocket(desk.engine, { token: PEOPLE.monitor.token });
    // Hour by hour until the warning is on the list; a pass runs at each day the clock crosses.
    while (desk.clock.now() < LAST_STEP && !found) {
      // Held across the step: a device read before it must not be stamped after it.
      const release = await desk.engine.holdPolling();
      const polls = desk.engine.stats().polls;
      desk.clock.skip(HOUR);
      desk.fleet.tick();
      release();
      await polled(polls);
      const day = Math.floor((desk.clock.now() - START) / HOUR) % 24 === 0;
      if (!day) continue;
      const { warnings } = await monitor.client.request('warnings.list', {});
      found = warnings.find((w) => w.deviceId === worn && w.detector === 'connector-thermal');
    }
  }, 600_000);

  afterAll(async () => {
    await monitor?.close();
    await desk?.stop();
  });

  it('warns about the worn contact at least a day before it trips, from what the desk polled', () => {
    expect(found, 'no connector-thermal warning before the fault day').toBeDefined();
    const warning = found as WarningView;
    expect(warning.stationId).toBe('sx02');
    expect(warning.raisedAtMs).toBeGreaterThan(ONSET);
    expect(warning.raisedAtMs).toBeLessThanOrEqual(FAULT - DAY_MS);
    // The band is drawn from the healthy days, and the contact's recent days are above it.
    const points = warning.evidence.points.filter((p) => p.value !== null);
    expect(points.length).toBeGreaterThanOrEqual(10);
    const above = points.slice(-3).filter((p) => (p.value ?? 0) > (p.hi ?? Number.POSITIVE_INFINITY));
    expect(above.length).toBeGreaterThanOrEqual(1);
    // The evidence days are the desk clock's days, not the machine's.
    expect(points[0]?.atMs).toBeGreaterThanOrEqual(START - DAY_MS);
  });

  it('raises nothing for the healthy chargers, DC or AC, on the same gateway or the other', () => {
    const raised = withDeskJournal(desk.dataDir, (j) => j.read({ type: 'warning.raised', limit: 1000 }));
    const devices = raised.map((e) => (e.data as { deviceId: string }).deviceId);
    const chargers = new Set(['ac-7kw', 'dc-120kw-dual']);
    const peers = desk.config.devices.filter((d) => chargers.has(d.profile) && d.id !== worn);
    expect(peers.map((d) => d.id)).toEqual(expect.arrayContaining(['sx01-dc1', 'sx02-dc2', 'sx02-ac1']));
    expect(devices.filter((id) => peers.some((p) => p.id === id))).toEqual([]);
    expect(devices).toContain(worn);
  });
});
