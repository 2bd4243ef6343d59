/**
 * `dlab images`: store a PNG next to every dlab figure in saved notebooks, as JupyterLab's Vega
 * renderer (and the dlab extension, once a figure is on screen) does, so that GitHub, nbviewer and
 * nbconvert show the plots without the extension. Figures are drawn by the handouts' renderer (the
 * extension's figure builder + plotly.js in headless Chromium) and stored as an indexed PNG of at
 * most 256 colours (png-palette.ts), to keep notebooks small. The notebook is rewritten in place,
 * atomically, and nothing else in it changes: numbers and strings keep their exact text.
 *
 * @example
 * import { addNotebookImages } from "./images";
 * const report = await addNotebookImages({ notebooks: ["notebooks/01-perceptron.ipynb"] });
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { FIGURE_MIME } from "../../payload";
import { withBrowser } from "./browser";
import { FigureRenderer, FigureSize, openFigureRenderer } from "./figure-renderer";
import { indexedPng } from "./png-palette";
import {
  RawObject,
  RawValue,
  isRawObject,
  parseRaw,
  rawFrom,
  rawGet,
  rawJupyterText,
  rawToValue,
} from "./raw-json";

/** Size of the PNG stored in a notebook: modest, so a saved figure stays well under ~100 KB. */
export const NOTEBOOK_FIGURE_SIZE: FigureSize = { width: 700, height: 420, scale: 1 };

/** Options of {@link addNotebookImages}. */
export interface ImagesOptions {
  /** The notebooks (.ipynb files), each rewritten in place. */
  notebooks: string[];
  /** Drawing size. Defaults to {@link NOTEBOOK_FIGURE_SIZE}. */
  size?: FigureSize;
  /** Progress lines (e.g. `console.error`). Defaults to silence. */
  log?: (line: string) => void;
}

/** What one notebook got: how many PNGs were added (0: the file was left untouched). */
export interface ImagesReport {
  notebook: string;
  added: number;
}

/** One figure output still without a PNG: the cell it is in (0-based) and its `data` object. */
export interface MissingImage {
  cell: number;
  data: RawObject;
}

/** The figure outputs of a parsed notebook that carry the dlab MIME type and no image/png. */
export function missingImages(nb: RawValue, file: string): MissingImage[] {
  const cells = rawGet(nb, "cells");
  if (!Array.isArray(cells))
    throw new Error(`notebook "${file}" has no "cells" list: expected an nbformat 4 notebook`);
  const found: MissingImage[] = [];
  cells.forEach((cell, i) => {
    const outputs = rawGet(cell, "outputs");
    for (const output of Array.isArray(outputs) ? outputs : []) {
      const data = rawGet(output, "data");
      if (
        isRawObject(data) &&
        rawGet(data, FIGURE_MIME) !== undefined &&
        rawGet(data, "image/png") === undefined
      )
        found.push({ cell: i, data });
    }
  });
  return found;
}

/** Add `image/png` to a data object: in key order when its keys are sorted (as Jupyter saves them), else after the figure. */
export function putImage(data: RawObject, base64: string): void {
  const keys = data.entries.map(([k]) => k);
  const sorted = keys.every((k, i) => i === 0 || keys[i - 1] <= k);
  const at = sorted ? keys.filter((k) => k < "image/png").length : keys.indexOf(FIGURE_MIME) + 1;
  data.entries.splice(at, 0, ["image/png", rawFrom(base64)]);
}

/** Write a file atomically: a temporary file beside it, renamed over it (keeping its mode). */
export function writeAtomic(file: string, text: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.dlab-${process.pid}.tmp`);
  try {
    fs.writeFileSync(tmp, text, { mode: fs.statSync(file).mode });
    fs.renameSync(tmp, file);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/** Draw the missing images of one parsed notebook into it; resolves to how many were added. */
async function drawInto(
  nb: RawValue,
  file: string,
  renderer: () => Promise<FigureRenderer>,
): Promise<number> {
  const missing = missingImages(nb, file);
  for (const { cell, data } of missing) {
    let png: Buffer;
    try {
      const px = await (await renderer()).renderPixels(rawToValue(rawGet(data, FIGURE_MIME)!));
      png = indexedPng(px.rgba, px.width, px.height);
    } catch (err) {
      throw new Error(`${file}: the figure in cell ${cell + 1} cannot be drawn: ${(err as Error).message}`);
    }
    putImage(data, png.toString("base64"));
  }
  return missing.length;
}

/** Give every figure output of each notebook a PNG; notebooks with none missing are not rewritten. */
export async function addNotebookImages(opts: ImagesOptions): Promise<ImagesReport[]> {
  if (opts.notebooks.length === 0) throw new Error("notebooks: expected at least one .ipynb file, got none");
  // Read and parse all of them first, so a broken file is reported before anything is drawn.
  const parsed = opts.notebooks.map((file) => {
    try {
      return { file, nb: parseRaw(fs.readFileSync(file, "utf8")) };
    } catch (err) {
      throw new Error(`notebook "${file}" cannot be read as JSON: ${(err as Error).message}`);
    }
  });
  for (const { file, nb } of parsed) missingImages(nb, file);
  return withBrowser(async (browser) => {
    let opened: Promise<FigureRenderer> | undefined;
    const renderer = () => (opened ??= openFigureRenderer(browser, opts.size ?? NOTEBOOK_FIGURE_SIZE));
    const reports: ImagesReport[] = [];
    for (const { file, nb } of parsed) {
      const added = await drawInto(nb, file, renderer);
      if (added > 0) writeAtomic(file, rawJupyterText(nb));
      opts.log?.(`${file}: ${added === 0 ? "every figure already has an image" : `${added} image(s) added`}`);
      reports.push({ notebook: file, added });
    }
    if (opened) await (await opened).close();
    return reports;
  });
}
