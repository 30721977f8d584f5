import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import { describe, expect, it } from 'vitest';
import {
  basemapStyle,
  loadOfflineBasemap,
  NO_BASEMAP,
  TILE_SOURCE_ID,
  type TileSettings,
} from '../../renderer/src/views/map/basemap';

/** The styles the station map hands maplibre, checked by maplibre's own style validator. */
const source = (more: Partial<TileSettings['source']>): TileSettings['source'] => ({
  kind: 'tiles',
  origin: 'file',
  type: 'raster',
  tileSize: 256,
  minZoom: 0,
  maxZoom: 12,
  bounds: [118, 27, 123, 31.5],
  attribution: 'survey office',
  vectorLayers: [],
  ...more,
});
const url = 'http://desk/tiles/{z}/{x}/{y}';

describe('the style under the stations', () => {
  it('is valid with the shipped basemap alone, and the coast has a source of its own', async () => {
    const style = basemapStyle(await loadOfflineBasemap(), 'zh-CN', null);
    expect(validateStyleMin(style)).toEqual([]);
    expect(style.layers.map((l) => l.id)).toEqual([
      'background',
      'basemap-land',
      'basemap-coast',
      'basemap-borders',
      'basemap-places',
    ]);
    expect(style.layers.find((l) => l.id === 'basemap-coast')).toMatchObject({ source: 'basemap-coast' });
  });

  it('draws a raster file within its bounds and zoom range, under the place names', () => {
    const style = basemapStyle(NO_BASEMAP, 'en', { url, source: source({}) });
    expect(validateStyleMin(style)).toEqual([]);
    expect(style.sources[TILE_SOURCE_ID]).toMatchObject({
      type: 'raster',
      tiles: [url],
      bounds: [118, 27, 123, 31.5],
      maxzoom: 12,
    });
    expect(style.layers.map((l) => l.id).slice(-2)).toEqual([TILE_SOURCE_ID, 'basemap-places']);
  });

  it('gives every layer of a vector file a grey layer of its own, by what its name says', () => {
    const layers = ['water', 'boundary', 'transportation', 'building', 'place', 'landcover'];
    const style = basemapStyle(NO_BASEMAP, 'zh-CN', {
      url,
      source: source({ type: 'vector', tileSize: 512, bounds: null, vectorLayers: layers }),
    });
    expect(validateStyleMin(style)).toEqual([]);
    const drawn = style.layers.filter((l) => 'source' in l && l.source === TILE_SOURCE_ID);
    expect(new Set(drawn.map((l) => ('source-layer' in l ? l['source-layer'] : '')))).toEqual(
      new Set(layers),
    );
    const kinds = (id: string) =>
      drawn.filter((l) => 'source-layer' in l && l['source-layer'] === id).map((l) => l.type);
    expect(kinds('water')).toEqual(['fill', 'line']);
    expect(kinds('boundary')).toEqual(['line']);
    expect(kinds('place')).toEqual(['symbol']);
    expect(style.sources[TILE_SOURCE_ID]).not.toHaveProperty('bounds');
    expect(style.layers.at(-1)?.id).toBe('basemap-places');
  });
});
