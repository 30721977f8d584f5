// Builds the offline basemap in resources/basemap/ from Natural Earth (public
// domain), as redistributed by the world-atlas package as TopoJSON. The
// output is committed, so the desk needs neither this script nor the network
// to draw a map: `node scripts/build-basemap.mjs` after upgrading world-atlas.
//
// Detail goes where the operator looks: 1:10m around the fleet, 1:50m over
// East Asia, 1:110m for the rest of the world. Each resolution is clipped to
// its own area (polygon-clipping, a dev dependency), so they meet edge to edge
// and nothing is drawn twice. The coast is its own line layer: the land's
// clipped outline would also draw the areas' edges across the land.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import polygonClipping from 'polygon-clipping';
import { feature, mesh } from 'topojson-client';

const { intersection } = polygonClipping;

const require = createRequire(import.meta.url);
const atlas = (name) => JSON.parse(readFileSync(require.resolve(`world-atlas/${name}`), 'utf8'));
const out = join(import.meta.dirname, '../resources/basemap');

/** West, south, east, north. The fleet of the seeds is in Zhejiang; this covers the Yangtze delta to Fujian. */
const FLEET = [116, 25.5, 124.5, 34];
/** China and its neighbours: the area a duty desk in China pans over. */
const EAST_ASIA = [73, 15, 136, 54];
const WORLD = [-180, -90, 180, 90];

/** The parts of `outer` outside `inner` (which lies within it), as up to four boxes. */
function around(outer, inner) {
  const [w, s, e, n] = outer;
  const [iw, is, ie, inn] = inner;
  return [
    [w, s, iw, n],
    [ie, s, e, n],
    [iw, s, ie, is],
    [iw, inn, ie, n],
  ].filter(([a, b, c, d]) => a < c && b < d);
}

const LEVELS = [
  // resolution, boxes it covers, decimals kept (about a tenth of its detail)
  { res: '10m', boxes: [FLEET], decimals: 4 },
  { res: '50m', boxes: around(EAST_ASIA, FLEET), decimals: 3 },
  { res: '110m', boxes: around(WORLD, EAST_ASIA), decimals: 2 },
];

/** Polygons cut to a box by a real boolean intersection, so an area cut in two stays two areas. */
function clipPolygons(multi, [w, s, e, n]) {
  const box = [
    [
      [w, s],
      [e, s],
      [e, n],
      [w, n],
      [w, s],
    ],
  ];
  const touching = multi.filter(([outer]) => {
    const [x0, y0, x1, y1] = outer.reduce(
      ([a, b, c, d], [x, y]) => [Math.min(a, x), Math.min(b, y), Math.max(c, x), Math.max(d, y)],
      [Infinity, Infinity, -Infinity, -Infinity],
    );
    return x0 <= e && x1 >= w && y0 <= n && y1 >= s;
  });
  return touching.length > 0 ? intersection(touching, box) : [];
}

/** Liang–Barsky per segment; consecutive inside pieces stay one line. */
function clipLines(lines, box) {
  const [w, s, e, n] = box;
  const result = [];
  for (const line of lines) {
    let current = null;
    for (let i = 0; i + 1 < line.length; i++) {
      const [x0, y0] = line[i];
      const [x1, y1] = line[i + 1];
      const dx = x1 - x0;
      const dy = y1 - y0;
      let t0 = 0;
      let t1 = 1;
      let visible = true;
      for (const [p, q] of [
        [-dx, x0 - w],
        [dx, e - x0],
        [-dy, y0 - s],
        [dy, n - y0],
      ]) {
        if (p === 0) {
          if (q < 0) visible = false;
        } else {
          const t = q / p;
          if (p < 0) t0 = Math.max(t0, t);
          else t1 = Math.min(t1, t);
        }
      }
      if (!visible || t0 > t1) {
        current = null;
        continue;
      }
      const a = [x0 + t0 * dx, y0 + t0 * dy];
      const b = [x0 + t1 * dx, y0 + t1 * dy];
      if (!current || t0 > 0) {
        current = [a];
        result.push(current);
      }
      current.push(b);
      if (t1 < 1) current = null;
    }
  }
  return result;
}

/** Rounded, with the points that rounding made equal taken out. */
function roundLine(line, decimals) {
  const f = 10 ** decimals;
  const rounded = [];
  for (const [x, y] of line) {
    const p = [Math.round(x * f) / f, Math.round(y * f) / f];
    const last = rounded[rounded.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) rounded.push(p);
  }
  return rounded;
}

const polygonsOf = (geometry) =>
  geometry.type === 'Polygon'
    ? [geometry.coordinates]
    : geometry.type === 'MultiPolygon'
      ? geometry.coordinates
      : [];
const linesOf = (geometry) =>
  geometry.type === 'LineString'
    ? [geometry.coordinates]
    : geometry.type === 'MultiLineString'
      ? geometry.coordinates
      : [];

function landAt({ res, boxes, decimals }) {
  const topology = atlas(`land-${res}.json`);
  const land = feature(topology, topology.objects.land);
  const polygons = land.features.flatMap((f) => polygonsOf(f.geometry));
  return boxes.flatMap((box) =>
    clipPolygons(polygons, box)
      .map((polygon) => polygon.map((ring) => roundLine(ring, decimals)).filter((ring) => ring.length >= 4))
      .filter((polygon) => polygon.length > 0),
  );
}

/**
 * A mesh has arcs along the antimeridian cut and steps across it; drawn,
 * they are lines straight across the map. Lines are split there, and
 * pieces along ±180° dropped.
 */
function withoutWrap(lines) {
  const pieces = [];
  for (const line of lines) {
    let current = [line[0]];
    for (let i = 1; i < line.length; i++) {
      const [x0] = line[i - 1];
      const [x1] = line[i];
      if (Math.abs(x1 - x0) > 180 || (Math.abs(x0) === 180 && x0 === x1)) {
        pieces.push(current);
        current = [line[i]];
      } else current.push(line[i]);
    }
    pieces.push(current);
  }
  return pieces.filter((piece) => piece.length >= 2);
}

function linesAt({ res, boxes, decimals }, build) {
  const lines = withoutWrap(linesOf(build(res)));
  return boxes.flatMap((box) =>
    clipLines(lines, box)
      .map((line) => roundLine(line, decimals))
      .filter((line) => line.length >= 2),
  );
}

const coastOf = (res) => {
  const topology = atlas(`land-${res}.json`);
  return mesh(topology, topology.objects.land);
};
// Shared edges only: the coast is drawn from the land's own mesh.
const bordersOf = (res) => {
  const topology = atlas(`countries-${res === '10m' ? '50m' : res}.json`);
  return mesh(topology, topology.objects.countries, (a, b) => a !== b);
};

function write(name, geometry) {
  const text = JSON.stringify({
    type: 'FeatureCollection',
    features: [{ type: 'Feature', properties: {}, geometry }],
  });
  writeFileSync(join(out, name), text);
  process.stdout.write(`${name}: ${(text.length / 1024).toFixed(0)} KiB\n`);
}

write('land.geojson', { type: 'MultiPolygon', coordinates: LEVELS.flatMap(landAt) });
write('coast.geojson', {
  type: 'MultiLineString',
  coordinates: LEVELS.flatMap((level) => linesAt(level, coastOf)),
});
write('borders.geojson', {
  type: 'MultiLineString',
  coordinates: LEVELS.flatMap((level) => linesAt(level, bordersOf)),
});
