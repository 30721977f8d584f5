// Builds the offline basemap in resources/basemap/ from Natural Earth 1:50m
// (public domain), as redistributed by the world-atlas package as TopoJSON.
// The output is committed, so the desk needs neither this script nor the
// network to draw a map: `node scripts/build-basemap.mjs` after upgrading world-atlas.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { feature, mesh } from 'topojson-client';

const require = createRequire(import.meta.url);
const atlas = (name) => JSON.parse(readFileSync(require.resolve(`world-atlas/${name}`), 'utf8'));
const out = join(import.meta.dirname, '../resources/basemap');

// 1:50m has about 1 km of detail; four decimals (11 m) keep every vertex and halve the file.
const round = (value) => Math.round(value * 1e4) / 1e4;
function rounded(coordinates) {
  return typeof coordinates[0] === 'number' ? coordinates.map(round) : coordinates.map(rounded);
}
function compact(geojson) {
  const strip = (f) => ({
    type: 'Feature',
    properties: f.properties ?? {},
    geometry: { type: f.geometry.type, coordinates: rounded(f.geometry.coordinates) },
  });
  if (geojson.type === 'FeatureCollection')
    return { type: 'FeatureCollection', features: geojson.features.map(strip) };
  return {
    type: 'FeatureCollection',
    features: [strip({ type: 'Feature', properties: {}, geometry: geojson })],
  };
}

function write(name, geojson) {
  const text = JSON.stringify(compact(geojson));
  writeFileSync(join(out, name), text);
  process.stdout.write(`${name}: ${(text.length / 1024).toFixed(0)} KiB\n`);
}

const land = atlas('land-50m.json');
write('land.geojson', feature(land, land.objects.land));

const countries = atlas('countries-50m.json');
// Shared edges only: the coastline comes from the land outline, so it is not drawn twice.
write(
  'borders.geojson',
  mesh(countries, countries.objects.countries, (a, b) => a !== b),
);
