// Draws media/icon.png (128×128, the marketplace icon): a check mark over two waves in a rounded
// square. A tiny PNG encoder on node:zlib, so no image tooling is needed; media/logo.svg is the
// same drawing as a vector for the panel. Usage: node scripts/make-icon.mjs
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const SAMPLES = 4; // per axis: 16 samples per pixel for smooth edges

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

function encodePng(width, height, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  const rows = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    rows[y * (width * 4 + 1)] = 0; // filter: none
    rgba.copy(rows, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// Shapes as signed distances (negative inside), in 128-unit icon space.
function roundedSquare(x, y, inset, radius) {
  const half = SIZE / 2 - inset;
  const qx = Math.abs(x - SIZE / 2) - (half - radius);
  const qy = Math.abs(y - SIZE / 2) - (half - radius);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
}

function segment(x, y, [ax, ay], [bx, by]) {
  const t = Math.max(0, Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
  return Math.hypot(x - (ax + t * (bx - ax)), y - (ay + t * (by - ay)));
}

function polyline(x, y, points, width) {
  let best = Infinity;
  for (let i = 1; i < points.length; i++) best = Math.min(best, segment(x, y, points[i - 1], points[i]));
  return best - width / 2;
}

export const CHECK = [
  [36, 58],
  [55, 77],
  [93, 37],
];
export function wave(baseline, from = 26, to = 102) {
  const points = [];
  for (let x = from; x <= to; x += 2) points.push([x, baseline + 4 * Math.sin(((x - from) / 19) * Math.PI)]);
  return points;
}
const WAVES = [wave(92), wave(106, 34, 94)];

const mix = (a, b, t) => a + (b - a) * t;
function over(dst, [r, g, b], alpha) {
  return [mix(dst[0], r, alpha), mix(dst[1], g, alpha), mix(dst[2], b, alpha), dst[3] + (1 - dst[3]) * alpha];
}

function shade(x, y) {
  let color = [0, 0, 0, 0];
  if (roundedSquare(x, y, 4, 26) <= 0) {
    const t = y / SIZE; // deep sea gradient, lighter at the top
    color = [mix(20, 8, t), mix(98, 52, t), mix(140, 84, t), 1];
  } else return color;
  if (polyline(x, y, WAVES[0], 6) <= 0) color = over(color, [127, 214, 240], 1);
  if (polyline(x, y, WAVES[1], 6) <= 0) color = over(color, [127, 214, 240], 0.6);
  if (polyline(x, y, CHECK, 13) <= 0) color = over(color, [255, 255, 255], 1);
  return color;
}

function draw() {
  const rgba = Buffer.alloc(SIZE * SIZE * 4);
  for (let py = 0; py < SIZE; py++) {
    for (let px = 0; px < SIZE; px++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const [r, g, b, a] = shade(px + (sx + 0.5) / SAMPLES, py + (sy + 0.5) / SAMPLES);
          sum[0] += r * a;
          sum[1] += g * a;
          sum[2] += b * a;
          sum[3] += a;
        }
      }
      const offset = (py * SIZE + px) * 4;
      const alpha = sum[3] / SAMPLES ** 2;
      for (let c = 0; c < 3; c++) rgba[offset + c] = sum[3] > 0 ? Math.round(sum[c] / sum[3]) : 0;
      rgba[offset + 3] = Math.round(alpha * 255);
    }
  }
  return rgba;
}

function svg() {
  const points = (list) => list.map(([x, y]) => `${x},${Math.round(y * 10) / 10}`).join(' ');
  const line = (list, width, color, opacity = 1) =>
    `<polyline points="${points(list)}" fill="none" stroke="${color}" stroke-width="${width}" stroke-linecap="round" stroke-linejoin="round"${opacity < 1 ? ` stroke-opacity="${opacity}"` : ''}/>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${SIZE} ${SIZE}" width="${SIZE}" height="${SIZE}">
<defs><linearGradient id="sea" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#14628c"/><stop offset="1" stop-color="#083454"/></linearGradient></defs>
<rect x="4" y="4" width="120" height="120" rx="26" fill="url(#sea)"/>
${line(WAVES[0], 6, '#7fd6f0')}
${line(WAVES[1], 6, '#7fd6f0', 0.6)}
${line(CHECK, 13, '#ffffff')}
</svg>
`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  writeFileSync(path.join(root, 'media', 'icon.png'), encodePng(SIZE, SIZE, draw()));
  writeFileSync(path.join(root, 'media', 'logo.svg'), svg());
  console.error('shipshape: wrote media/icon.png and media/logo.svg');
}
