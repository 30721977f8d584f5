import { useEffect, useState } from 'react';
import type { Device } from '../../../../shared/api';
import { type DeskClient, DeskRequestError } from '../../transport';
import { type Grid, type GridSeries, minMaxDownsample, toGrid } from './downsample';
import type { LocalSamples } from './localSamples';

export type SeriesRequest = { device: Device; key: string; scale: number };

export type SeriesSet = {
  state: 'loading' | 'ready';
  /** history: the engine's store; local: what this page collected, because the store could not answer. */
  source: 'history' | 'local';
  /** Why the store could not answer, for the note under the chart. */
  reason: string | null;
  /** One grid series per request, in request order. */
  series: GridSeries[];
};

const LOADING: SeriesSet = { state: 'loading', source: 'history', reason: null, series: [] };

/**
 * The series of a chart on its grid: asked from the engine with maxPoints =
 * the grid's buckets (the plot's width in pixels), one query per device;
 * where the store cannot answer, min/max-downsampled from local samples.
 * `version` re-runs the local fallback as new readings come in.
 */
export function useSeries(
  client: DeskClient,
  requests: readonly SeriesRequest[],
  grid: Grid | null,
  local: LocalSamples,
  version: number,
): SeriesSet {
  const [result, setResult] = useState<SeriesSet>(LOADING);
  const [fallback, setFallback] = useState<string | null>(null);
  const requestKey = requests.map((r) => `${r.device.id}/${r.key}`).join(',');

  // biome-ignore lint/correctness/useExhaustiveDependencies: requestKey stands for requests, whose identity changes every render.
  useEffect(() => {
    if (!grid || requests.length === 0) return;
    let cancelled = false;
    setResult(LOADING);
    const byDevice = new Map<string, SeriesRequest[]>();
    for (const r of requests) byDevice.set(r.device.id, [...(byDevice.get(r.device.id) ?? []), r]);
    Promise.all(
      [...byDevice].map(([deviceId, list]) =>
        client.request('history.query', {
          deviceId,
          keys: list.map((r) => r.key),
          from: Math.floor(grid.from),
          to: Math.ceil(grid.to),
          maxPoints: Math.max(2, grid.buckets),
        }),
      ),
    ).then(
      (results) => {
        if (cancelled) return;
        const points = new Map<string, GridSeries>();
        for (const r of results)
          for (const s of r.series) {
            const req = requests.find((q) => q.device.id === r.deviceId && q.key === s.key);
            if (req) points.set(`${r.deviceId}/${s.key}`, toGrid(s.points, grid, req.scale));
          }
        setFallback(null);
        setResult({
          state: 'ready',
          source: 'history',
          reason: null,
          series: requests.map(
            (r) => points.get(`${r.device.id}/${r.key}`) ?? new Array(grid.buckets).fill(null),
          ),
        });
      },
      (error: unknown) => {
        if (cancelled) return;
        setFallback(error instanceof DeskRequestError ? error.detail : String(error));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [client, requestKey, grid?.from, grid?.to, grid?.buckets]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: version marks new local readings; requestKey stands for requests.
  useEffect(() => {
    if (fallback === null || !grid) return;
    setResult({
      state: 'ready',
      source: 'local',
      reason: fallback,
      series: requests.map((r) =>
        toGrid(minMaxDownsample(local.samples(r.device.id, r.key), grid), grid, r.scale),
      ),
    });
  }, [fallback, version, requestKey, grid?.from, grid?.to, grid?.buckets, local]);

  return result;
}
