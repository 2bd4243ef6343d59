// The pieces of `dlab images`: lossless JSON (a notebook written back is byte-identical but for
// the edit), the indexed PNG encoder (decoded here independently: node:zlib inflate and crc32),
// and where image/png goes in a data bundle.
import { describe, expect, it } from "vitest";
import * as fs from "node:fs";
import * as path from "node:path";
import * as zlib from "node:zlib";
import { FIGURE_MIME } from "../../src/payload";
import { missingImages, putImage } from "../../src/cli/handout/images";
import { indexedPng } from "../../src/cli/handout/png-palette";
import {
  RawObject,
  isRawObject,
  parseRaw,
  rawGet,
  rawJupyterText,
  rawToValue,
} from "../../src/cli/handout/raw-json";

// What Python's json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n" writes (nbformat):
// floats keep ".0" and "e-05", non-ASCII stays raw, control characters are escaped.
const PYTHON_TEXT =
  '{\n "cells": [\n  {\n   "outputs": [\n    {\n     "data": {\n      "application/vnd.dlab.figure.v1+json": {\n' +
  '       "kind": "scatter",\n       "x": [\n        1.0,\n        1e-05,\n        -2.5E+20,\n        3\n       ]\n      },\n' +
  '      "text/plain": "σ \\u001b[0m \\"q\\""\n     },\n     "output_type": "display_data"\n    }\n   ]\n  }\n ],\n' +
  ' "empty": {},\n "list": [],\n "nbformat": 4\n}\n';

describe("raw JSON", () => {
  it("writes a Jupyter-saved text back byte for byte (JSON.stringify would not)", () => {
    expect(rawJupyterText(parseRaw(PYTHON_TEXT))).toBe(PYTHON_TEXT);
    expect(JSON.stringify(JSON.parse(PYTHON_TEXT), null, 1) + "\n").not.toBe(PYTHON_TEXT);
  });

  it("reads the same values as JSON.parse", () => {
    expect(rawToValue(parseRaw(PYTHON_TEXT))).toEqual(JSON.parse(PYTHON_TEXT));
    const proto = rawToValue(parseRaw('{"__proto__": {"polluted": 1}}')) as Record<string, unknown>;
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(proto)).toEqual(["__proto__"]);
  });

  it("rejects broken JSON naming the offset", () => {
    for (const bad of ["{", "[1,]", '{"a" 1}', "01", "[1] x", '{"a": tru}'])
      expect(() => parseRaw(bad), bad).toThrow(/expected .* at offset \d+/);
  });
});

describe("putImage and missingImages", () => {
  const bundle = (keys: string[]) =>
    parseRaw(JSON.stringify(Object.fromEntries(keys.map((k) => [k, "v"])))) as RawObject;

  it("puts image/png in key order when the keys are sorted, else right after the figure", () => {
    const sorted = bundle([FIGURE_MIME, "text/plain"]);
    putImage(sorted, "AAAA");
    expect(sorted.entries.map(([k]) => k)).toEqual([FIGURE_MIME, "image/png", "text/plain"]);
    const unsorted = bundle(["text/plain", FIGURE_MIME, "a/b"]);
    putImage(unsorted, "AAAA");
    expect(unsorted.entries.map(([k]) => k)).toEqual(["text/plain", FIGURE_MIME, "image/png", "a/b"]);
  });

  it("finds only figure outputs without a PNG, and names a notebook without cells", () => {
    const nb = parseRaw(
      JSON.stringify({
        cells: [
          { cell_type: "markdown", source: "x" },
          { cell_type: "code", outputs: [{ data: { [FIGURE_MIME]: {}, "image/png": "x" } }] },
          {
            cell_type: "code",
            outputs: [{ data: { "text/html": "<b>" } }, { data: { [FIGURE_MIME]: "{}" } }],
          },
        ],
      }),
    );
    const missing = missingImages(nb, "a.ipynb");
    expect(missing.map((m) => m.cell)).toEqual([2]);
    expect(isRawObject(rawGet(missing[0].data, FIGURE_MIME))).toBe(false);
    expect(() => missingImages(parseRaw("{}"), "a.ipynb")).toThrow(/"a\.ipynb" has no "cells" list/);
  });
});

