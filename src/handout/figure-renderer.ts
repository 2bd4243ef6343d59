/**
 * Draw dlab figures as PNG the way JupyterLab shows them: the extension's own pure builder
 * (`extension/src/figure.ts`, `figureToPlotly`) bundled with plotly.js by esbuild into a page in
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

/** Size of a drawn figure in CSS pixels; drawn at 2× for print. */
export const FIGURE_SIZE = { width: 720, height: 440, scale: 2 };

/** Draws payloads (objects or JSON text) to PNG bytes. */
export interface FigureRenderer {
  render(payload: unknown): Promise<Buffer>;
  close(): Promise<void>;
}

// The page's only script: payload → plotly spec (the extension's code) → PNG data URL.
const ENTRY = `
import Plotly from "plotly.js-dist-min";
import { figureToPlotly } from "./extension/src/figure";
window.dlabRenderFigure = async (payload, size) => {
  const spec = figureToPlotly(payload);
  const div = document.createElement("div");
  document.body.appendChild(div);
  const layout = { ...spec.layout, width: size.width, height: size.height };
  await Plotly.newPlot(div, spec.data, layout, { ...spec.config, staticPlot: true });
  const url = await Plotly.toImage(div, { format: "png", width: size.width, height: size.height, scale: size.scale });
  Plotly.purge(div);
  div.remove();
  return url;
};
`;

let bundled: string | undefined;

/** The page script, bundled once per process. */
export async function figureBundle(): Promise<string> {
  const root = repoRoot();
  if (!fs.existsSync(path.join(root, "extension", "src", "figure.ts"))) {
    throw new Error(
      "extension/src/figure.ts (the extension's figure builder) is missing, so figures without a stored image/png cannot be drawn",
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

/** Open a page that draws figures; it has no network and sees only the payload it is given. */
export async function openFigureRenderer(browser: LazyBrowser): Promise<FigureRenderer> {
  const script = await figureBundle();
  const context = await (await browser.get()).newContext({ offline: true });
  await context.route("**/*", (route) =>
    route.request().url().startsWith("data:") ? route.continue() : route.abort(),
  );
  const page = await context.newPage();
  await page.setContent("<!DOCTYPE html><html><body></body></html>");
  await page.addScriptTag({ content: script });
  return {
    async render(payload: unknown): Promise<Buffer> {
      const url = await page.evaluate(
        ([p, size]) =>
          (
            window as unknown as { dlabRenderFigure(p: unknown, s: unknown): Promise<string> }
          ).dlabRenderFigure(p, size),
        [payload, FIGURE_SIZE] as const,
      );
      const prefix = "data:image/png;base64,";
      if (!url.startsWith(prefix)) throw new Error("plotly did not return a PNG");
      return Buffer.from(url.slice(prefix.length), "base64");
    },
    close: () => context.close(),
  };
}
