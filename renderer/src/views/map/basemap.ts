import type { LayerSpecification, SourceSpecification, StyleSpecification } from 'maplibre-gl';
import type { Lang } from '../../i18n/lang';

/**
 * The basemap shipped with the desk, from resources/basemap: Natural Earth
 * land and borders plus hand-kept city labels. Imported as text so it lives
 * in the bundle: it loads from file:// in Electron and needs no network.
 */
export type OfflineBasemap = { land: unknown; borders: unknown; places: unknown };

export async function loadOfflineBasemap(): Promise<OfflineBasemap> {
  const [land, borders, places] = await Promise.all([
    import('../../../../resources/basemap/land.geojson?raw'),
    import('../../../../resources/basemap/borders.geojson?raw'),
    import('../../../../resources/basemap/places.geojson?raw'),
  ]);
  return {
    land: JSON.parse(land.default),
    borders: JSON.parse(borders.default),
    places: JSON.parse(places.default),
  };
}

const EMPTY = { type: 'FeatureCollection', features: [] };

/** What is drawn if the basemap itself cannot be loaded: nothing under the stations, which are still drawn. */
export const NO_BASEMAP: OfflineBasemap = { land: EMPTY, borders: EMPTY, places: EMPTY };

/** An online or operator-provided raster tile source (XYZ template). */
export type TileSettings = { tiles: string; tileSize: number; maxZoom: number; attribution: string };

/** Grey-first, as the rest of the desk: the basemap is context, the stations are the content. */
const PALETTE = {
  sea: '#16191c',
  land: '#2a2e32',
  coast: '#50575e',
  border: '#6a727a',
  place: '#9aa1a8',
  placeHalo: '#16191c',
} as const;

/** Text is drawn by the browser from local fonts (no glyph server); the same stack as the desk's CSS. */
export const MAP_FONT_FAMILY =
  'Noto Sans CJK SC, Noto Sans SC, Microsoft YaHei, PingFang SC, DejaVu Sans, sans-serif';

export const OFFLINE_LAYER_IDS = [
  'basemap-land',
  'basemap-coast',
  'basemap-borders',
  'basemap-places',
] as const;

function offlineLayers(lang: Lang): LayerSpecification[] {
  return [
    { id: 'basemap-land', type: 'fill', source: 'basemap-land', paint: { 'fill-color': PALETTE.land } },
    {
      id: 'basemap-coast',
      type: 'line',
      source: 'basemap-land',
      paint: { 'line-color': PALETTE.coast, 'line-width': 1 },
    },
    {
      id: 'basemap-borders',
      type: 'line',
      source: 'basemap-borders',
      paint: { 'line-color': PALETTE.border, 'line-width': 1.2, 'line-dasharray': [3, 2] },
    },
    {
      id: 'basemap-places',
      type: 'symbol',
      source: 'basemap-places',
      // Rank 1 (big cities) from afar, prefecture cities by zoom 6, counties by zoom 8.
      filter: ['<=', ['get', 'rank'], ['step', ['zoom'], 1, 5, 2, 7.5, 3]],
      layout: {
        'text-field': ['get', lang === 'en' ? 'nameEn' : 'name'],
        'text-font': [MAP_FONT_FAMILY],
        'text-size': ['match', ['get', 'rank'], 1, 18, 2, 16, 14],
        'text-allow-overlap': false,
      },
      paint: { 'text-color': PALETTE.place, 'text-halo-color': PALETTE.placeHalo, 'text-halo-width': 1.5 },
    },
  ];
}

function offlineSources(basemap: OfflineBasemap): Record<string, SourceSpecification> {
  return {
    'basemap-land': { type: 'geojson', data: basemap.land as never },
    'basemap-borders': { type: 'geojson', data: basemap.borders as never },
    'basemap-places': { type: 'geojson', data: basemap.places as never },
  };
}

/**
 * The style under the stations. With tiles configured they are drawn over
 * the offline basemap, not instead of it: while they load, or if some never
 * arrive, the operator still sees land and coast rather than a blank map.
 */
export function basemapStyle(
  basemap: OfflineBasemap,
  lang: Lang,
  tiles: TileSettings | null,
): StyleSpecification {
  const sources = offlineSources(basemap);
  const layers: LayerSpecification[] = [
    { id: 'background', type: 'background', paint: { 'background-color': PALETTE.sea } },
    ...offlineLayers(lang),
  ];
  if (tiles) {
    sources['basemap-tiles'] = {
      type: 'raster',
      tiles: [tiles.tiles],
      tileSize: tiles.tileSize,
      maxzoom: tiles.maxZoom,
      attribution: tiles.attribution,
    };
    // Under the labels, over the land: the tiles carry their own land and coast.
    layers.splice(layers.length - 1, 0, { id: 'basemap-tiles', type: 'raster', source: 'basemap-tiles' });
  }
  return { version: 8, sources, layers };
}