/** Decode an 8-bit indexed, filter-0 PNG with node:zlib alone: [width, height, rgb bytes]. */
function decodeIndexed(png: Buffer): { width: number; height: number; rgb: number[]; colours: number } {
  expect([...png.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
  const chunks = new Map<string, Buffer[]>();
  for (let at = 8; at < png.length;) {
    const len = png.readUInt32BE(at);
    const type = png.toString("latin1", at + 4, at + 8);
    expect(zlib.crc32(png.subarray(at + 4, at + 8 + len)), `crc of ${type}`).toBe(
      png.readUInt32BE(at + 8 + len),
    );
    chunks.set(type, [...(chunks.get(type) ?? []), png.subarray(at + 8, at + 8 + len)]);
    at += 12 + len;
  }
  const ihdr = chunks.get("IHDR")![0];
  const [width, height] = [ihdr.readUInt32BE(0), ihdr.readUInt32BE(4)];
  expect([...ihdr.subarray(8)]).toEqual([8, 3, 0, 0, 0]);
  expect(chunks.has("IEND")).toBe(true);
  const plte = chunks.get("PLTE")![0];
  const rows = zlib.inflateSync(Buffer.concat(chunks.get("IDAT")!));
  expect(rows.length).toBe((width + 1) * height);
  const rgb: number[] = [];
  for (let y = 0; y < height; y++) {
    expect(rows[y * (width + 1)]).toBe(0);
    for (let x = 0; x < width; x++) {
      const i = rows[y * (width + 1) + 1 + x];
      rgb.push(plte[3 * i], plte[3 * i + 1], plte[3 * i + 2]);
    }
  }
  return { width, height, rgb, colours: plte.length / 3 };
}

describe("indexedPng", () => {
  it("is lossless for a picture of 256 colours or fewer (alpha composited over white)", () => {
    const [w, h] = [37, 11];
    const rgba = new Uint8Array(w * h * 4);
    for (let i = 0; i < w * h; i++) rgba.set([(i * 7) % 200, (i * 13) % 5, 9, i === 0 ? 0 : 255], 4 * i);
    const png = decodeIndexed(indexedPng(rgba, w, h));
    expect([png.width, png.height]).toEqual([w, h]);
    const expected: number[] = [255, 255, 255];
    for (let i = 1; i < w * h; i++) expected.push(rgba[4 * i], rgba[4 * i + 1], rgba[4 * i + 2]);
    expect(png.rgb).toEqual(expected);
  });

  it("keeps a full-colour gradient close: ≤ 256 colours, mean error under 6 levels per channel (a fixed 3-3-2-bit palette: ~11)", () => {
    const [w, h] = [300, 200];
    const rgba = new Uint8Array(w * h * 4);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++)
        rgba.set([(x * 255) / (w - 1), (y * 255) / (h - 1), ((x + y) * 255) / (w + h), 255], 4 * (y * w + x));
    const png = decodeIndexed(indexedPng(rgba, w, h));
    expect(png.colours).toBeLessThanOrEqual(256);
    let err = 0;
    for (let i = 0; i < w * h; i++)
      for (let c = 0; c < 3; c++) err += Math.abs(png.rgb[3 * i + c] - rgba[4 * i + c]);
    expect(err / (w * h * 3)).toBeLessThan(6);
  });

  it("names a bad size or pixel buffer", () => {
    expect(() => indexedPng(new Uint8Array(4), 0, 1)).toThrow(
      /width, height: expected positive integers, got 0 × 1/,
    );
    expect(() => indexedPng(new Uint8Array(5), 1, 1)).toThrow(/rgba: expected 4 bytes \(1 × 1 × 4\), got 5/);
  });
});

describe("the labs round-trip", () => {
  const labs = path.join(__dirname, "..", "..", "notebooks");
  it("every committed lab parses and writes back unchanged", () => {
    for (const f of fs.readdirSync(labs).filter((n) => n.endsWith(".ipynb"))) {
      const text = fs.readFileSync(path.join(labs, f), "utf8");
      expect(rawJupyterText(parseRaw(text)) === text, f).toBe(true);
    }
  });
});
