// Draws the ribbon / manifest icons (addin/assets/icon-<size>.png): a Fluent-blue rounded square
// with a white table grid and a check mark. Plain pixels + node:zlib, so no image tool is needed.
//   node bin/run-ts.mjs scripts/gen-icons.ts
import { deflateSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';

const BLUE = [0x0f, 0x6c, 0xbd];
const WHITE = [0xff, 0xff, 0xff];
const GREEN = [0x10, 0x7c, 0x10];

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

function icon(size: number): Buffer {
  const px = (x: number, y: number): number[] | null => {
    const u = (x + 0.5) / size;
    const v = (y + 0.5) / size;
    const r = 0.18; // corner radius (fraction)
    const cx = Math.min(Math.max(u, r), 1 - r);
    const cy = Math.min(Math.max(v, r), 1 - r);
    if ((u - cx) ** 2 + (v - cy) ** 2 > r * r) return null; // outside the rounded square
    const line = Math.max(1 / size, 0.06);
    const inTable = u > 0.2 && u < 0.8 && v > 0.22 && v < 0.78;
    if (inTable) {
      const onGrid = [0.2, 0.4, 0.8].some((g) => Math.abs(u - g) < line / 2 + 0.01) || [0.22, 0.4, 0.59, 0.78].some((g) => Math.abs(v - g) < line / 2 + 0.01);
      if (onGrid) return WHITE;
    }
    // a check mark in the lower-right: two strokes
    const d1 = Math.abs(v - (u * 1 - 0.02)) < line && u > 0.52 && u < 0.66 && v > 0.5; // down-stroke
    const d2 = Math.abs(v - (-1.3 * u + 1.48)) < line && u > 0.62 && u < 0.86 && v < 0.86;
    if (d1 || d2) return GREEN;
    return BLUE;
  };
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const c = px(x, y);
      const o = y * (size * 4 + 1) + 1 + x * 4;
      if (c) [raw[o], raw[o + 1], raw[o + 2], raw[o + 3]] = [c[0], c[1], c[2], 255];
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

for (const size of [16, 32, 64, 80]) writeFileSync(`addin/assets/icon-${size}.png`, icon(size));
console.log('wrote addin/assets/icon-{16,32,64,80}.png');
