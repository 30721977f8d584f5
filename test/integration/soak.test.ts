import { describe, expect, it } from 'vitest';
import { defaultSoakOptions, measureSoak, type SoakResult } from '../../bench/soak';

/**
 * The short soak (issue 16): five wall minutes of the bench's soak at 30×,
 * two and a half simulated hours: random faults on 12 stations, storms,
 * a configuration change every 10 simulated minutes, three desk restarts,
 * tabs opening and closing, the sync server going away and back. The long
 * run is `npm run bench -- --only soak`.
 *
 * Memory is judged by regression over the probe's post-GC readings of the
 * last (longest) desk process after its warm-up, never by wall times. The
 * restarts come in the first quarter, so that process lives four fifths of
 * the run and is judged on about 70 simulated minutes after 50 of warm-up.
 *
 * What a heap grows by in those minutes was found with heap snapshots
 * compared at its start and end: V8 still compiling and optimising (code,
 * bytecode, and the feedback and inline-cache metadata that comes with
 * them), the fleet's alarm points met for the first time (bounded by
 * devices × causes), and nothing else that grew; the JavaScript data held
 * flat within 0.03 MB. The bounds are set at two to three times the slopes measured
 * on this layout in two runs (heap 10.2 and 10.1 ± 0.7, heap less code 4.4
 * and 3.3 ± 0.5, anonymous RSS 65 and 76 ± 9 MB per simulated day, under a
 * load of 10 on 2 cores): they catch a
 * leak of a few MB per simulated day, not the 1 MB, which the long
 * run measures (bench/RESULTS.md, `npm run bench -- --only soak`).
 */
const SPEED = 30;

describe('short soak', () => {
  let soak: SoakResult;

  it('runs five minutes of a busy desk without losing an acknowledged action or an unhandled error', async () => {
    soak = await measureSoak(
      {
        ...defaultSoakOptions,
        minutes: 150,
        speed: SPEED,
        stormEveryMin: 30,
        stormLastsMin: 5,
        syncEveryMin: 20,
        restartsWithin: 0.25,
        warmupMin: 50,
        keepDir: process.env.SOAK_KEEP_DIR ?? null,
      },
      () => {},
    );
    expect(soak.unexpectedExits).toEqual([]);
    expect(soak.unhandled).toEqual([]);
    expect(soak.restarts).toBe(3);
    expect(soak.storms).toBeGreaterThanOrEqual(4);
    expect(soak.syncToggles).toBe(7);
    expect(soak.tabs).toMatchObject({ failed: 0 });
    expect(soak.tabs.opened).toBe(300);
    expect(soak.acks.acknowledged).toBeGreaterThan(20);
    expect(soak.acks.missing).toEqual([]);
    // The duty loop: orders opened on acknowledged alarms and taken to acceptance, every step journalled.
    expect(soak.orders.confirmed['workorder.created']).toBeGreaterThan(3);
    expect(soak.orders.confirmed['workorder.accepted']).toBeGreaterThan(1);
    expect(soak.orders.missing).toEqual([]);
    expect(soak.configChanges).toEqual({ acknowledged: 15, journalled: 15 });
    expect(soak.chain.ok).toBe(true);
    expect(soak.journalTypes['alarm.raised']).toBeGreaterThan(20);
  }, 900_000);

  it('the last desk process holds its memory, descriptors and handles flat after warm-up', () => {
    expect(new Set(soak.probes.map((p) => p.pid)).size).toBe(4);
    const last = soak.segments.at(-1);
    if (!last) throw new Error('no probe lines');
    expect(last.samples).toBeGreaterThan(50);
    // V8's code statistics leave out the feedback and inline-cache metadata, which makes most of what
    // the heap less code still grows by here (about 4 of the 4.4 MB per simulated day measured).
    expect(last.dataHeapMb.slopePerSimDay).toBeLessThan(12);
    expect(last.heapMb.slopePerSimDay).toBeLessThan(24);
    // The allocators and the workers are still settling in a process's first minutes.
    expect(last.anonMb.slopePerSimDay).toBeLessThan(160);
    // Tabs come and go and each holds a socket for three simulated minutes, storms drop a third of the
    // stations' sockets: a band of about seven, and the typical count moved by 2 in every run measured.
    // The band, not the range: in a full CI run a few readings 33 above the lowest failed a range of 12,
    // while a passing run beside the heaviest files already reached 11.
    expect(last.fds.p95 - last.fds.p5, `descriptors ${last.fds.min}–${last.fds.max}`).toBeLessThanOrEqual(12);
    expect(last.fds.medianLastThird - last.fds.medianFirstThird).toBeLessThanOrEqual(4);
    expect(last.handles.medianLastThird - last.handles.medianFirstThird).toBeLessThanOrEqual(4);
    expect(last.timers.mostLastThird - last.timers.mostFirstThird).toBeLessThanOrEqual(8);
  });
});
