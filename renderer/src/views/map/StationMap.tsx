import 'maplibre-gl/dist/maplibre-gl.css';
import {
  type GeoJSONSource,
  LngLatBounds,
  type MapGeoJSONFeature,
  Map as MapLibre,
  type MapMouseEvent,
  setWorkerUrl,
} from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { useEffect, useRef, useState } from 'react';
import type { MapSource } from '../../../../shared/api/map';
import { useI18n } from '../../i18n/context';
import type { Lang } from '../../i18n/lang';
import {
  basemapStyle,
  loadOfflineBasemap,
  MAP_FONT_FAMILY,
  NO_BASEMAP,
  type OfflineBasemap,
  TILE_SOURCE_ID,
  type TileSettings,
} from './basemap';
import { STATION_LAYER_IDS, stationLayers, stationSource } from './layers';
import type { StationCollection } from './model';
import { tileUrl } from './tileUrl';

// Bundled beside the page, so the worker loads from the desk itself (file:// or the bridge), never a CDN.
setWorkerUrl(workerUrl);

export type BasemapState = 'loading' | 'offline' | 'tiles' | 'fallback' | 'missing';

/** What is on screen right now, for the list beside the map and for anyone who cannot see the canvas. */
export type RenderedMark = {
  kind: 'cluster' | 'station';
  /** Station id, or `cluster:<id>`. */
  id: string;
  severity: number;
  tier: number;
  count: number;
  x: number;
  y: number;
};

export type MapHandle = {
  map: MapLibre;
  /** Stations under a cluster, for the list of stations at one spot. */
  clusterStations(clusterId: number): Promise<string[]>;
};

type Props = {
  stations: StationCollection;
  /** What the engine says to draw under the stations; undefined until it answered. */
  mapSource: MapSource | undefined;
  selectedId: string | null;
  /** A read-only map (the wallboard) takes no clicks and no keys. */
  interactive: boolean;
  onReady?(handle: MapHandle): void;
  onPick?(stationIds: string[]): void;
  onHover?(stationId: string | null): void;
  onRendered?(marks: RenderedMark[]): void;
};

const CLICKABLE = [STATION_LAYER_IDS.station, STATION_LAYER_IDS.cluster];

function settingsFrom(source: MapSource | undefined): TileSettings | null {
  return source?.kind === 'tiles' ? { url: tileUrl(window), source } : null;
}

function boundsOf(stations: StationCollection): LngLatBounds | null {
  if (stations.features.length === 0) return null;
  const bounds = new LngLatBounds();
  for (const f of stations.features) bounds.extend(f.geometry.coordinates);
  return bounds;
}

function rendered(map: MapLibre): RenderedMark[] {
  const seen = new Set<string>();
  const marks: RenderedMark[] = [];
  for (const f of map.queryRenderedFeatures({ layers: CLICKABLE })) {
    const p = f.properties;
    const cluster = p.cluster === true;
    const id = cluster ? `cluster:${p.cluster_id}` : String(p.id);
    if (seen.has(id) || f.geometry.type !== 'Point') continue;
    seen.add(id);
    const at = map.project(f.geometry.coordinates as [number, number]);
    marks.push({
      kind: cluster ? 'cluster' : 'station',
      id,
      severity: Number(p.severity),
      tier: Number(p.tier),
      count: cluster ? Number(p.point_count) : 1,
      x: Math.round(at.x),
      y: Math.round(at.y),
    });
  }
  return marks.sort((a, b) => b.severity - a.severity || a.id.localeCompare(b.id));
}

/**
 * The map canvas: basemap, station clusters, selection. Stations are one
 * GeoJSON source drawn by circle and symbol layers (no DOM markers), so
 * thousands of them cost the GPU, not React.
 */
