import { Map as MapLibre, setWorkerUrl } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { basemapStyle, loadOfflineBasemap, MAP_FONT_FAMILY } from '../renderer/src/views/map/basemap';
import { stationLayers, stationSource } from '../renderer/src/views/map/layers';
import {
  MARK_STATES,
  type StationCollection,
  type StationMark,
  stationsGeoJson,
} from '../renderer/src/views/map/model';

/**
 * The desk's own basemap, layers and GeoJSON, driven by bench/map.ts in
 * headless Chromium. `withStations: false` is the baseline: the same page
 * and basemap without the station layer.
 */
setWorkerUrl(workerUrl);

export type MapBenchResult = { firstRenderMs: number; frames: number; panMs: number; fps: number };

/** A fleet around the Yangtze delta: stations scattered round a dozen cities, 1 % faulted, 2 % comms lost. */
function syntheticFleet(count: number): StationCollection {
  let seed = 7;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const cities: [number, number][] = [
    [120.58, 30.0],
    [120.16, 30.27],
    [121.55, 29.87],
    [121.47, 31.23],
    [120.76, 30.75],
    [119.65, 29.08],
    [120.7, 28.0],
    [118.8, 32.06],
    [117.23, 31.82],
    [120.59, 31.3],
    [121.42, 28.66],
    [119.92, 28.47],
  ];
  const marks: StationMark[] = Array.from({ length: count }, (_, i) => {
    const [lng, lat] = cities[i % cities.length] ?? [120, 30];
    const roll = random();
    const severity =
      roll < 0.01 ? MARK_STATES.indexOf('fault') : roll < 0.03 ? MARK_STATES.indexOf('comm-lost') : 0;
    return {
      station: {
        id: `b${i}`,
        name: `站点 ${i}`,
        nameEn: `Station ${i}`,
        address: '',
        lat: lat + (random() - 0.5) * 0.8,
        lng: lng + (random() - 0.5) * 0.8,
        group: `G${i % 20}`,
        urban: true,
      },
      severity,
      tier: severity > 0 ? 1 + Math.floor(random() * 3) : 0,
      devices: 6,
      abnormal: severity > 0 ? 1 : 0,
      openAlarms: severity > 0 ? 1 : 0,
    };
  });
  return stationsGeoJson(marks);
}

async function run(withStations: boolean, stations: number, panMs: number): Promise<MapBenchResult> {
  const basemap = await loadOfflineBasemap();
  const container = document.getElementById('map');
  if (!container) throw new Error('no #map');
  const fleet = syntheticFleet(stations);
  const started = performance.now();
  const map = new MapLibre({
    container,
    style: basemapStyle(basemap, 'en', null),
    center: [120.3, 30.2],
    zoom: 7,
    localIdeographFontFamily: MAP_FONT_FAMILY,
  });
  map.on('load', () => {
    if (!withStations) return;
    map.addSource('stations', stationSource(fleet));
    for (const layer of stationLayers('nameEn')) map.addLayer(layer);
  });
  await new Promise<void>((resolve) => map.once('idle', () => resolve()));
  const firstRenderMs = performance.now() - started;

  // Pans east and back at a steady pace, one step per animation frame, for panMs.
  let frames = 0;
  map.on('render', () => {
    frames += 1;
  });
  const panStart = performance.now();
  await new Promise<void>((resolve) => {
    const step = (now: number) => {
      const t = (now - panStart) / panMs;
      if (t >= 1) return resolve();
      map.jumpTo({
        center: [120.3 + Math.sin(t * Math.PI * 2) * 1.5, 30.2 + Math.cos(t * Math.PI * 2) * 0.5],
      });
      requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  });
  const elapsed = performance.now() - panStart;
  map.remove();
  return { firstRenderMs, frames, panMs: elapsed, fps: (frames * 1000) / elapsed };
}

(window as unknown as { runMapBench: typeof run }).runMapBench = run;
document.body.dataset.ready = 'true';
