import { clearSkyGhi, solarElevationDeg } from './solar';

/** Irradiance at which a module delivers its rating (standard test conditions). */
const STC_IRRADIANCE = 1000;

/**
 * What a carport array usually loses against its nameplate under a clear
 * sky: soiling, temperature, wiring and inverter losses. A station sets its
 * own in the config (`stations[].pvDerating`); this is for those that do
 * not. 0.8 is a common performance ratio for small rooftop systems.
 */
export const DEFAULT_DERATING = 0.8;

export type Site = { lat: number; lng: number; pvDerating?: number | undefined };

/** The derating that applies at a site: its own, or the default. */
export function deratingOf(site: Pick<Site, 'pvDerating'>): number {
  return site.pvDerating ?? DEFAULT_DERATING;
}

/**
 * The AC power in kW an inverter of `ratedKw` should deliver at `atMs`
 * under a clear sky at `site`, after the site's derating; never above its rating.
 */
export function clearSkyExpectedKw(
  atMs: number,
  site: Site,
  ratedKw: number,
  derating = deratingOf(site),
): number {
  const ghi = clearSkyGhi(solarElevationDeg(atMs, site.lat, site.lng));
  return Math.min(ratedKw, ratedKw * derating * (ghi / STC_IRRADIANCE));
}

export type PeerReading = { deviceId: string; ratedKw: number; kw: number };

/**
 * The expectation from the best performer at the same site: clouds pass
 * over every inverter of a carport together, so a neighbour producing more
 * per kW of rating shows what this one could do. Null when there is no
 * other inverter to compare with, or none of them produces anything.
 */
export function referenceExpectedKw(
  deviceId: string,
  ratedKw: number,
  peers: readonly PeerReading[],
): { kw: number; referenceId: string } | null {
  let best: PeerReading | null = null;
  for (const peer of peers) {
    if (peer.deviceId === deviceId || peer.ratedKw <= 0 || peer.kw <= 0) continue;
    if (!best || peer.kw / peer.ratedKw > best.kw / best.ratedKw) best = peer;
  }
  if (!best) return null;
  return { kw: Math.min(ratedKw, (best.kw / best.ratedKw) * ratedKw), referenceId: best.deviceId };
}
