/**
 * Where the sun is, from the low-precision formulas of the U.S. Naval
 * Observatory (good to ~0.01° for 1800–2200): plenty for a power curve.
 */

const RAD = Math.PI / 180;

/** Solar elevation above the horizon in degrees at `atMs` (epoch ms, UTC) for a site. */
export function solarElevationDeg(atMs: number, lat: number, lng: number): number {
  const d = atMs / 86_400_000 + 2440587.5 - 2451545.0;
  const g = (357.529 + 0.98560028 * d) * RAD;
  const q = 280.459 + 0.98564736 * d;
  const eclipticLng = (q + 1.915 * Math.sin(g) + 0.02 * Math.sin(2 * g)) * RAD;
  const obliquity = (23.439 - 0.00000036 * d) * RAD;
  const rightAscension = Math.atan2(Math.cos(obliquity) * Math.sin(eclipticLng), Math.cos(eclipticLng));
  const declination = Math.asin(Math.sin(obliquity) * Math.sin(eclipticLng));
  const siderealDeg = (18.697374558 + 24.06570982441908 * d) * 15 + lng;
  const hourAngle = siderealDeg * RAD - rightAscension;
  const phi = lat * RAD;
  const sinElevation =
    Math.sin(phi) * Math.sin(declination) + Math.cos(phi) * Math.cos(declination) * Math.cos(hourAngle);
  return Math.asin(sinElevation) / RAD;
}

/** Clear-sky global horizontal irradiance in W/m² (Haurwitz model). */
export function clearSkyGhi(elevationDeg: number): number {
  if (elevationDeg <= 0) return 0;
  const s = Math.sin(elevationDeg * RAD);
  return 1098 * s * Math.exp(-0.057 / s);
}
