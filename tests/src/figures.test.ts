import { describe, expect, it } from "vitest";
import { activationFigure } from "../../src/figures/activation";
import { downsample, markerShares } from "../../src/figures/common";
import { MAX_FIGURE_MARKERS } from "../../src/payload";
import { confusionFigure, confusionMatrix } from "../../src/figures/confusion";
import { curveFitFigure } from "../../src/figures/curve-fit";
import { decisionBoundaryFigure, linearBoundary, linearEquation } from "../../src/figures/decision-boundary";
import { historyFigure } from "../../src/figures/history";
import { imageGridFigure } from "../../src/figures/image-grid";
import { plotlyFigure } from "../../src/figures/plotly";
import { scatterFigure } from "../../src/figures/scatter";
import { summarize } from "../../src/figures/summary";
import { argumentError } from "./argument-error";

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe("downsample", () => {
  it("keeps ≤ 1,000 points, the first and last, and the global extrema", () => {
    const x = range(10_000);
    const y = x.map((i) => Math.sin(i / 50) + (i === 4321 ? 9 : 0) - (i === 777 ? 7 : 0));
    const d = downsample(x, y);
    expect(d.x.length).toBeLessThanOrEqual(1000);
    expect(d.x.length).toBeGreaterThan(900);
    expect(d.x[0]).toBe(0);
    expect(d.x[d.x.length - 1]).toBe(9999);
    expect(Math.max(...d.y)).toBe(Math.max(...y));
    expect(Math.min(...d.y)).toBe(Math.min(...y));
    // x stays increasing, so lines draw left to right
    for (let i = 1; i < d.x.length; i++) expect(d.x[i]).toBeGreaterThan(d.x[i - 1]);
  });
  it("never returns more than max points, even for tiny max", () => {
    expect(downsample([0, 1, 2, 3, 4, 5], [5, 1, 9, 2, 7, 3], 4)).toEqual({
      x: [0, 1, 2, 5],
      y: [5, 1, 9, 3],
    });
    for (const max of [1, 2, 3, 4, 5, 7, 10]) {
      const d = downsample(
        range(50),
        range(50).map((i) => Math.sin(i)),
        max,
      );
      expect(d.x.length).toBeLessThanOrEqual(max);
      if (max >= 2) expect([d.x[0], d.x[d.x.length - 1]]).toEqual([0, 49]);
    }
  });
  it("returns short traces unchanged", () => {
    expect(downsample([1, 2, 3], [4, 5, 6])).toEqual({ x: [1, 2, 3], y: [4, 5, 6] });
  });
});

describe("history", () => {
  it("a 10,000-step curve becomes one payload ≤ 100 KB", () => {
    const x = range(10_000).map((i) => i / 100);
    const fig = historyFigure(
      [
        { metric: "loss", split: "train", x, y: x.map((v) => Math.exp(-v / 30) + 0.01 * Math.sin(v * 37)) },
        { metric: "loss", split: "validation", x: range(100), y: range(100).map((e) => 1 / (e + 1)) },
        { metric: "acc", split: "train", x, y: x.map((v) => 1 - Math.exp(-v / 20)) },
      ],
      { markers: [{ x: 42, label: "best" }], final: true },
    );
    expect(fig.kind).toBe("history");
    expect(fig.series.map((s) => [s.name, s.split, s.x.length <= 1000])).toEqual([
      ["loss", "train", true],
      ["val_loss", "validation", true],
      ["acc", "train", true],
    ]);
    expect(fig.series[1].x).toHaveLength(100);
    expect(JSON.stringify(fig).length).toBeLessThanOrEqual(100_000);
    expect(summarize(fig)).toMatch(/val_loss 0\.01,.*best at 42/);
  });
  it("rejects NaN with the argument and the index", () => {
    expect(() => historyFigure([{ metric: "loss", split: "train", x: [0, 1, 2], y: [1, NaN, 2] }])).toThrow(
      'argument "loss.y": expected finite numbers, got NaN at index 1',
    );
  });
});

