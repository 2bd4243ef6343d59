// Hostile figure outputs in a real JupyterLab and Chromium: an untrusted notebook (as downloaded)
// whose saved outputs carry script in every text field, javascript: links, MathJax \href, raw
// plotly hover templates and malformed payloads; then the same payloads displayed live by a
// running kernel. Every injected script would call window.__pwn(); the count must stay 0, the
// hostile text must show as text, and each malformed payload must show an error box.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  MIME,
  codeCell,
  command,
  guardedPage,
  notebook,
  openNotebook,
  screenshot,
  useLabAndBrowser,
} from "./extension-helpers";

const IMG = "<img src=x onerror=__pwn()>";
const LINK = "<a href='javascript:__pwn()'>click me</a>";
const TEX = "$\\href{javascript:__pwn()}{x}$";
const SCRIPT = "<script>__pwn()</script>";

/** Figures that are valid but carry hostile text everywhere a string can go. */
export const HOSTILE_FIGURES: unknown[] = [
  {
    kind: "history",
    title: IMG,
    status: SCRIPT,
    xLabel: LINK,
    yLabel: TEX,
    series: [{ name: IMG, metric: SCRIPT, split: "train", x: [1, 2, 3], y: [3, 2, 1] }],
    markers: [{ x: 2, label: LINK }],
  },
  {
    kind: "plotly",
    title: TEX,
    data: [
      {
        type: "scatter",
        mode: "markers+text",
        x: [1, 2, 3],
        y: [1, 3, 2],
        text: [IMG, LINK, SCRIPT],
        hovertemplate: `${LINK}%{y}${IMG}<extra>${SCRIPT}</extra>`,
        name: LINK,
      },
      { type: "scattermapbox", lat: [0], lon: [0] },
    ],
    layout: {
      annotations: [{ x: 2, y: 3, text: LINK, captureevents: true }],
      images: [{ source: "javascript:__pwn()", x: 0, y: 0, sizex: 1, sizey: 1 }],
      updatemenus: [{ buttons: [{ method: "relayout", args: [{ title: IMG }], label: IMG }] }],
      xaxis: { title: { text: IMG } },
    },
  },
  {
    kind: "decision-boundary",
    title: "classes",
    points: { x: [0, 1], y: [0, 1], label: [0, 1] },
    classes: [IMG, TEX],
    lines: [{ name: SCRIPT, x: [0, 1], y: [1, 0] }],
  },
  {
    kind: "confusion",
    title: "confusion",
    labels: [IMG, LINK],
    matrix: [
      [1, 2],
      [3, 4],
    ],
  },
  {
    kind: "image-grid",
    title: "digits",
    width: 2,
    height: 2,
    images: [{ pixels: [0, 1, 1, 0], caption: IMG }],
  },
  {
    kind: "surface",
    title: "surface",
    grid: {
      x: [0, 1],
      y: [0, 1],
      z: [
        [1, 2],
        [2, 3],
      ],
    },
    trajectories: [{ name: LINK, x: [0, 1], y: [0, 1] }],
    minima: [{ x: 0, y: 0, label: IMG }],
  },
];

/** Payloads that must show an error box (sent as JSON text or objects). */
export const BROKEN_FIGURES: unknown[] = [
  '{"kind": "scatter", "title": "<img src=x onerror=__pwn()>", ',
  '{"kind":"scatter","series":[],"__proto__":{"onerror":"__pwn()"}}',
  '{"kind":"scatter","series":[{"name":"a","x":[0],"y":[NaN]}]}',
  { kind: IMG },
  { kind: "scatter", series: [{ name: IMG, x: [1, 2], y: [1] }] },
];

const bundle = (fig: unknown) => ({ [MIME]: fig, "text/plain": "a dlab figure" });
const displayOutput = (fig: unknown) => ({ output_type: "display_data", data: bundle(fig), metadata: {} });

/** A cell that displays every payload live from the kernel. */
function liveHostileCell(): string {
  const payloads = JSON.stringify([...HOSTILE_FIGURES, ...BROKEN_FIGURES].map(bundle));
  return `import json\nfrom IPython.display import display\nfor b in json.loads(${JSON.stringify(payloads)}):\n    display(b, raw=True)\n`;
}

