/**
 * Small PNGs for notebooks: RGBA pixels → at most 256 colours (median cut on 5-bit-per-channel
 * colours, exact when the picture has 256 colours or fewer) → an indexed PNG deflated at level 9.
 * Plotly's own PNG of a decision boundary (a smooth colour gradient) is ~150 KB; indexed, it is a
 * fraction of that, which keeps saved notebooks small enough for GitHub and nbviewer.
 *
 * @example
 * import { indexedPng } from "./png-palette";
 * const png = indexedPng(new Uint8Array([255, 0, 0, 255]), 1, 1); // a 1×1 red PNG
 */
import * as zlib from "node:zlib";

/** A colour histogram entry: a 15-bit colour key, how many pixels, and their channel sums. */
interface Bin {
  key: number;
  count: number;
  sum: [number, number, number];
}

/** RGB of pixel `i`, alpha composited over white (figures are drawn on white paper). */
function rgbAt(rgba: Uint8Array, i: number): [number, number, number] {
  const a = rgba[4 * i + 3] / 255;
  const over = (c: number) => Math.round(c * a + 255 * (1 - a));
  return [over(rgba[4 * i]), over(rgba[4 * i + 1]), over(rgba[4 * i + 2])];
}

const key15 = ([r, g, b]: number[]) => ((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3);
const channel = (key: number, c: number) => (key >> (10 - 5 * c)) & 31;

/** Split the bins into at most `n` boxes by median cut; each box's bins are one palette colour. */
function medianCut(bins: Bin[], n: number): Bin[][] {
  const boxes: Bin[][] = [bins];
  while (boxes.length < n) {
    // the box with the most pixels among those that can still be split
    let best = -1;
    let bestCount = 0;
    boxes.forEach((box, i) => {
      const count = box.reduce((s, b) => s + b.count, 0);
      if (box.length > 1 && count > bestCount) [best, bestCount] = [i, count];
    });
    if (best < 0) break;
    const box = boxes[best];
    const spread = [0, 1, 2].map((c) => {
      const v = box.map((b) => channel(b.key, c));
      return Math.max(...v) - Math.min(...v);
    });
    const c = spread.indexOf(Math.max(...spread));
    box.sort((a, b) => channel(a.key, c) - channel(b.key, c));
    let half = 0;
    let cut = 1;
    while (cut < box.length - 1 && (half += box[cut - 1].count) < bestCount / 2) cut++;
    boxes.splice(best, 1, box.slice(0, cut), box.slice(cut));
  }
  return boxes;
}

/** Palette (RGB triples) and one palette index per pixel. */
export function quantize(
  rgba: Uint8Array,
  pixels: number,
  maxColors = 256,
): { palette: number[][]; index: Uint8Array } {
  const exact = new Map<number, number>();
  for (let i = 0; i < pixels && exact.size <= maxColors; i++) {
    const [r, g, b] = rgbAt(rgba, i);
    if (!exact.has((r << 16) | (g << 8) | b)) exact.set((r << 16) | (g << 8) | b, exact.size);
  }
  const index = new Uint8Array(pixels);
  if (exact.size <= maxColors) {
    for (let i = 0; i < pixels; i++) {
      const [r, g, b] = rgbAt(rgba, i);
      index[i] = exact.get((r << 16) | (g << 8) | b)!;
    }
    return { palette: [...exact.keys()].map((c) => [c >> 16, (c >> 8) & 255, c & 255]), index };
  }
  const bins = new Map<number, Bin>();
  for (let i = 0; i < pixels; i++) {
    const rgb = rgbAt(rgba, i);
    const k = key15(rgb);
    const bin = bins.get(k) ?? bins.set(k, { key: k, count: 0, sum: [0, 0, 0] }).get(k)!;
    bin.count++;
    for (let c = 0; c < 3; c++) bin.sum[c] += rgb[c];
  }
  const boxes = medianCut([...bins.values()], maxColors);
  const slot = new Map<number, number>();
  const palette = boxes.map((box, p) => {
    const count = box.reduce((s, b) => s + b.count, 0);
    box.forEach((b) => slot.set(b.key, p));
    return [0, 1, 2].map((c) => Math.round(box.reduce((s, b) => s + b.sum[c], 0) / count));
  });
  for (let i = 0; i < pixels; i++) index[i] = slot.get(key15(rgbAt(rgba, i)))!;
  return { palette, index };
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** One PNG chunk: length, type, data, CRC-32 of type + data. */
function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  let crc = 0xffffffff;
  for (const byte of body) crc = CRC_TABLE[(crc ^ byte) & 255] ^ (crc >>> 8);
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE((crc ^ 0xffffffff) >>> 0, 8 + data.length);
  return out;
}

/** An 8-bit indexed PNG of `width × height` RGBA pixels (row-major, 4 bytes each). */
export function indexedPng(rgba: Uint8Array, width: number, height: number): Buffer {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1)
    throw new Error(`width, height: expected positive integers, got ${width} × ${height}`);
  if (rgba.length !== width * height * 4)
    throw new Error(
      `rgba: expected ${width * height * 4} bytes (${width} × ${height} × 4), got ${rgba.length}`,
    );
  const { palette, index } = quantize(rgba, width * height);
  const rows = Buffer.alloc((width + 1) * height); // filter byte 0 (none) before each row
  for (let y = 0; y < height; y++) rows.set(index.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 3, 0, 0, 0], 8); // bit depth 8, colour type 3 (indexed), no interlace
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk("IHDR", header),
    chunk("PLTE", Buffer.from(palette.flat())),
    chunk("IDAT", zlib.deflateSync(rows, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}
