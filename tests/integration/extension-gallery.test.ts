// Every figure kind drawn by the real extension in JupyterLab and Chromium, from a saved notebook
// (no kernel needed), in the light and the dark theme. Each figure must draw the traces its
// payload describes; screenshots of each go to test-artifacts/gallery/ to be looked at.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ARTIFACTS } from "./jupyterlab";
import {
  MIME,
  codeCell,
  command,
  guardedPage,
  notebook,
  openNotebook,
  useLabAndBrowser,
} from "./extension-helpers";

const range = (n: number, a: number, b: number) =>
  Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1));
const gx = range(40, -3, 3);
const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
const pts = range(30, 0, 29).map((i) => [Math.cos(i * 1.7) * 2, Math.sin(i * 2.3) * 2]);
const digit = (k: number) =>
  Array.from({ length: 64 }, (_, i) => (((i % 8) + Math.floor(i / 8) + k) % 5 === 0 ? 1 : 0.1));

/** One payload per kind, with the number of traces plotly must end up drawing. */
const GALLERY: Array<[unknown, number]> = [
  [
    {
      kind: "history",
      title: "history",
      series: [
        {
          name: "train loss",
          metric: "loss",
          split: "train",
          x: range(20, 1, 20),
          y: range(20, 1, 20).map((e) => 1 / e),
        },
        {
          name: "validation loss",
          metric: "loss",
          split: "validation",
          x: range(20, 1, 20),
          y: range(20, 1, 20).map((e) => 1 / e + 0.1),
        },
        {
          name: "train acc",
          metric: "acc",
          split: "train",
          x: range(20, 1, 20),
          y: range(20, 1, 20).map((e) => 1 - 0.5 / e),
        },
      ],
      markers: [{ x: 12, label: "best" }],
    },
    3,
  ],
  [
    {
      kind: "decision-boundary",
      title: "decision boundary",
      grid: { x: gx, y: gx, z: gx.map((y) => gx.map((x) => sigmoid(2 * x - y))) },
      points: {
        x: pts.map((p) => p[0]),
        y: pts.map((p) => p[1]),
        label: pts.map((p) => (2 * p[0] - p[1] > 0 ? 1 : 0)),
      },
      classes: ["blue", "orange"],
      lines: [{ name: "2x − y = 0", x: [-3, 3], y: [-6, 6] }],
      highlight: { x: [pts[0][0]], y: [pts[0][1]] },
    },
    5,
  ],
  [
    {
      kind: "surface",
      title: "surface",
      logZ: true,
      grid: { x: gx, y: gx, z: gx.map((y) => gx.map((x) => x * x + 5 * y * y + 0.01)) },
      trajectories: [
        { name: "sgd", x: [2.5, 2, 1.4, 0.9, 0.5], y: [2, -1.5, 1, -0.6, 0.3] },
        { name: "adam", x: [-2.5, -1.8, -1, -0.4], y: [2.5, 1.7, 0.9, 0.3] },
      ],
      minima: [{ x: 0, y: 0, label: "minimum" }],
    },
    5, // contour, two paths, where they stand now, minima
  ],
  [
    {
      kind: "curve-fit",
      title: "curve fit",
      points: { x: range(15, 0, 6), y: range(15, 0, 6).map((x, i) => Math.sin(x) + (i % 3) * 0.1) },
      validation: { x: [0.5, 2.5, 4.5], y: [0.5, 0.6, -1] },
      truth: { name: "sin", x: range(50, 0, 6), y: range(50, 0, 6).map(Math.sin) },
      fits: [{ name: "degree 1", x: [0, 6], y: [0.5, -0.4] }],
    },
    4,
  ],
  [
    {
      kind: "scatter",
      title: "scatter",
      series: [
        { name: "a", x: [1, 2, 3], y: [3, 1, 2] },
        { name: "b", x: [1, 2, 3], y: [1, 2, 3], mode: "lines+markers" },
      ],
    },
    2,
  ],
  [
    {
      kind: "activation",
      title: "activation",
      x: gx,
      curves: [
        { name: "sigmoid", y: gx.map(sigmoid) },
        { name: "tanh", y: gx.map(Math.tanh) },
        { name: "sigmoid'", y: gx.map((v) => sigmoid(v) * (1 - sigmoid(v))), derivative: true },
      ],
    },
    3,
  ],
  [
    {
      kind: "confusion",
      title: "confusion",
      labels: ["cat", "dog", "bird"],
      matrix: [
        [50, 3, 2],
        [4, 45, 6],
        [1, 2, 60],
      ],
    },
    1,
  ],
  [
    {
      kind: "image-grid",
      title: "image grid",
      width: 8,
      height: 8,
      columns: 5,
      images: range(7, 0, 6).map((k) => ({ pixels: digit(k), caption: `label ${k}` })),
    },
    1,
  ],
  [
    {
      kind: "plotly",
      title: "raw plotly",
      data: [{ type: "bar", x: ["a", "b", "c"], y: [3, 5, 2], name: "bars" }],
    },
    1,
  ],
];

describe("every figure kind in JupyterLab", () => {
  const env = useLabAndBrowser();

  it("draws each kind's traces, in light and dark", { timeout: 150_000 }, async () => {
    const cells = GALLERY.map(([fig]) =>
      codeCell("pass", [
        { output_type: "display_data", data: { [MIME]: fig, "text/plain": "figure" }, metadata: {} },
      ]),
    );
    writeFileSync(join(env.lab.rootDir, "gallery.ipynb"), JSON.stringify(notebook(cells)));
    const out = join(ARTIFACTS, "gallery");
    mkdirSync(out, { recursive: true });
    const { page, pwned } = await guardedPage(env.browser);
    await page.setViewportSize({ width: 1100, height: 900 });
    await openNotebook(page, env.lab.labUrl("gallery.ipynb"));
    for (const theme of ["light", "dark"]) {
      if (theme === "dark") await command(page, "apputils:change-theme", { theme: "JupyterLab Dark" });
      for (let i = 0; i < GALLERY.length; i++) {
        const fig = page.locator(".dlab-figure").nth(i);
        await fig.scrollIntoViewIfNeeded({ timeout: 30_000 });
        await fig.locator(".main-svg").first().waitFor({ timeout: 30_000 });
        if (theme === "dark") {
          await page.waitForFunction(
            (k) =>
              (document.querySelectorAll(".dlab-figure-plot")[k] as any)?._fullLayout?.paper_bgcolor !==
              "rgb(255, 255, 255)",
            i,
          );
        }
        const traces = await fig.evaluate((el) => (el.querySelector(".dlab-figure-plot") as any).data.length);
        expect(traces, `figure ${i}`).toBe(GALLERY[i][1]);
        await fig.screenshot({
          path: join(out, `${String(i + 1).padStart(2, "0")}-${(GALLERY[i][0] as any).kind}-${theme}.png`),
        });
      }
    }
    expect(await page.locator(".dlab-figure-error:visible").count()).toBe(0);
    expect(await pwned()).toBe(0);
    await page.close();
  });
});
