import type { Travel } from './roster';

const EARTH_RADIUS_KM = 6371.0088;
const rad = (deg: number) => (deg * Math.PI) / 180;

export type Point = { lat: number; lng: number };

/** Great-circle distance in km (haversine). */
export function distanceKm(a: Point, b: Point): number {
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Minutes from the crew's base to the station: the station's own figure for that crew wins. */
export function travelMinutes(
  travel: Travel,
  crew: { id: string; base: Point },
  station: { id: string } & Point,
): { minutes: number; source: 'station' | 'distance'; km: number } {
  const km = distanceKm(crew.base, station);
  const own = travel.stationMinutes[station.id]?.[crew.id];
  if (own !== undefined) return { minutes: own, source: 'station', km };
  return { minutes: (km * travel.roadFactor * 60) / travel.speedKmh, source: 'distance', km };
}