export function StationMap({
  stations,
  mapSource,
  selectedId,
  interactive,
  onReady,
  onPick,
  onHover,
  onRendered,
}: Props) {
  const { lang, t } = useI18n();
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibre | null>(null);
  const [basemap, setBasemap] = useState<OfflineBasemap | null>(null);
  const [state, setState] = useState<BasemapState>('loading');
  const [loaded, setLoaded] = useState(false);
  const stationsRef = useRef(stations);
  stationsRef.current = stations;
  const callbacks = useRef({ onReady, onPick, onHover, onRendered });
  callbacks.current = { onReady, onPick, onHover, onRendered };
  const langRef = useRef<Lang>(lang);
  langRef.current = lang;
  const tiles = settingsFrom(mapSource);
  const tilesKey = tiles ? JSON.stringify(tiles) : '';
  // A configured source the engine cannot use: the offline basemap, with the note, from the start.
  const broken = mapSource?.kind === 'broken' ? mapSource.error : null;
  const fileSource =
    mapSource?.kind === 'broken' || (mapSource?.kind === 'tiles' && mapSource.origin === 'file');

  useEffect(() => {
    let alive = true;
    loadOfflineBasemap().then(
      (data) => alive && setBasemap(data),
      (error: unknown) => {
        // Never a blank map: the stations are drawn on the plain background, and the note says why.
        console.error(`offline basemap: ${error instanceof Error ? error.message : String(error)}`);
        if (alive) setBasemap(NO_BASEMAP);
      },
    );
    return () => {
      alive = false;
    };
  }, []);

  // The map is rebuilt only when the basemap or tile source changes; stations and language reach the live map below.
  useEffect(() => {
    const element = container.current;
    if (!basemap || !element) return;
    const settings: TileSettings | null = tilesKey ? JSON.parse(tilesKey) : null;
    const map = new MapLibre({
      container: element,
      style: basemapStyle(basemap, langRef.current, settings),
      bounds: boundsOf(stationsRef.current) ?? [
        [73, 18],
        [135, 54],
      ],
      fitBoundsOptions: { padding: 80, maxZoom: 11 },
      maxZoom: 18,
      interactive,
      attributionControl: settings ? { compact: true } : false,
      localIdeographFontFamily: MAP_FONT_FAMILY,
      // Canvas pixels of a TV at 3 m matter more than a few frames.
      pixelRatio: Math.min(window.devicePixelRatio, 2),
    });
    mapRef.current = map;
    setState(
      basemap === NO_BASEMAP ? 'missing' : settings ? 'tiles' : broken !== null ? 'fallback' : 'offline',
    );
    let fellBack = false;
    map.on('error', (event) => {
      const sourceId = (event as { sourceId?: string }).sourceId;
      if (sourceId !== TILE_SOURCE_ID || fellBack) return;
      // One failed tile is enough: a half-drawn basemap misleads more than the plain offline one.
      fellBack = true;
      for (const layer of map.getStyle().layers)
        if ('source' in layer && layer.source === TILE_SOURCE_ID) map.removeLayer(layer.id);
      if (map.getSource(TILE_SOURCE_ID)) map.removeSource(TILE_SOURCE_ID);
      setState('fallback');
    });
    map.on('load', () => {
      map.addSource('stations', stationSource(stationsRef.current));
      for (const layer of stationLayers(langRef.current === 'en' ? 'nameEn' : 'name')) map.addLayer(layer);
      setLoaded(true);
      callbacks.current.onReady?.({
        map,
        clusterStations: async (clusterId) => {
          const source = map.getSource<GeoJSONSource>('stations');
          if (!source) return [];
          const leaves = await source.getClusterLeaves(clusterId, Number.POSITIVE_INFINITY, 0);
          return leaves.map((leaf) => String(leaf.properties?.id));
        },
      });
    });
    map.on('idle', () => {
      // The zoom as a plain attribute: keyboard zoom can be checked without reaching into the canvas.
      if (element.parentElement) element.parentElement.dataset.zoom = map.getZoom().toFixed(2);
      callbacks.current.onRendered?.(rendered(map));
    });
    const pick = async (event: MapMouseEvent & { features?: MapGeoJSONFeature[] }) => {
      const features = map.queryRenderedFeatures(event.point, { layers: CLICKABLE });
      const cluster = features.find((f) => f.properties.cluster === true);
      if (cluster) {
        const source = map.getSource<GeoJSONSource>('stations');
        const clusterId = Number(cluster.properties.cluster_id);
        if (!source) return;
        const zoom = await source.getClusterExpansionZoom(clusterId);
        if (zoom <= map.getMaxZoom() && zoom > map.getZoom() + 0.01) {
          map.easeTo({ center: event.lngLat, zoom });
          return;
        }
        // Stations at one spot never split apart: offer them as a list instead.
        const leaves = await source.getClusterLeaves(clusterId, Number.POSITIVE_INFINITY, 0);
        callbacks.current.onPick?.(leaves.map((leaf) => String(leaf.properties?.id)));
        return;
      }
      const ids = [...new Set(features.map((f) => String(f.properties.id)))];
      if (ids.length > 0) callbacks.current.onPick?.(ids);
    };
    if (interactive) {
      map.on('click', (event) => void pick(event));
      map.on('mousemove', STATION_LAYER_IDS.station, (event) => {
        map.getCanvas().style.cursor = 'pointer';
        const id = event.features?.[0]?.properties.id;
        callbacks.current.onHover?.(id === undefined ? null : String(id));
      });
      map.on('mouseleave', STATION_LAYER_IDS.station, () => {
        map.getCanvas().style.cursor = '';
        callbacks.current.onHover?.(null);
      });
      map.on('mouseenter', STATION_LAYER_IDS.cluster, () => {
        map.getCanvas().style.cursor = 'pointer';
      });
      map.on('mouseleave', STATION_LAYER_IDS.cluster, () => {
        map.getCanvas().style.cursor = '';
      });
    }
    return () => {
      mapRef.current = null;
      setLoaded(false);
      map.remove();
    };
  }, [basemap, tilesKey, broken, interactive]);

  useEffect(() => {
    if (!loaded) return;
    mapRef.current?.getSource<GeoJSONSource>('stations')?.setData(stations as never);
  }, [stations, loaded]);

  useEffect(() => {
    const map = mapRef.current;
    if (!loaded || !map) return;
    const field = lang === 'en' ? 'nameEn' : 'name';
    map.setLayoutProperty(STATION_LAYER_IDS.label, 'text-field', ['get', field]);
    map.setLayoutProperty('basemap-places', 'text-field', ['get', field]);
  }, [lang, loaded]);

  useEffect(() => {
    const map = mapRef.current;
    if (!loaded || !map || selectedId === null) return;
    const feature = stations.features.find((f) => f.properties.id === selectedId);
    if (!feature) return;
    map.setFeatureState({ source: 'stations', id: feature.id }, { selected: true });
    return () => {
      if (map.getSource('stations'))
        map.setFeatureState({ source: 'stations', id: feature.id }, { selected: false });
    };
  }, [selectedId, stations, loaded]);

  return (
    <div className="station-map" data-basemap={state} data-ready={loaded ? 'true' : 'false'}>
      <div ref={container} className="station-map__canvas" />
      {state === 'fallback' && (
        <p className="station-map__note" role="status" data-testid="map-fallback" title={broken ?? undefined}>
          {t(fileSource ? 'map.fallbackFile' : 'map.fallback')}
        </p>
      )}
      {state === 'missing' && (
        <p className="station-map__note" role="status" data-testid="map-missing">
          {t('map.missing')}
        </p>
      )}
    </div>
  );
}
