import type { LayerSpecification, SourceSpecification, StyleSpecification } from 'maplibre-gl';
import type { MapSource } from '../../../../shared/api/map';
import type { Lang } from '../../i18n/lang';

/**
 * The basemap shipped with the desk, from resources/basemap: Natural Earth
 * land, coast and borders (fine around the fleet, coarse far away) plus
 * hand-kept city labels. Imported as text so it lives in the bundle: it
 * loads from file:// in Electron, where fetch() cannot, and needs no network.
 */
export type OfflineBasemap = { land: unknown; coast: unknown; borders: unknown; places: unknown };

export async function loadOfflineBasemap(): Promise<OfflineBasemap> {
  const [land, coast, borders, places] = await Promise.all([
    import('../../../../resources/basemap/land.geojson?raw'),
    import('../../../../resources/basemap/coast.geojson?raw'),
    import('../../../../resources/basemap/borders.geojson?raw'),
    import('../../../../resources/basemap/places.geojson?raw'),
  ]);
  return {
    land: JSON.parse(land.default),
    coast: JSON.parse(coast.default),
    borders: JSON.parse(borders.default),
    places: JSON.parse(places.default),
  };
}

const EMPTY = { type: 'FeatureCollection', features: [] };

/** What is drawn if the basemap itself cannot be loaded: nothing under the stations, which are still drawn. */
export const NO_BASEMAP: OfflineBasemap = { land: EMPTY, coast: EMPTY, borders: EMPTY, places: EMPTY };

/** The tiles the engine serves (see map.source), and the URL template this page fetches them by. */
export type TileSettings = { url: string; source: Extract<MapSource, { kind: 'tiles' }> };

/** The source id of the tiles, and of every layer drawn from them: a failing one is removed with all its layers. */
export const TILE_SOURCE_ID = 'basemap-tiles';

/** Grey-first, as the rest of the desk: the basemap is context, the stations are the content. */
const PALETTE = {
  sea: '#16191c',
  land: '#2a2e32',
  road: '#3c4248',
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
    {
      id: 'basemap-land',
      type: 'fill',
      source: 'basemap-land',
      // No outline pass: the coast layer draws the edge, and each pass over the land costs frames in software GL.
      paint: { 'fill-color': PALETTE.land, 'fill-antialias': false },
    },
    {
      id: 'basemap-coast',
      type: 'line',
      source: 'basemap-coast',
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
    'basemap-coast': { type: 'geojson', data: basemap.coast as never },
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
    const { source } = tiles;
    sources[TILE_SOURCE_ID] = {
      type: source.type,
      tiles: [tiles.url],
      tileSize: source.tileSize,
      minzoom: source.minZoom,
      maxzoom: source.maxZoom,
      attribution: source.attribution,
      // Outside its bounds a file has nothing: the map does not ask there, and the offline land shows.
      ...(source.bounds ? { bounds: source.bounds } : {}),
    };
    // Under the labels, over the land: the tiles carry their own land and coast.
    const drawn: LayerSpecification[] =
      source.type === 'raster'
        ? [{ id: TILE_SOURCE_ID, type: 'raster', source: TILE_SOURCE_ID }]
        : vectorLayers(source.vectorLayers);
    layers.splice(layers.length - 1, 0, ...drawn);
  }
  return { version: 8, sources, layers };
}

const WATER = /water|ocean|sea|lake|river/i;
const BOUNDARY = /boundar|admin|border/i;
const ROAD = /road|transport|street|highway|rail/i;
const BUILDING = /building/i;
const LABEL = /place|label|poi|name/i;

/**
 * A grey style for any vector file, from its layer names alone: water in
 * the sea colour, roads and borders as thin lines, labels for named points.
 * Operators' files come from many producers (OpenMapTiles, Protomaps,
 * their own), so nothing assumes one schema.
 */
export function vectorLayers(ids: readonly string[]): LayerSpecification[] {
  const polygon = ['==', ['geometry-type'], 'Polygon'] as const;
  const line = ['==', ['geometry-type'], 'LineString'] as const;
  const point = ['==', ['geometry-type'], 'Point'] as const;
  const base = (id: string, suffix: string) => ({
    id: `${TILE_SOURCE_ID}:${id}:${suffix}`,
    source: TILE_SOURCE_ID,
    'source-layer': id,
  });
  return ids.flatMap((id): LayerSpecification[] => {
    if (LABEL.test(id))
      return [
        {
          ...base(id, 'label'),
          type: 'symbol',
          filter: point as never,
          layout: {
            'text-field': ['coalesce', ['get', 'name:zh'], ['get', 'name_zh'], ['get', 'name']],
            'text-font': [MAP_FONT_FAMILY],
            'text-size': 14,
          },
          paint: {
            'text-color': PALETTE.place,
            'text-halo-color': PALETTE.placeHalo,
            'text-halo-width': 1.5,
          },
        },
      ];
    if (WATER.test(id))
      return [
        { ...base(id, 'fill'), type: 'fill', filter: polygon as never, paint: { 'fill-color': PALETTE.sea } },
        { ...base(id, 'line'), type: 'line', filter: line as never, paint: { 'line-color': PALETTE.coast } },
      ];
    if (BOUNDARY.test(id))
      return [
        {
          ...base(id, 'line'),
          type: 'line',
          filter: line as never,
          paint: { 'line-color': PALETTE.border, 'line-width': 1.2, 'line-dasharray': [3, 2] },
        },
      ];
    if (ROAD.test(id))
      return [
        {
          ...base(id, 'line'),
          type: 'line',
          filter: line as never,
          paint: { 'line-color': PALETTE.road, 'line-width': 1 },
        },
      ];
    return [
      {
        ...base(id, 'fill'),
        type: 'fill',
        filter: polygon as never,
        paint: {
          'fill-color': BUILDING.test(id) ? PALETTE.road : PALETTE.land,
          'fill-outline-color': PALETTE.coast,
        },
      },
      { ...base(id, 'line'), type: 'line', filter: line as never, paint: { 'line-color': PALETTE.coast } },
    ];
  });
}
