import { afterEach, expect, it } from 'vitest';
import { TelemetryStore } from '../../electron/telemetry/store';
import type { PointValue, Quality } from '../../shared/api/model';
import { readAnswer, startRawServer } from '../helpers/raw-modbus';
import { startPoller, twoSpeedMeter } from '../helpers/raw-poller';

/**
 * A desk on a clock of its own (a drill's, a test's compressed weeks): the
 * poller stamps every sample with that clock, so the history it feeds lies
 * on the desk's days, while whether a value is stale is still judged by the
 * real time since its last read. Here the desk's clock leaps a day at every
 * poll, far ahead of the machine's.
 */
const DAY_MS = 86_400_000;
const START = Date.UTC(2031, 3, 7);

/** Every sample the poller gave, in order. */
class Recording extends TelemetryStore {
  readonly seen: { key: string; quality: Quality; ts: number }[] = [];
  override update(deviceId: string, key: string, value: PointValue, quality: Quality, ts: number): void {
    this.seen.push({ key, quality, ts });
    super.update(deviceId, key, value, quality, ts);
  }
}

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

it('stamps samples with the desk’s clock and judges staleness on real time', async () => {
  let reads = 0;
  // Every answer differs from the last, so every read is a new sample.
  const server = await startRawServer((r) => {
    reads++;
    return readAnswer(r.tid, r.unitId, new Array(r.count).fill(reads % 60_000));
  });
  cleanups.push(() => server.close());
  let desk = START;
  const { telemetry, stop } = startPoller(
    server.port,
    [{ id: 'm1', profile: twoSpeedMeter, unitId: 1 }],
    { pollIntervalMs: 100, timeoutMs: 1000 },
    (devices, profiles) => new Recording(devices, profiles, () => {}),
    () => {
      desk += DAY_MS;
      return desk;
    },
  );
  cleanups.push(stop);
  for (let i = 0; i < 300 && telemetry.seen.filter((s) => s.key === 'slow').length < 3; i++)
    await new Promise((r) => setTimeout(r, 20));
  const slow = telemetry.seen.filter((s) => s.key === 'slow');
  expect(slow.length).toBeGreaterThanOrEqual(3);
  // Each poll is a day later on the desk, whatever the machine's clock says.
  const stamps = telemetry.seen.map((s) => s.ts);
  expect(Math.min(...stamps)).toBeGreaterThan(START);
  expect(stamps.every((ts, i) => i === 0 || ts >= (stamps[i - 1] ?? 0))).toBe(true);
  expect(new Set(slow.map((s) => s.ts)).size).toBe(slow.length);
  // Read every second cycle, well within its period of real time: days of desk time between reads are no staleness.
  expect(telemetry.seen.map((s) => s.quality)).not.toContain('stale');
  expect(telemetry.sample('m1', 'slow')?.quality).toBe('good');
});
