// The image-grid kind: grayscale images (MNIST digits, learned filters) tiled into one heatmap,
// with a caption under each tile.
import { fail, need } from "../validate-fields";
import { LIMITS } from "../limits";
import { plainText } from "../sanitize";
import type { KindResult } from "../plotly-helpers";
import type { FigureTheme } from "../figure-theme";
import type { ImageGridFigure } from "dlab/dist/payload";

/** An integer from `lo` up (to `hi` if given). */
function isIntIn(v: unknown, lo: number, hi = Infinity): boolean {
  return typeof v === "number" && Number.isInteger(v) && v >= lo && v <= hi;
}

/**
 * Checks an image-grid payload: the tile size, width × height pixels per image, the captions and
 * the optional column count.
 * @example
 * validate({ kind: "image-grid", width: 1, height: 1, images: [{ pixels: [1] }] });
 */
export function validate(o: Record<string, unknown>): void {
  for (const f of ["width", "height"]) {
    if (!isIntIn(o[f], 1, 1024)) fail(f, "an integer from 1 to 1024", o[f]);
  }
  const size = (o.width as number) * (o.height as number);
  let captions = 0;
  const images = need.capped(o.images, "images", LIMITS.images, "images");
  images.forEach((im, i) => {
    const r = need.obj(im, `images[${i}]`);
    need.nums(r.pixels, `images[${i}].pixels`);
    if ((r.pixels as unknown[]).length !== size) {
      fail(`images[${i}].pixels`, `width × height = ${size} values`, r.pixels);
    }
    need.str(r.caption, `images[${i}].caption`, true);
    if (r.caption && ++captions > LIMITS.annotations)
      fail(`images[${i}].caption`, `at most ${LIMITS.annotations} captions`, r.caption);
  });
  if (o.columns !== undefined && !isIntIn(o.columns, 1)) fail("columns", "a positive integer", o.columns);
  // the tiles are laid into one picture, one pixel apart: its size is what plotly draws
  const { W, H } = tiling(
    images.length,
    o.width as number,
    o.height as number,
    o.columns as number | undefined,
    captions > 0,
  );
  if (W * H > LIMITS.tiledPixels)
    fail("images", `at most ${LIMITS.tiledPixels} pixels once tiled (fewer or smaller images)`, images);
}

/**
 * Columns, rows and the tiled picture's size for `n` images of width × height, one pixel apart side
 * by side; with captions, rows are a quarter of a tile apart, so a caption stays clear of the next row.
 */
function tiling(n: number, width: number, height: number, columns = 10, captions = false) {
  const cols = Math.min(columns, Math.max(n, 1));
  const rows = Math.ceil(n / cols);
  const rowGap = captions ? Math.max(1, Math.ceil(height / 4)) : 1;
  return { cols, rowGap, W: cols * (width + 1) - 1, H: rows * (height + rowGap) - rowGap };
}

/** Lays the images out row by row in one matrix, one empty (null) pixel between tiles. */
function tileImages(p: ImageGridFigure) {
  const gap = 1;
  const captioned = p.images.some((im) => im.caption);
  const { cols, rowGap, W, H } = tiling(p.images.length, p.width, p.height, p.columns, captioned);
  const z: Array<Array<number | null>> = Array.from({ length: Math.max(H, 0) }, () =>
    new Array(W).fill(null),
  );
  const annotations: Array<Record<string, unknown>> = [];
  p.images.forEach((im, k) => {
    const r0 = Math.floor(k / cols) * (p.height + rowGap);
    const c0 = (k % cols) * (p.width + gap);
    for (let i = 0; i < p.height; i++) {
      for (let j = 0; j < p.width; j++) z[r0 + i][c0 + j] = im.pixels[i * p.width + j];
    }
    if (!im.caption) return;
    const caption = {
      x: c0 + (p.width - 1) / 2,
      y: r0 + p.height - 0.5,
      yanchor: "top",
      text: plainText(im.caption),
    };
    annotations.push({ ...caption, showarrow: false, font: { size: 10 } });
  });
  return { z, annotations, W, H, rowGap };
}

/**
 * Grayscale images tiled into one heatmap (gaps between tiles), captions under each tile.
 * @example
 * traces({ kind: "image-grid", width: 1, height: 1, images: [{ pixels: [1] }] }, LIGHT_THEME);
 */
export function traces(p: ImageGridFigure, theme: FigureTheme): KindResult {
  const { z, annotations, W, H, rowGap } = tileImages(p);
  const hidden = { showgrid: false, zeroline: false, showline: false, showticklabels: false, ticks: "" };
  return {
    data: [
      {
        type: "heatmap",
        z,
        zmin: 0,
        zmax: 1,
        colorscale: "Greys",
        reversescale: !theme.dark,
        showscale: false,
        hoverinfo: "skip",
      },
    ],
    layout: {
      xaxis: { ...hidden, range: [-0.5, W - 0.5], constrain: "domain" },
      yaxis: {
        ...hidden,
        // room for the last row's captions below it, as between the rows
        range: [H - 0.5 + (annotations.length ? Math.max(3, rowGap) : 0), -0.5],
        scaleanchor: "x",
        constrain: "domain",
      },
      annotations,
    },
  };
}
