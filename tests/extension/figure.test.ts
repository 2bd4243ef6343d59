// The pure payload → plotly builder, one block per figure kind. Expected values are written out
// from the payload by hand (what each trace must contain), not computed by the code under test.
import { describe, expect, it } from "vitest";
import { figureToPlotly, LIGHT_THEME, DARK_THEME, COLORWAY } from "../../extension/src/figure";
import type { FigurePayload } from "../../src/payload";

const build = (p: FigurePayload | string, theme = LIGHT_THEME) => figureToPlotly(p, theme);

describe("figureToPlotly: common layout", () => {
  it("themes paper, plot and text, and escapes title, status and axis labels", () => {
    const spec = build(
      { kind: "scatter", title: "a<b", status: "epoch 3/20", xLabel: "x & y", yLabel: "$y$", series: [] },
      DARK_THEME,
    );
    expect(spec.layout.paper_bgcolor).toBe(DARK_THEME.background);
    expect(spec.layout.plot_bgcolor).toBe(DARK_THEME.background);
    expect((spec.layout.font as any).color).toBe(DARK_THEME.foreground);
    expect((spec.layout.title as any).text).toBe('a&lt;b<br><span style="font-size:12px">epoch 3/20</span>');
    expect((spec.layout.xaxis as any).title.text).toBe("x &amp; y");
    expect((spec.layout.yaxis as any).title.text).toBe("&#36;y&#36;");
    expect((spec.layout.xaxis as any).gridcolor).toBe(DARK_THEME.grid);
    expect(spec.config.typesetMath).toBe(false);
    expect(spec.config.displaylogo).toBe(false);
  });

  it("accepts the payload as JSON text the same as an object", () => {
    const p: FigurePayload = { kind: "scatter", series: [{ name: "a", x: [0, 1], y: [1, 0] }] };
    expect(build(JSON.stringify(p))).toEqual(build(p));
  });
});

