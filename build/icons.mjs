#!/usr/bin/env node
// The RunLens icon: a falling loss curve on a dark tile, seen through a lens. One geometry, two outputs: icon.svg
// (the source, for anything that scales) and PNGs drawn here with signed-distance anti-aliasing and written with
// node:zlib, so no image library is needed. electron-builder makes the .icns and .ico from build/icon.png.
//
//   node build/icons.mjs          writes build/icon.svg, build/icon.png (512), build/icons/{512x512,256x256}.png
//   node build/icons.mjs --check  exits 1 when a committed file differs from what this script draws
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync, inflateSync } from 'node:zlib';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Drawn in a 512 × 512 box; every size scales it. */
const BOX = 512;
const TILE = { x: 32, y: 32, size: 448, radius: 100, top: [0x24, 0x2a, 0x3b], bottom: [0x11, 0x13, 0x18] };
const AXIS = { from: [112, 404], to: [400, 404], width: 10, color: [0x3a, 0x42, 0x56] };
const CURVE_COLOR = [0x4f, 0x8c, 0xff];
const CURVE_WIDTH = 22;
const LENS = { cx: 262, cy: 282, r: 76, width: 20, color: [0xe8, 0xec, 0xf4] };
const HANDLE = { from: [318, 338], to: [384, 404], width: 30 };

/** A training loss: fast fall, then a slow tail, with one small bump (what RunLens is for). */
function curvePoints() {
  const pts = [];
  for (let i = 0; i <= 48; i += 1) {
    const t = i / 48;
    const x = 112 + t * 288;
    const bump = 18 * Math.exp(-(((t - 0.5) / 0.045) ** 2));
    const y = 360 - 220 * Math.exp(-4.2 * t) - bump;
    pts.push([Math.round(x * 10) / 10, Math.round(y * 10) / 10]);
  }
  return pts;
}

const hex = (c) => `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;

/** The source image. */
export function iconSvg() {
  const pts = curvePoints();
  const d = pts.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${x} ${y}`).join(' ');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${BOX}" height="${BOX}" viewBox="0 0 ${BOX} ${BOX}">`,
    '  <title>RunLens</title>',
    '  <defs>',
    '    <linearGradient id="tile" x1="0" y1="0" x2="0" y2="1">',
    `      <stop offset="0" stop-color="${hex(TILE.top)}"/>`,
    `      <stop offset="1" stop-color="${hex(TILE.bottom)}"/>`,
    '    </linearGradient>',
    '  </defs>',
    `  <rect x="${TILE.x}" y="${TILE.y}" width="${TILE.size}" height="${TILE.size}" rx="${TILE.radius}" fill="url(#tile)"/>`,
    `  <line x1="${AXIS.from[0]}" y1="${AXIS.from[1]}" x2="${AXIS.to[0]}" y2="${AXIS.to[1]}" stroke="${hex(AXIS.color)}" stroke-width="${AXIS.width}" stroke-linecap="round"/>`,
    `  <path d="${d}" fill="none" stroke="${hex(CURVE_COLOR)}" stroke-width="${CURVE_WIDTH}" stroke-linecap="round" stroke-linejoin="round"/>`,
    `  <circle cx="${LENS.cx}" cy="${LENS.cy}" r="${LENS.r}" fill="none" stroke="${hex(LENS.color)}" stroke-width="${LENS.width}"/>`,
    `  <line x1="${HANDLE.from[0]}" y1="${HANDLE.from[1]}" x2="${HANDLE.to[0]}" y2="${HANDLE.to[1]}" stroke="${hex(LENS.color)}" stroke-width="${HANDLE.width}" stroke-linecap="round"/>`,
    '</svg>',
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------------------------
// Raster: each shape is a signed distance (negative inside, in 512-box units); coverage is the fraction of a pixel
// inside, which draws the same edges as the SVG at every size.

function roundedRectDistance(x, y) {
  const half = TILE.size / 2;
  const qx = Math.abs(x - (TILE.x + half)) - (half - TILE.radius);
  const qy = Math.abs(y - (TILE.y + half)) - (half - TILE.radius);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - TILE.radius;
}

