import { afterEach, expect, it } from 'vitest';
import { TelemetryStore } from '../../electron/telemetry/store';
import type { PointValue, Quality } from '../../shared/api/model';
import { readAnswer, startRawServer } from '../helpers/raw-modbus';
import { SLOW_ADDRESS, startPoller, twoSpeedMeter } from '../helpers/raw-poller';

/**
 * A gateway that takes its time with every answer, and enough meters behind
 * it that one round of polls lasts several configured intervals. Every
 * request is answered, so no value is ever out of date for this connection.
 */
const UNITS = 8;
const ANSWER_DELAY_MS = 80;
const profile = twoSpeedMeter;

/** Every quality the poller gave the slow points, in order. */
class Recording extends TelemetryStore {
  readonly slow: Quality[] = [];
  override update(deviceId: string, key: string, value: PointValue, quality: Quality, ts: number): void {
    if (key === 'slow') this.slow.push(quality);
    super.update(deviceId, key, value, quality, ts);
  }
}

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

it('a value read on every round of a slow connection is never stale', async () => {
  const slowReads = new Map<number, number>();
  const holder: { sockets?: Set<import('node:net').Socket> } = {};
  const server = await startRawServer((r) => {
    if (r.start === SLOW_ADDRESS) slowReads.set(r.unitId, (slowReads.get(r.unitId) ?? 0) + 1);
    const reply = readAnswer(r.tid, r.unitId, new Array(r.count).fill(r.unitId));
    // The connection is serial: one answer at a time, each after the delay.
    setTimeout(() => {
      for (const socket of holder.sockets ?? []) socket.write(reply);
    }, ANSWER_DELAY_MS);
    return 'silent';
  });
  holder.sockets = server.sockets;
  cleanups.push(() => server.close());
  const units = Array.from({ length: UNITS }, (_, i) => i + 1);
  const { telemetry, stop } = startPoller(
    server.port,
    units.map((unitId) => ({ id: `m${unitId}`, profile, unitId })),
    { pollIntervalMs: 100, timeoutMs: 5000 },
    (devices, profiles) => new Recording(devices, profiles, () => {}),
  );
  cleanups.push(stop);
  // Two reads of the slow point per meter span at least three rounds.
  for (let i = 0; i < 600 && units.some((u) => (slowReads.get(u) ?? 0) < 2); i++) {
    await new Promise((r) => setTimeout(r, 20));
  }
  expect(Math.min(...units.map((u) => slowReads.get(u) ?? 0))).toBeGreaterThanOrEqual(2);
  expect(telemetry.slow).toContain('good');
  expect(telemetry.slow).not.toContain('stale');
  for (const unitId of units) expect(telemetry.sample(`m${unitId}`, 'slow')?.quality).toBe('good');
});
