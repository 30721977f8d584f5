import type { ExpressionSpecification, GeoJSONSourceSpecification, LayerSpecification } from 'maplibre-gl';
import { MAP_FONT_FAMILY } from './basemap';
import { CLUSTER_PROPERTIES, MARK_STATES, type MarkState, type StationCollection } from './model';

/** The wall's colours (styles/wall.css): grey for normal, colour only for what needs the operator. */
export const MARK_COLOURS: Readonly<Record<MarkState, string>> = {
  normal: '#8a9198',
  unknown: '#f2a516',
  unavailable: '#f2a516',
  'comm-lost': '#d04fe0',
  fault: '#e8372c',
};

const colourBySeverity: ExpressionSpecification = [
  'match',
  ['get', 'severity'],
  ...MARK_STATES.flatMap((state, severity) => [severity, MARK_COLOURS[state]]),
  MARK_COLOURS.unknown,
] as unknown as ExpressionSpecification;

/**
 * The open tier is the ring: none, thin (remote), thick (on-site), thick and
 * doubled by a halo (emergency). White, so it never competes with the state colour.
 */
const ringByTier: ExpressionSpecification = ['match', ['get', 'tier'], 1, 2, 2, 4, 3, 5, 0];

export const CLUSTER_MAX_ZOOM = 15;

export function stationSource(data: StationCollection): GeoJSONSourceSpecification {
  return {
    type: 'geojson',
    data: data as never,
    cluster: true,
    clusterRadius: 48,
    clusterMaxZoom: CLUSTER_MAX_ZOOM,
    clusterProperties: CLUSTER_PROPERTIES as never,
  };
}

export const STATION_LAYER_IDS = {
  clusterHalo: 'station-cluster-halo',
  cluster: 'station-cluster',
  clusterCount: 'station-cluster-count',
  halo: 'station-halo',
  station: 'station',
  label: 'station-label',
} as const;

const isCluster: ExpressionSpecification = ['has', 'point_count'];
const isStation: ExpressionSpecification = ['!', ['has', 'point_count']];
const isEmergency: ExpressionSpecification = ['==', ['get', 'tier'], 3];

export function stationLayers(labelField: 'name' | 'nameEn'): LayerSpecification[] {
  const clusterRadius: ExpressionSpecification = [
    'step',
    ['get', 'point_count'],
    20,
    10,
    26,
    100,
    32,
    1000,
    40,
  ];
  return [
    {
      id: STATION_LAYER_IDS.clusterHalo,
      type: 'circle',
      source: 'stations',
      filter: ['all', isCluster, isEmergency],
      paint: {
        'circle-radius': ['+', clusterRadius, 9],
        'circle-color': 'rgba(0,0,0,0)',
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 2,
      },
    },
    {
      id: STATION_LAYER_IDS.cluster,
      type: 'circle',
      source: 'stations',
      filter: isCluster,
      paint: {
        'circle-color': colourBySeverity,
        'circle-radius': clusterRadius,
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': ringByTier,
      },
    },
    {
      id: STATION_LAYER_IDS.clusterCount,
      type: 'symbol',
      source: 'stations',
      filter: isCluster,
      layout: {
        'text-field': ['get', 'point_count_abbreviated'],
        'text-font': [MAP_FONT_FAMILY],
        'text-size': 18,
        'text-allow-overlap': true,
      },
      paint: { 'text-color': '#101214' },
    },
    {
      id: STATION_LAYER_IDS.halo,
      type: 'circle',
      source: 'stations',
      filter: ['all', isStation, isEmergency],
      paint: {
        'circle-radius': 20,
        'circle-color': 'rgba(0,0,0,0)',
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 2,
      },
    },
    {
      id: STATION_LAYER_IDS.station,
      type: 'circle',
      source: 'stations',
      filter: isStation,
      paint: {
        'circle-color': colourBySeverity,
        'circle-radius': ['case', ['boolean', ['feature-state', 'selected'], false], 15, 11],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': ringByTier,
      },
    },
    {
      id: STATION_LAYER_IDS.label,
      type: 'symbol',
      source: 'stations',
      filter: isStation,
      minzoom: 9,
      layout: {
        'text-field': ['get', labelField],
        'text-font': [MAP_FONT_FAMILY],
        'text-size': 16,
        'text-offset': [0, 1.4],
        'text-anchor': 'top',
        'text-optional': true,
      },
      paint: { 'text-color': '#e3e6e9', 'text-halo-color': '#16191c', 'text-halo-width': 1.5 },
    },
  ];
}