function segmentDistance(x, y, [ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
}

function polylineDistance(x, y, pts) {
  let best = Infinity;
  for (let i = 1; i < pts.length; i += 1) best = Math.min(best, segmentDistance(x, y, pts[i - 1], pts[i]));
  return best;
}

/** Straight RGBA, 8 bits per channel, rows top to bottom. */
export function renderIcon(size) {
  const rgba = new Uint8Array(size * size * 4);
  const scale = BOX / size;
  const pts = curvePoints();
  const coverage = (distance) => Math.max(0, Math.min(1, 0.5 - distance / scale));
  for (let py = 0; py < size; py += 1) {
    for (let px = 0; px < size; px += 1) {
      const x = (px + 0.5) * scale;
      const y = (py + 0.5) * scale;
      const tile = coverage(roundedRectDistance(x, y));
      if (tile === 0) continue;
      const t = Math.max(0, Math.min(1, (y - TILE.y) / TILE.size));
      let c = TILE.top.map((top, i) => top + (TILE.bottom[i] - top) * t);
      const over = (color, a) => {
        if (a > 0) c = c.map((v, i) => v + (color[i] - v) * a);
      };
      over(AXIS.color, coverage(segmentDistance(x, y, AXIS.from, AXIS.to) - AXIS.width / 2));
      over(CURVE_COLOR, coverage(polylineDistance(x, y, pts) - CURVE_WIDTH / 2));
      over(LENS.color, coverage(Math.abs(Math.hypot(x - LENS.cx, y - LENS.cy) - LENS.r) - LENS.width / 2));
      over(LENS.color, coverage(segmentDistance(x, y, HANDLE.from, HANDLE.to) - HANDLE.width / 2));
      const o = (py * size + px) * 4;
      rgba[o] = Math.round(c[0]);
      rgba[o + 1] = Math.round(c[1]);
      rgba[o + 2] = Math.round(c[2]);
      rgba[o + 3] = Math.round(tile * 255);
    }
  }
  return rgba;
}

// ---------------------------------------------------------------------------------------------------------------
// PNG (RFC 2083): signature, IHDR, one IDAT (zlib), IEND; every chunk with its CRC-32.

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  Buffer.from(data).copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function encodePng(width, height, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bits per channel
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc(height * (1 + width * 4));
  for (let y = 0; y < height; y += 1) {
    raw[y * (1 + width * 4)] = 0; // filter: none
    Buffer.from(rgba.buffer, rgba.byteOffset + y * width * 4, width * 4).copy(raw, y * (1 + width * 4) + 1);
  }
  return Buffer.concat([PNG_SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

/** Width, height and RGBA of a PNG this script wrote (8-bit RGBA, filter 0 on every row); throws on anything else. */
export function decodePng(bytes) {
  const buf = Buffer.from(bytes);
  if (!buf.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error('not a PNG');
  let width = 0;
  let height = 0;
  const idat = [];
  for (let o = 8; o < buf.length; ) {
    const len = buf.readUInt32BE(o);
    const type = buf.toString('latin1', o + 4, o + 8);
    const data = buf.subarray(o + 8, o + 8 + len);
    if (crc32(buf.subarray(o + 4, o + 8 + len)) !== buf.readUInt32BE(o + 8 + len)) throw new Error(`bad CRC in ${type}`);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      if (data[8] !== 8 || data[9] !== 6 || data[12] !== 0) throw new Error('not an 8-bit RGBA, non-interlaced PNG');
    } else if (type === 'IDAT') idat.push(data);
    o += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y += 1) {
    const row = y * (1 + width * 4);
    if (raw[row] !== 0) throw new Error(`row ${y} uses PNG filter ${raw[row]}`);
    rgba.set(raw.subarray(row + 1, row + 1 + width * 4), y * width * 4);
  }
  return { width, height, rgba };
}

/** Every file this script owns, relative to build/, with its expected content. */
export function iconFiles() {
  const png512 = encodePng(512, 512, renderIcon(512));
  return [
    ['icon.svg', Buffer.from(iconSvg(), 'utf8')],
    ['icon.png', png512],
    ['icons/512x512.png', png512],
    ['icons/256x256.png', encodePng(256, 256, renderIcon(256))],
  ];
}

function sameImage(a, b) {
  try {
    const x = decodePng(a);
    const y = decodePng(b);
    return x.width === y.width && x.height === y.height && Buffer.from(x.rgba).equals(Buffer.from(y.rgba));
  } catch {
    return false;
  }
}

function main() {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const [rel, content] of iconFiles()) {
    const file = path.join(here, rel);
    if (check) {
      let current;
      try {
        current = readFileSync(file);
      } catch {
        current = null;
      }
      // PNGs are compared by pixels: another zlib may compress the same image to other bytes.
      const same = current !== null && (rel.endsWith('.png') ? sameImage(current, content) : current.equals(content));
      if (!same) {
        process.stdout.write(`build/${rel} differs from what build/icons.mjs draws\n`);
        stale += 1;
      }
    } else {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, content);
      process.stdout.write(`wrote build/${rel}\n`);
    }
  }
  process.exit(stale > 0 ? 1 : 0);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