describe("decision boundary", () => {
  it("clips the lecture's line 1 + 3x₁ − 2x₂ = 0 to the plot box", () => {
    const l = linearBoundary(1, [3, -2], [-2, 2], [-2, 2]);
    // x₂ = (1 + 3x₁)/2: at x₂ = −2 → x₁ = −5/3; at x₂ = 2 → x₁ = 1
    expect(l.x[0]).toBeCloseTo(-5 / 3, 12);
    expect(l.y[0]).toBeCloseTo(-2, 12);
    expect(l.x[1]).toBeCloseTo(1, 12);
    expect(l.y[1]).toBeCloseTo(2, 12);
    for (let i = 0; i < 2; i++) expect(1 + 3 * l.x[i] - 2 * l.y[i]).toBeCloseTo(0, 12);
    expect(linearBoundary(10, [0, 1], [0, 1], [0, 1]).x).toEqual([]);
  });
  it("writes boundary equations as the lecture does", () => {
    expect(linearEquation(1, [3, -2])).toBe("1 + 3x₁ − 2x₂ = 0");
    expect(linearEquation(-5, [4, 2, 1])).toBe("−5 + 4x₁ + 2x₂ + x₃ = 0");
    expect(linearEquation(3, [-2, -2])).toBe("3 − 2x₁ − 2x₂ = 0");
  });
  it("thins points to ≤ 500 markers (MAX_FIGURE_MARKERS) and checks the grid shape", () => {
    const n = 5000;
    const fig = decisionBoundaryFigure({
      points: { x: range(n), y: range(n), label: range(n).map((i) => (i < n / 2 ? 0 : 1)) },
      grid: {
        x: [0, 1],
        y: [0, 1, 2],
        z: [
          [0, 1],
          [0.5, 0.5],
          [1, 0],
        ],
      },
    });
    expect(fig.points.x).toHaveLength(MAX_FIGURE_MARKERS);
    expect(fig.gridMeaning).toBe("probability");
    expect(summarize(fig)).toMatch(/^decision boundary: 500 points \(class 0: 250, class 1: 250\), 2×3 grid/);
    expect(() =>
      decisionBoundaryFigure({
        points: { x: [0], y: [0], label: [0] },
        grid: { x: [0, 1], y: [0], z: [[0]] },
      }),
    ).toThrow('argument "grid.z[0]": expected 2 values (one per grid.x), got 1.');
    expect(() => decisionBoundaryFigure({ points: { x: [0, 1], y: [0], label: [0, 1] } })).toThrow(
      /"points.x, points.y": expected the same length/,
    );
  });
});

