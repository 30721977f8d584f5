import { TILE_PROTOCOL_TEMPLATE } from '../../../../shared/api/map';

type Where = Pick<Window, 'location'> & { dutydesk?: unknown };

/**
 * Where the map asks for tiles. Either way the engine answers, from the
 * online template or the operator's file: a browser asks the desk's bridge
 * (the page's CSP stays same-origin, and a wallboard token reaches the tiles
 * too); the Electron window, which has no bridge, asks through the desk's
 * own dutydesk-tiles: protocol.
 */
export function tileUrl(where: Where): string {
  if (where.dutydesk) return TILE_PROTOCOL_TEMPLATE;
  const token = new URLSearchParams(where.location.search).get('token');
  const query = token ? `?token=${encodeURIComponent(token)}` : '';
  return `${where.location.origin}/tiles/{z}/{x}/{y}${query}`;
}
