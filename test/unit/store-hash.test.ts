import { describe, expect, it } from 'vitest';
import { downsample } from '../../electron/history/downsample';
import { eventHash, fieldsHash } from '../../electron/store/hash';
import { canonicalJson } from '../../shared/journal/canonical-json';
import type { JournalEvent } from '../../shared/journal/event';

const base: Omit<JournalEvent, 'hash'> = {
  id: '0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b',
  seq: 42,
  ts: 1_790_000_000_000,
  desk: 'desk-绍兴-1',
  actor: { user: 'zhang.wei', role: 'shift-lead' },
  type: 'alarm.acked',
  subject: 'sx01-dc1:insulation',
  data: { z: 1, a: [true, null, 'x'], '\u00e9': { b: -0, c: 1e21 } },
  reason: '现场确认 "quoted" \\ back\nslash',
  prevHash: 'ab'.repeat(32),
};

describe('the journal hash written field by field', () => {
  const variants: Partial<Omit<JournalEvent, 'hash'>>[] = [
    {},
    { reason: null },
    { data: null },
    { data: 'text with \u2028 separators and emoji 🚗' },
    { data: [1.5, -3, 0.1 + 0.2] },
    { actor: { user: "o'brien", role: 'admin' }, subject: 'a<b>&c', type: 't\u0000' },
  ];
  it.each(variants.map((v, i) => [i, v] as const))(
    'equals the canonical-JSON hash (variant %i)',
    (_, change) => {
      const event = { ...base, ...change };
      const fields = {
        prevHash: event.prevHash,
        id: event.id,
        seq: event.seq,
        ts: event.ts,
        desk: event.desk,
        actorUser: event.actor.user,
        actorRole: event.actor.role,
        type: event.type,
        subject: event.subject,
        canonicalData: canonicalJson(event.data),
        reason: event.reason,
      };
      expect(fieldsHash(fields)).toBe(eventHash(event));
      // A second time: recurring strings now come from the quoting cache.
      expect(fieldsHash(fields)).toBe(eventHash(event));
    },
  );
});

describe('min/max-preserving downsampling', () => {
  const point = (ts: number, v: number) => ({ ts, min: v, max: v, avg: v, last: v, count: 1 });

  it('returns the points unchanged when they fit', () => {
    const points = [point(0, 1), point(10, 2)];
    expect(downsample(points, 0, 100, 10, 0)).toEqual({ bucketMs: 0, points });
  });

  it('merges into at most maxPoints buckets, keeping extremes, count-weighted avg and the last value', () => {
    const points = Array.from({ length: 1000 }, (_, i) => point(i, i === 500 ? -40 : i % 10));
    const { bucketMs, points: out } = downsample(points, 0, 1000, 7, 0);
    expect(out.length).toBeLessThanOrEqual(7);
    expect(bucketMs).toBe(143);
    expect(out.reduce((n, p) => n + p.count, 0)).toBe(1000);
    expect(Math.min(...out.map((p) => p.min))).toBe(-40);
    expect(out[0]).toMatchObject({ ts: 0, min: 0, max: 9, last: 2, count: 143 });
  });

  it('widens rollup buckets by whole source buckets', () => {
    const points = Array.from({ length: 100 }, (_, i) => ({ ...point(i * 60_000, i), count: 6 }));
    const { bucketMs, points: out } = downsample(points, 0, 100 * 60_000, 30, 60_000);
    expect(bucketMs).toBe(240_000);
    expect(out).toHaveLength(25);
    expect(out[1]).toEqual({ ts: 240_000, min: 4, max: 7, avg: 5.5, last: 7, count: 24 });
  });
});