describe("other kinds", () => {
  it("curve fit sorts and downsamples fits, and reports train MSE", () => {
    const fig = curveFitFigure({
      points: { x: [0, 1, 2], y: [0, 1, 4] },
      fits: [{ name: "line", x: [2, 0], y: [2, 0] }],
      truth: { name: "x²", x: range(3000).map((i) => i / 1000), y: range(3000).map((i) => (i / 1000) ** 2) },
    });
    expect(fig.fits[0].x).toEqual([0, 2]);
    expect(fig.truth!.x.length).toBeLessThanOrEqual(1000);
    // residuals 0, 0, 2 → MSE 4/3
    expect(summarize(fig)).toBe("curve fit: 3 points, true function, line (train MSE 1.333)");
  });
  it("scatter rejects Infinity and downsamples", () => {
    expect(() => scatterFigure([{ name: "a", x: [0, 1], y: [0, Infinity] }])).toThrow(
      'argument "a.y": expected finite numbers, got Infinity at index 1',
    );
    expect(
      scatterFigure([{ name: "a", x: range(5000), y: range(5000) }]).series[0].x.length,
    ).toBeLessThanOrEqual(1000);
  });
  it("activation keeps one shared x axis", () => {
    const x = range(2001).map((i) => -5 + i / 200);
    const fig = activationFigure(x, [
      { name: "relu", y: x.map((v) => Math.max(0, v)) },
      { name: "relu′", y: x.map((v) => (v > 0 ? 1 : 0)), derivative: true },
    ]);
    expect(fig.x.length).toBe(1000);
    expect(fig.curves.every((c) => c.y.length === 1000)).toBe(true);
    expect(fig.x[0]).toBe(-5);
    expect(fig.x[999]).toBe(5);
    expect(summarize(fig)).toBe("activations: relu, relu′ (derivative) over z ∈ [-5, 5]");
  });
  it("confusion counts and summarises", () => {
    const m = confusionMatrix([0, 0, 1, 1, 2], [0, 1, 1, 1, 0], 3);
    expect(m).toEqual([
      [1, 1, 0],
      [0, 2, 0],
      [1, 0, 0],
    ]);
    expect(summarize(confusionFigure(m, ["a", "b", "c"]))).toBe(
      "confusion: 5 samples, accuracy 60%, most confused: a → b (1)",
    );
    expect(() => confusionMatrix([0, 3], [0, 0], 3)).toThrow(
      'dl.figures.confusionMatrix: argument "truth": expected integer class indices in [0, 3), got 3 at index 1.',
    );
    const e = argumentError(() => confusionMatrix([0, 1], [0], 2));
    expect([e.argument, e.expected, e.got]).toEqual([
      "predicted",
      "the same length as truth (2)",
      "1 values",
    ]);
    expect(argumentError(() => confusionFigure(m, ["a", "b"])).argument).toBe("labels");
  });
  it("image grid checks pixel count and range", () => {
    const fig = imageGridFigure([{ pixels: [0, 0.5, 1, 0.25], caption: "x" }], 2, 2);
    expect(fig.images[0].pixels).toEqual([0, 0.5, 1, 0.25]);
    expect(() => imageGridFigure([{ pixels: [0, 255, 0, 0] }], 2, 2)).toThrow(
      /expected values in \[0, 1\], got 255 at index 1/,
    );
    expect(() => imageGridFigure([{ pixels: [0] }], 2, 2)).toThrow(/expected 2×2 = 4 values, got 1/);
    const e = argumentError(() => imageGridFigure([{ pixels: [0, 255, 0, 0] }], 2, 2));
    expect([e.fn, e.argument, e.hint]).toEqual([
      "dl.figures.imageGridFigure",
      "images[0].pixels",
      "Divide 8-bit pixels by 255 first.",
    ]);
    expect(argumentError(() => imageGridFigure([], 2, 0)).argument).toBe("height");
  });
  it("plotly keeps data only", () => {
    const fig = plotlyFigure([{ type: "scatter", x: range(3000), y: range(3000) }], { title: { text: "t" } });
    expect((fig.data[0].x as number[]).length).toBeLessThanOrEqual(1000);
    expect(() => plotlyFigure([{ type: "scatter", onclick: () => 1 }])).toThrow(
      'argument "data[0].onclick": expected plain JSON data',
    );
    const e = argumentError(() => plotlyFigure([{ type: "bar", x: [1], y: [1] }], { width: Infinity }));
    expect([e.fn, e.argument, e.got]).toEqual(["dl.figures.plotlyFigure", "layout.width", "Infinity"]);
    expect(summarize(fig)).toBe("plotly: 1 trace (scatter)");
  });
});

describe("marker counts (MAX_FIGURE_MARKERS: what the extension draws in ≤ 100 ms)", () => {
  const n = (k: number) => range(k);
  it("markerShares keeps everything that fits, else proportional shares within the count", () => {
    expect(markerShares([100, 300])).toEqual([100, 300]);
    expect(markerShares([400, 400])).toEqual([250, 250]);
    expect(markerShares([5000, 10])).toEqual([499, 1]);
    expect(markerShares([3000, 1000]).reduce((a, b) => a + b)).toBeLessThanOrEqual(MAX_FIGURE_MARKERS);
  });
  it("scatter: series drawn with markers share the count, lines keep 1,000 points", () => {
    const fig = scatterFigure([
      { name: "a", x: n(800), y: n(800) },
      { name: "b", x: n(800), y: n(800), mode: "lines+markers" },
      { name: "c", x: n(800), y: n(800), mode: "lines" },
    ]);
    expect(fig.series.map((s) => s.x.length)).toEqual([250, 250, 800]);
  });
  it("curve-fit: training and validation samples share the count", () => {
    const fig = curveFitFigure({
      points: { x: n(900), y: n(900) },
      validation: { x: n(300), y: n(300) },
      fits: [],
    });
    expect([fig.points.x.length, fig.validation!.x.length]).toEqual([375, 125]);
  });
  it("plotly: traces drawn point by point share the count", () => {
    const fig = plotlyFigure([
      { type: "bar", x: n(600), y: n(600) },
      { type: "scatter", mode: "lines", x: n(900), y: n(900) },
    ]);
    expect(fig.data.map((t) => (t.x as number[]).length)).toEqual([500, 900]);
  });
});
