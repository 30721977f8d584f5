import { z } from 'zod';
import { Id } from './model';

/** Resolutions the history store keeps: raw samples, 1-minute and 15-minute rollups. */
export const HistoryResolution = z.enum(['raw', '1m', '15m']);
export type HistoryResolution = z.infer<typeof HistoryResolution>;

/** Never draw more points than a wide chart has pixels; the engine caps the work per call too. */
export const MAX_HISTORY_POINTS = 10_000;
export const MAX_HISTORY_KEYS = 16;

export const HistoryQuery = z
  .object({
    deviceId: Id,
    keys: z.array(z.string().min(1).max(64)).min(1).max(MAX_HISTORY_KEYS),
    /** Epoch ms, inclusive. */
    from: z.number().int().min(0),
    /** Epoch ms, exclusive. */
    to: z.number().int().min(0),
    /** The most points any one series may hold (e.g. the chart's width in pixels). */
    maxPoints: z.number().int().min(2).max(MAX_HISTORY_POINTS),
  })
  .strict()
  .refine((q) => q.to > q.from, { message: '"to" must be after "from"', path: ['to'] });
export type HistoryQuery = z.infer<typeof HistoryQuery>;

/**
 * One point of a series: the bucket's start time and the value range it
 * covers. For raw samples min = max = avg = last. Downsampling keeps the
 * extremes of each bucket so a spike never disappears from a chart.
 */
export const HistoryPoint = z.object({
  ts: z.number(),
  min: z.number(),
  max: z.number(),
  avg: z.number(),
  last: z.number(),
  /** How many raw samples the point stands for. */
  count: z.number().int().min(1),
});
export type HistoryPoint = z.infer<typeof HistoryPoint>;

export const HistorySeries = z.object({
  key: z.string(),
  /** Where the points came from; a range older than the raw retention is served from rollups. */
  resolution: HistoryResolution,
  /** Width of one point in ms (0 for raw samples that were not merged). */
  bucketMs: z.number().int().min(0),
  points: z.array(HistoryPoint),
});
export type HistorySeries = z.infer<typeof HistorySeries>;

export const HistoryResult = z.object({
  deviceId: Id,
  from: z.number(),
  to: z.number(),
  series: z.array(HistorySeries),
});
export type HistoryResult = z.infer<typeof HistoryResult>;

export const historyMethods = {
  /** Numeric telemetry of one device over a time range, never more than maxPoints per key. */
  'history.query': { params: HistoryQuery, result: HistoryResult, permission: 'read' },
} as const;
