/**
 * Draw dlab figures as PNG the way JupyterLab shows them: the extension's own pure builder
 * ({@link EXTENSION_FIGURE_ENTRY}) bundled with plotly.js by esbuild into a page in
 * headless Chromium, then `Plotly.toImage`. No second plotting library.
 *
 * @example
 * import { withBrowser } from "./browser";
 * import { openFigureRenderer } from "./figure-renderer";
 * await withBrowser(async (b) => {
 *   const r = await openFigureRenderer(b);
 *   const png = await r.render({ kind: "scatter", series: [{ name: "a", x: [0, 1], y: [1, 0] }] });
 *   await r.close();
 * });
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { LazyBrowser } from "./browser";
import { repoRoot } from "./tools";

/** Size of a drawn figure in CSS pixels, and how many image pixels per CSS pixel. */
export interface FigureSize {
  width: number;
  height: number;
  scale: number;
}

/** Longest one figure may take to draw in the page; a figure at the extension's caps takes < 2 s. */
export const FIGURE_TIMEOUT_MS = 20_000;

/** Size of a figure drawn for a handout; drawn at 2× for print. */
export const FIGURE_SIZE: FigureSize = { width: 720, height: 440, scale: 2 };

/** Draws payloads (objects or JSON text) to PNG bytes, or to raw pixels. */
export interface FigureRenderer {
  render(payload: unknown): Promise<Buffer>;
  /** The figure as RGBA pixels (4 bytes each, row-major), for re-encoding. */
  renderPixels(payload: unknown): Promise<{ width: number; height: number; rgba: Uint8Array }>;
  close(): Promise<void>;
}

type PageFunctions = {
  dlabRenderFigure(p: unknown, s: unknown): Promise<string>;
  dlabPixels(url: string): Promise<{ width: number; height: number; rgba: string }>;
};

/**
 * The extension's figure builder, bundled into the page from this checkout at run time (a path
 * from the repository root, not a package import): handouts then draw every figure with the very
 * code JupyterLab uses. This is the command's one dependency on extension/ source; the file must
 * keep exporting {@link FIGURE_BUILDER} (tests/src/handout-figure-renderer.test.ts bundles it).
 */
export const EXTENSION_FIGURE_ENTRY = "extension/src/figure.ts";
/** The function of {@link EXTENSION_FIGURE_ENTRY} the page calls: payload → plotly spec. */
export const FIGURE_BUILDER = "figureToPlotly";

// The page's only script: payload → plotly spec (the extension's code) → PNG data URL.
const ENTRY = `
import Plotly from "plotly.js-dist-min";
import { ${FIGURE_BUILDER} as toPlotly } from "./${EXTENSION_FIGURE_ENTRY}";
window.dlabRenderFigure = async (payload, size) => {
  const spec = toPlotly(payload);
  const div = document.createElement("div");
  document.body.appendChild(div);
  const layout = { ...spec.layout, width: size.width, height: size.height };
  await Plotly.newPlot(div, spec.data, layout, { ...spec.config, staticPlot: true });
  const url = await Plotly.toImage(div, { format: "png", width: size.width, height: size.height, scale: size.scale });
  Plotly.purge(div);
  div.remove();
  return url;
};
// The pixels of a PNG data URL as base64 RGBA, so Node can re-encode it small (png-palette.ts).
window.dlabPixels = async (url) => {
  const img = new Image();
  img.src = url;
  await img.decode();
  const canvas = document.createElement("canvas");
  canvas.width = img.naturalWidth;
  canvas.height = img.naturalHeight;
  const ctx = canvas.getContext("2d");
  ctx.drawImage(img, 0, 0);
  const bytes = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { width: canvas.width, height: canvas.height, rgba: btoa(bin) };
};
`;

let bundled: string | undefined;

/** The page script, bundled once per process. */
export async function figureBundle(): Promise<string> {
  const root = repoRoot();
  if (!fs.existsSync(path.join(root, EXTENSION_FIGURE_ENTRY))) {
    throw new Error(
      `${EXTENSION_FIGURE_ENTRY} (the extension's figure builder) is missing, so figures without a stored image/png cannot be drawn`,
    );
  }
  if (bundled === undefined) {
    const esbuild = await import("esbuild");
    const result = await esbuild.build({
      stdin: { contents: ENTRY, resolveDir: root, loader: "js", sourcefile: "dlab-figure-page.js" },
      bundle: true,
      write: false,
      format: "iife",
      platform: "browser",
      target: "chrome120",
      logLevel: "silent",
    });
    bundled = result.outputFiles[0].text;
  }
  return bundled;
}

/**
 * Open a page that draws figures at `size`; it has no network and sees only the payload it is
 * given, and a figure that takes longer than `timeoutMs` to draw closes it with an error.
 */
export async function openFigureRenderer(
  browser: LazyBrowser,
  size: FigureSize = FIGURE_SIZE,
  timeoutMs: number = FIGURE_TIMEOUT_MS,
): Promise<FigureRenderer> {
  const script = await figureBundle();
  const context = await (await browser.get()).newContext({ offline: true });
  await context.route("**/*", (route) =>
    route.request().url().startsWith("data:") ? route.continue() : route.abort(),
  );
  const page = await context.newPage();
  await page.setContent("<!DOCTYPE html><html><body></body></html>");
  await page.addScriptTag({ content: script });
  const drawing = (payload: unknown) =>
    page.evaluate(([p, sz]) => (window as unknown as PageFunctions).dlabRenderFigure(p, sz), [
      payload,
      size,
    ] as const);
  // A figure the page cannot finish in time ends the page (a busy page cannot be interrupted).
  const draw = async (payload: unknown): Promise<string> => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const limit = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        void context.close();
        reject(new Error(`drawing it took longer than ${timeoutMs / 1000} s`));
      }, timeoutMs);
    });
    try {
      return await Promise.race([drawing(payload), limit]);
    } finally {
      clearTimeout(timer);
    }
  };
  return {
    async render(payload: unknown): Promise<Buffer> {
      const url = await draw(payload);
      const prefix = "data:image/png;base64,";
      if (!url.startsWith(prefix)) throw new Error("plotly did not return a PNG");
      return Buffer.from(url.slice(prefix.length), "base64");
    },
    async renderPixels(payload: unknown) {
      const url = await draw(payload);
      const px = await page.evaluate((u) => (window as unknown as PageFunctions).dlabPixels(u), url);
      return { width: px.width, height: px.height, rgba: new Uint8Array(Buffer.from(px.rgba, "base64")) };
    },
    close: () => context.close(),
  };
}