describe("figureToPlotly: kinds", () => {
  it("history: one panel per metric, colour by metric, dash by split, markers as lines with labels", () => {
    const spec = build({
      kind: "history",
      series: [
        { name: "train loss", metric: "loss", split: "train", x: [1, 2, 3], y: [0.9, 0.5, 0.3] },
        { name: "val loss", metric: "loss", split: "validation", x: [1, 2, 3], y: [1.0, 0.7, 0.6] },
        { name: "train acc", metric: "acc", split: "train", x: [1, 2, 3], y: [0.5, 0.7, 0.8] },
      ],
      markers: [{ x: 2, label: "best <epoch>" }],
      logY: true,
    });
    expect(spec.data.map((t) => t.yaxis)).toEqual(["y", "y", "y2"]);
    expect(spec.data.map((t) => (t.line as any).color)).toEqual([COLORWAY[0], COLORWAY[0], COLORWAY[1]]);
    expect(spec.data.map((t) => (t.line as any).dash)).toEqual(["solid", "dash", "solid"]);
    expect(spec.data[1].y).toEqual([1.0, 0.7, 0.6]);
    // loss on top, acc below, 0.08 apart, the loss axis log-scaled (not acc), x anchored to the bottom panel
    expect((spec.layout.yaxis as any).domain).toEqual([0.54, 1]);
    expect((spec.layout.yaxis2 as any).domain[0]).toBe(0);
    expect((spec.layout.yaxis2 as any).domain[1]).toBeCloseTo(0.46);
    expect((spec.layout.yaxis as any).type).toBe("log");
    expect((spec.layout.yaxis2 as any).type).toBeUndefined();
    expect((spec.layout.yaxis as any).title.text).toBe("loss");
    expect((spec.layout.xaxis as any).anchor).toBe("y2");
    expect((spec.layout.xaxis as any).title.text).toBe("epoch");
    expect(spec.layout.shapes).toMatchObject([{ type: "line", x0: 2, x1: 2, yref: "paper" }]);
    // the label sits inside the plot's top edge, never in the title's margin
    expect((spec.layout.annotations as any)[0]).toMatchObject({
      text: "best &lt;epoch&gt;",
      y: 1,
      yanchor: "top",
    });
  });

  it("decision-boundary: probability grid 0..1, one trace per class, lines, highlight, clipped ranges", () => {
    const spec = build({
      kind: "decision-boundary",
      grid: {
        x: [0, 10],
        y: [0, 4],
        z: [
          [0.1, 0.9],
          [0.2, 0.8],
        ],
      },
      points: { x: [1, 2, 3, 4], y: [1, 1, 3, 3], label: [0, 1, 0, 1] },
      classes: ["neg", "pos"],
      lines: [{ name: "w·x = 0", x: [-100, 100], y: [-100, 100] }],
      highlight: { x: [3], y: [3] },
    });
    expect(spec.data.map((t) => t.type)).toEqual(["heatmap", "scatter", "scatter", "scatter", "scatter"]);
    expect(spec.data[0]).toMatchObject({
      zmin: 0,
      zmax: 1,
      z: [
        [0.1, 0.9],
        [0.2, 0.8],
      ],
    });
    expect(spec.data[1]).toMatchObject({ name: "neg", x: [1, 3], y: [1, 3] });
    expect(spec.data[2]).toMatchObject({ name: "pos", x: [2, 4], y: [1, 3] });
    expect(spec.data[3]).toMatchObject({ mode: "lines", x: [-100, 100] });
    expect(spec.data[4]).toMatchObject({ x: [3], y: [3] });
    // data spans x 0..10 and y 0..4; 5 % padding each side
    expect((spec.layout.xaxis as any).range).toEqual([-0.5, 10.5]);
    expect((spec.layout.yaxis as any).range).toEqual([-0.2, 4.2]);
    // the legend goes in rows under the plot: clear of the colour bar on the right and of the title
    expect(spec.layout.legend).toMatchObject({ orientation: "h", yanchor: "top" });
    expect((spec.layout.legend as any).y).toBeLessThan(0);
  });

  it("decision-boundary: a score grid is centred on 0; classes default to 'class N'", () => {
    const spec = build({
      kind: "decision-boundary",
      grid: {
        x: [0, 1],
        y: [0, 1],
        z: [
          [-2, 1],
          [3, -1],
        ],
      },
      gridMeaning: "score",
      points: { x: [0], y: [0], label: [2] },
    });
    expect(spec.data[0].zmid).toBe(0);
    expect(spec.data[0].zmin).toBeUndefined();
    expect(spec.data[1].name).toBe("class 2");
  });

  it("surface: contours (log10 when logZ), a dotted path per optimizer, big markers where they stand, minima", () => {
    const spec = build({
      kind: "surface",
      grid: {
        x: [-1, 0, 1],
        y: [-1, 1],
        z: [
          [100, 1, 10],
          [0.1, 1000, 0],
        ],
      },
      trajectories: [
        { name: "sgd", x: [-1, -0.5, 0], y: [1, 0.5, 0] },
        { name: "adam", x: [1, 0.2], y: [1, 0.1] },
      ],
      minima: [{ x: 0, y: 0, label: "global" }],
      logZ: true,
    });
    expect(spec.data[0].type).toBe("contour");
    expect(spec.data[0].z).toEqual([
      [2, 0, 1],
      [-1, 3, null],
    ]);
    expect(spec.data[1]).toMatchObject({
      name: "sgd",
      x: [-1, -0.5, 0],
      mode: "lines+markers",
      marker: { size: 4 },
    });
    expect(spec.data[2]).toMatchObject({ name: "adam", marker: { size: 4, maxdisplayed: 0 } });
    expect(spec.data[3]).toMatchObject({
      x: [0, 0.2],
      y: [0, 0.1],
      text: ["sgd", "adam"],
      marker: { size: 12 },
    });
    expect(spec.data[4]).toMatchObject({ x: [0], y: [0], text: ["global"] });
    expect((spec.layout.xaxis as any).range).toEqual([-1, 1]);
  });

  it("surface and history: paths with more points than LIMITS.markers show evenly spaced dots", () => {
    const path = (name: string, n: number) => ({
      name,
      x: Array.from({ length: n }, (_, i) => i),
      y: Array.from({ length: n }, (_, i) => -i),
    });
    const surface = build({
      kind: "surface",
      grid: {
        x: [0, 1],
        y: [0, 1],
        z: [
          [0, 1],
          [1, 2],
        ],
      },
      trajectories: [path("a", 600), path("b", 300)],
    });
    // 900 points, 500 dots: every 2nd step
    expect(surface.data.slice(1, 3).map((t) => (t.marker as any).maxdisplayed)).toEqual([300, 150]);
    expect(surface.data[3]).toMatchObject({ x: [599, 299], showlegend: false });
    const series = (n: number) =>
      Array.from({ length: 10 }, (_, i) => ({ ...path(`s${i}`, n), metric: "loss", split: "train" }));
    const dotted = build({ kind: "history", series: series(50) });
    expect(dotted.data.map((t) => t.mode)).toEqual(new Array(10).fill("lines+markers"));
    const lines = build({ kind: "history", series: series(60) });
    expect(lines.data.map((t) => t.mode)).toEqual(new Array(10).fill("lines"));
  });

  it("curve-fit: training and validation points, dashed truth, one line per fit", () => {
    const spec = build({
      kind: "curve-fit",
      points: { x: [0, 1], y: [0, 1] },
      validation: { x: [0.5], y: [0.4] },
      truth: { name: "sin", x: [0, 1], y: [0, 0.84] },
      fits: [
        { name: "degree 1", x: [0, 1], y: [0.1, 0.9] },
        { name: "degree 9", x: [0, 1], y: [0, 1] },
      ],
    });
    expect(spec.data.map((t) => t.name)).toEqual([
      "training data",
      "validation data",
      "sin",
      "degree 1",
      "degree 9",
    ]);
    expect(spec.data.map((t) => t.mode)).toEqual(["markers", "markers", "lines", "lines", "lines"]);
    expect((spec.data[2].line as any).dash).toBe("dash");
    expect(spec.data[4].y).toEqual([0, 1]);
  });

  it("scatter: mode per series, markers by default", () => {
    const spec = build({
      kind: "scatter",
      series: [
        { name: "a", x: [0, 1], y: [2, 3] },
        { name: "b", x: [0], y: [1], mode: "lines+markers" },
      ],
    });
    expect(spec.data.map((t) => [t.name, t.mode, t.x, t.y])).toEqual([
      ["a", "markers", [0, 1], [2, 3]],
      ["b", "lines+markers", [0], [1]],
    ]);
  });

  it("activation: derivative dashed in the colour of its function", () => {
    const spec = build({
      kind: "activation",
      x: [-1, 0, 1],
      curves: [
        { name: "tanh", y: [-0.76, 0, 0.76] },
        { name: "relu", y: [0, 0, 1] },
        { name: "tanh'", y: [0.42, 1, 0.42], derivative: true },
      ],
    });
    expect(spec.data.map((t) => (t.line as any).color)).toEqual([COLORWAY[0], COLORWAY[1], COLORWAY[0]]);
    expect(spec.data.map((t) => (t.line as any).dash)).toEqual(["solid", "solid", "dash"]);
    expect(spec.data[2].x).toEqual([-1, 0, 1]);
  });

  it("confusion: heatmap true×predicted, counts in the cells, true axis reversed", () => {
    const spec = build({
      kind: "confusion",
      labels: ["cat", "<dog>"],
      matrix: [
        [5, 1],
        [2, 7],
      ],
    });
    expect(spec.data[0]).toMatchObject({
      type: "heatmap",
      x: ["cat", "&lt;dog&gt;"],
      z: [
        [5, 1],
        [2, 7],
      ],
    });
    // the heatmap writes each count in its cell, in a colour plotly picks to contrast with it
    expect(spec.data[0]).toMatchObject({ texttemplate: "%{z}" });
    expect(spec.data[0].textfont).not.toHaveProperty("color");
    expect(spec.layout.annotations).toBeUndefined();
    expect((spec.layout.yaxis as any).autorange).toBe("reversed");
    // light cells for small counts, dark cells for large ones
    expect(spec.data[0].reversescale).toBe(true);
    expect((spec.layout.xaxis as any).title.text).toBe("predicted");
  });

  it("image-grid: tiles row-major with one-pixel gaps, captions under tiles", () => {
    const spec = build({
      kind: "image-grid",
      width: 2,
      height: 2,
      columns: 2,
      images: [
        { pixels: [0, 0.1, 0.2, 0.3], caption: "7" },
        { pixels: [1, 0.9, 0.8, 0.7] },
        { pixels: [0.5, 0.5, 0.5, 0.5] },
      ],
    });
    // 2 columns × 2 rows of 2×2 tiles with a gap → 5×5, gaps null
    expect(spec.data[0].z).toEqual([
      [0, 0.1, null, 1, 0.9],
      [0.2, 0.3, null, 0.8, 0.7],
      [null, null, null, null, null],
      [0.5, 0.5, null, null, null],
      [0.5, 0.5, null, null, null],
    ]);
    expect(spec.data[0]).toMatchObject({ zmin: 0, zmax: 1 });
    expect(spec.layout.annotations).toMatchObject([{ x: 0.5, text: "7" }]);
  });

  it("image-grid: captioned rows are a quarter of a tile apart, so a caption clears the next row", () => {
    const tile = (v: number) => ({ pixels: new Array(8 * 8).fill(v), caption: `digit ${v}` });
    const spec = build({
      kind: "image-grid",
      width: 8,
      height: 8,
      columns: 1,
      images: [tile(0.2), tile(0.8)],
    });
    const z = spec.data[0].z as Array<Array<number | null>>;
    // 8 rows of the first tile, 2 empty rows (⌈8/4⌉) for its caption, 8 rows of the second
    expect(z).toHaveLength(18);
    expect(z.slice(8, 10).every((row) => row.every((v) => v === null))).toBe(true);
    expect(z[10][0]).toBe(0.8);
    const [first, second] = spec.layout.annotations as Array<{ y: number }>;
    expect(first.y).toBeLessThan(10); // under the first tile, above the second
    expect(second.y).toBeGreaterThan(17);
  });

  it("plotly: keeps allowed traces and attributes, drops the rest, escapes strings", () => {
    const spec = build({
      kind: "plotly",
      data: [
        {
          type: "bar",
          x: ["a"],
          y: [1],
          name: "<i>bars</i>",
          transforms: [{ type: "filter" }],
          customdata: [1],
        },
        { type: "scattermapbox", lat: [0], lon: [0] },
        { x: [1], y: [2], hovertemplate: "<a href='javascript:x()'>%{y}</a>" },
      ],
      layout: {
        barmode: "stack",
        images: [{ source: "http://x" }],
        updatemenus: [{}],
        xaxis: { title: { text: "<b>t</b>" } },
      },
    });
    expect(spec.data).toEqual([
      { type: "bar", x: ["a"], y: [1], name: "&lt;i&gt;bars&lt;/i&gt;" },
      { type: "scatter", x: [1], y: [2], hovertemplate: "&lt;a href='javascript:x()'&gt;%{y}&lt;/a&gt;" },
    ]);
    expect(spec.layout.barmode).toBe("stack");
    expect(spec.layout.images).toBeUndefined();
    expect(spec.layout.updatemenus).toBeUndefined();
    expect((spec.layout.xaxis as any).title.text).toBe("&lt;b&gt;t&lt;/b&gt;");
    // the themed grid colour from the common layout survives the raw axis settings
    expect((spec.layout.xaxis as any).gridcolor).toBe(LIGHT_THEME.grid);
  });
});
