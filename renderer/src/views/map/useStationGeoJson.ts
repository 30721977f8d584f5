import { useRef } from 'react';
import { type StationCollection, type StationMark, stationsGeoJson } from './model';

/** Everything of a mark the map draws; two equal keys draw the same picture. */
function drawnKey(marks: readonly StationMark[]): string {
  return marks
    .map(
      ({ station: s, severity, tier }) =>
        `${s.id}|${s.lng}|${s.lat}|${s.name}|${s.nameEn ?? ''}|${severity}|${tier}`,
    )
    .join('\n');
}

/**
 * The stations as GeoJSON, as a new object only when something the map
 * draws changed. Samples arrive every frame; handing the map new data each
 * time would re-cluster in its worker without end and the map would never
 * settle.
 */
export function useStationGeoJson(marks: readonly StationMark[]): StationCollection {
  const held = useRef<{ key: string; data: StationCollection } | null>(null);
  const key = drawnKey(marks);
  if (held.current?.key !== key) held.current = { key, data: stationsGeoJson(marks) };
  return held.current.data;
}
