type Where = Pick<Window, 'location'> & { dutydesk?: unknown };

/**
 * Where the map asks for tiles. A browser asks the desk's bridge, which
 * fetches them from the configured server (the page's CSP stays
 * same-origin, and a wallboard token reaches the tiles too). The Electron
 * window has no bridge and asks the template itself.
 */
export function tileUrl(where: Where, template: string): string {
  if (where.dutydesk) return template;
  const token = new URLSearchParams(where.location.search).get('token');
  const query = token ? `?token=${encodeURIComponent(token)}` : '';
  return `${where.location.origin}/tiles/{z}/{x}/{y}${query}`;
}
