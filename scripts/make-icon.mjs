// Draws build/icon.png (512×512: a light lightning bolt on a dark rounded square) with zlib alone,
// since no image library is installed. Run `node scripts/make-icon.mjs` after changing the drawing.
import { mkdirSync, writeFileSync } from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';

const SIZE = 512;
/** Samples per pixel along each axis; 4×4 gives smooth edges without an anti-aliasing library. */
const SUBSAMPLES = 4;
const MARGIN = 24;
const RADIUS = 96;
const BACKGROUND = [0x1c, 0x21, 0x27];
const BOLT = [0xf5, 0xc5, 0x42];
const BOLT_OUTLINE = [
  [312, 56],
  [144, 292],
  [246, 292],
  [200, 456],
  [368, 216],
  [268, 216],
];

function insideRoundedSquare(x, y) {
  const half = (SIZE - 2 * MARGIN) / 2;
  const qx = Math.abs(x - SIZE / 2) - (half - RADIUS);
  const qy = Math.abs(y - SIZE / 2) - (half - RADIUS);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) <= RADIUS;
}

function insideBolt(x, y) {
  let inside = false;
  for (let i = 0, j = BOLT_OUTLINE.length - 1; i < BOLT_OUTLINE.length; j = i++) {
    const [xi, yi] = BOLT_OUTLINE[i];
    const [xj, yj] = BOLT_OUTLINE[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function pixel(px, py) {
  let square = 0;
  let bolt = 0;
  for (let sy = 0; sy < SUBSAMPLES; sy++) {
    for (let sx = 0; sx < SUBSAMPLES; sx++) {
      const x = px + (sx + 0.5) / SUBSAMPLES;
      const y = py + (sy + 0.5) / SUBSAMPLES;
      if (!insideRoundedSquare(x, y)) continue;
      square++;
      if (insideBolt(x, y)) bolt++;
    }
  }
  if (square === 0) return [0, 0, 0, 0];
  const t = bolt / square;
  const mix = (c) => Math.round(BACKGROUND[c] + (BOLT[c] - BACKGROUND[c]) * t);
  return [mix(0), mix(1), mix(2), Math.round((255 * square) / SUBSAMPLES ** 2)];
}

function chunk(type, data) {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const stride = 1 + SIZE * 4;
const raw = Buffer.alloc(stride * SIZE);
for (let y = 0; y < SIZE; y++) {
  // Each scanline starts with its filter type; 0 (none) keeps the encoder trivial.
  raw[y * stride] = 0;
  for (let x = 0; x < SIZE; x++) Buffer.from(pixel(x, y)).copy(raw, y * stride + 1 + x * 4);
}

const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bits per channel
header[9] = 6; // RGBA

const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);

const out = new URL('../build/icon.png', import.meta.url);
mkdirSync(new URL('.', out), { recursive: true });
writeFileSync(out, png);
console.log(`wrote ${out.pathname} (${png.length} bytes)`);
