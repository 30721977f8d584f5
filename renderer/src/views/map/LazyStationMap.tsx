import { type ComponentProps, lazy, Suspense } from 'react';
import type { StationMap as StationMapComponent } from './StationMap';

// maplibre is most of a megabyte: the desk and the wallboard load it when a map is first shown, not at start.
const StationMapChunk = lazy(() => import('./StationMap').then((module) => ({ default: module.StationMap })));

export function LazyStationMap(props: ComponentProps<typeof StationMapComponent>) {
  return (
    <Suspense fallback={<div className="station-map" data-basemap="loading" data-ready="false" />}>
      <StationMapChunk {...props} />
    </Suspense>
  );
}