describe("hostile dlab figure outputs", () => {
  const env = useLabAndBrowser();

  it(
    "run no script, show hostile text as text, and show an error box for each broken payload",
    { timeout: 180_000 },
    async () => {
      const saved = [
        ...HOSTILE_FIGURES.map((f) => codeCell("pass", [displayOutput(f)])),
        ...BROKEN_FIGURES.map((f) => codeCell("pass", [displayOutput(f)])),
        codeCell("pass", [
          {
            output_type: "display_data",
            data: { "text/html": `${SCRIPT}${IMG}${LINK}`, "application/javascript": "__pwn()" },
            metadata: {},
          },
        ]),
        codeCell(liveHostileCell()),
      ];
      writeFileSync(join(env.lab.rootDir, "hostile.ipynb"), JSON.stringify(notebook(saved)));
      const { page, pwned } = await guardedPage(env.browser);
      await openNotebook(page, env.lab.labUrl("hostile.ipynb"));
      const n = HOSTILE_FIGURES.length;
      const broken = BROKEN_FIGURES.length;
      await page.waitForFunction((k) => document.querySelectorAll(".dlab-figure .main-svg").length >= k, n, {
        timeout: 60_000,
      });
      expect(await page.locator(".dlab-figure-error:visible").count()).toBe(broken);

      // Now the same payloads from a running kernel (trusted outputs of this session).
      await page.evaluate(
        (i) => ((window as any).jupyterapp.shell.currentWidget.content.activeCellIndex = i),
        saved.length - 1,
      );
      await command(page, "notebook:run-cell");
      await page.waitForFunction(
        (k) => document.querySelectorAll(".dlab-figure .main-svg").length >= 2 * k,
        n,
        { timeout: 60_000 },
      );
      await page.waitForFunction(
        (k) => document.querySelectorAll(".dlab-figure-error:not([hidden])").length >= 2 * k,
        broken,
        { timeout: 30_000 },
      );

      // Hover and click over every plot: hover templates, annotations and legends get their chance.
      const plots = page.locator(".dlab-figure .js-plotly-plot");
      for (let i = 0; i < (await plots.count()); i++) {
        const plot = plots.nth(i);
        await plot.scrollIntoViewIfNeeded();
        const box = await plot.boundingBox();
        if (!box) continue;
        for (const [fx, fy] of [
          [0.3, 0.5],
          [0.5, 0.3],
          [0.5, 0.5],
          [0.7, 0.6],
          [0.9, 0.2],
          [0.5, 0.05],
        ]) {
          await page.mouse.move(box.x + box.width * fx, box.y + box.height * fy);
          await page.waitForTimeout(30);
        }
        await page.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.05);
      }
      await page.waitForTimeout(500);
      await page.evaluate(() => document.querySelector(".dlab-figure")?.scrollIntoView());
      await screenshot(page, "extension-hostile");

      expect(await pwned()).toBe(0);
      const active = await page.evaluate(() => ({
        imgs: document.querySelectorAll(".dlab-figure img, .dlab-figure script, .dlab-figure foreignObject")
          .length,
        // plotly draws heatmaps as SVG <image> of a data: URL it makes itself; anything else came from a payload
        images: [...document.querySelectorAll(".dlab-figure image")].filter(
          (im) =>
            !(im.getAttribute("href") ?? im.getAttribute("xlink:href") ?? "").startsWith(
              "data:image/png;base64,",
            ),
        ).length,
        links: [...document.querySelectorAll(".dlab-figure a")].filter(
          (a) => a.getAttribute("href") || a.getAttribute("xlink:href"),
        ).length,
        title: document.querySelector(".dlab-figure .gtitle")?.textContent ?? "",
      }));
      expect(active).toEqual({
        imgs: 0,
        images: 0,
        links: 0,
        title: expect.stringContaining("<img src=x onerror=__pwn()>"),
      });
      await page.close();
    },
  );
});
