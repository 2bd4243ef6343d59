// Builders for the grid kinds (decision boundary, loss surface, confusion matrix, image grid) and
// for raw plotly figures. Pure; every string from the payload goes through plainText.
import { plainText } from "./sanitize";
import { COLORWAY, type FigureTheme, type KindResult } from "./figure-theme";
import { line } from "./figure-lines";
import type { DecisionBoundaryFigure, SurfaceFigure } from "dlab/dist/payload";

/** Diverging blue–white–orange scale: class 0 blue, class 1 orange, the boundary pale. */
const DIVERGING = [
  [0, "#2166ac"],
  [0.5, "#f7f7f7"],
  [1, "#d6604d"],
];
const DIVERGING_DARK = [
  [0, "#2c5c8a"],
  [0.5, "#303030"],
  [1, "#a8452f"],
];

/**
 * Legend in rows under the x axis: never under a colour bar on the right, and never over the
 * title however many rows it wraps into (plotly grows the bottom margin to fit it).
 */
const BELOW = {
  legend: { orientation: "h", x: 0, xanchor: "left", y: -0.2, yanchor: "top", bgcolor: "rgba(0,0,0,0)" },
  margin: { l: 60, r: 20, t: 60, b: 50 },
};

/**
 * Smallest and largest finite value in some arrays (null gaps skipped).
 * @example
 * extent([3, null, 1]); // [1, 3]
 */
export function extent(...arrays: Array<Array<number | null>>): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const a of arrays) {
    for (const v of a) {
      if (typeof v === "number") {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
  }
  return lo <= hi ? [lo, hi] : undefined;
}

/** A fixed axis range, padded 5 %, so decision lines that run far outside are clipped to the data. */
function padded(r: [number, number] | undefined): number[] | undefined {
  if (!r) return undefined;
  const pad = (r[1] - r[0]) * 0.05 || 1;
  return [r[0] - pad, r[1] + pad];
}

/** One marker trace per class label, named from `classes`, in a fixed colour and symbol order. */
function classTraces(p: DecisionBoundaryFigure, theme: FigureTheme): Array<Record<string, unknown>> {
  const labels = [...new Set(p.points.label.filter((l): l is number => typeof l === "number"))];
  const symbols = ["circle", "x", "square", "diamond", "triangle-up", "cross"];
  return labels
    .sort((a, b) => a - b)
    .map((label, i) => {
      const idx = p.points.label.flatMap((l, j) => (l === label ? [j] : []));
      return {
        type: "scatter",
        mode: "markers",
        name: plainText(p.classes?.[label] ?? `class ${label}`),
        x: idx.map((j) => p.points.x[j]),
        y: idx.map((j) => p.points.y[j]),
        marker: {
          color: COLORWAY[i % COLORWAY.length],
          symbol: symbols[i % symbols.length],
          size: 7,
          line: { width: 1, color: theme.background },
        },
      };
    });
}

/**
 * Data points by class over the model's output grid, with decision lines and highlighted points.
 * @example
 * decisionBoundaryTraces({ kind: "decision-boundary", points: { x: [0], y: [0], label: [1] } }, LIGHT_THEME);
 */
export function decisionBoundaryTraces(p: DecisionBoundaryFigure, theme: FigureTheme): KindResult {
  const data: Array<Record<string, unknown>> = [];
  const meaning = p.gridMeaning ?? "probability";
  if (p.grid) {
    const bounds = meaning === "probability" ? { zmin: 0, zmax: 1 } : {};
    data.push({
      type: "contour",
      name: "model output",
      x: p.grid.x,
      y: p.grid.y,
      z: p.grid.z,
      colorscale: theme.dark ? DIVERGING_DARK : DIVERGING,
      ...(meaning === "score" ? { zmid: 0 } : bounds),
      contours: { coloring: "heatmap", showlines: false },
      line: { width: 0 },
      opacity: 0.85,
      showscale: meaning !== "class",
      hoverinfo: "skip",
    });
  }
  data.push(...classTraces(p, theme));
  (p.lines ?? []).forEach((l) =>
    data.push(line(l, "lines", { line: { color: theme.foreground, width: 2 } })),
  );
  if (p.highlight) {
    data.push({
      type: "scatter",
      mode: "markers",
      name: "highlighted",
      x: p.highlight.x,
      y: p.highlight.y,
      marker: { symbol: "circle-open", size: 16, color: COLORWAY[5], line: { width: 3 } },
    });
  }
  const xr = padded(extent(p.points.x, p.grid?.x ?? []));
  const yr = padded(extent(p.points.y, p.grid?.y ?? []));
  return { data, layout: { xaxis: xr ? { range: xr } : {}, yaxis: yr ? { range: yr } : {}, ...BELOW } };
}

/** The loss surface as filled contours (of log10 loss when logZ). */
function lossContour(p: SurfaceFigure, theme: FigureTheme): Record<string, unknown> {
  // On a log scale, contour the log10 of the loss (losses are ≥ 0; non-positive values become gaps).
  const z = p.logZ
    ? p.grid.z.map((row) => row.map((v) => (typeof v === "number" && v > 0 ? Math.log10(v) : null)))
    : p.grid.z;
  const label = p.logZ ? "log10 loss" : "loss";
  return {
    type: "contour",
    name: label,
    x: p.grid.x,
    y: p.grid.y,
    z,
    colorscale: theme.dark ? "Viridis" : "YlGnBu",
    reversescale: !theme.dark,
    ncontours: 25,
    contours: { coloring: "fill", showlines: true },
    line: { width: 0.5, color: theme.background },
    colorbar: { title: { text: label }, outlinewidth: 0 },
    hoverinfo: "x+y+z",
  };
}

/**
 * Loss contours with one optimizer path per trajectory; the current position is the big marker.
 * @example
 * surfaceTraces({ kind: "surface", grid: { x: [0, 1], y: [0, 1], z: [[0, 1], [1, 2]] }, trajectories: [] }, LIGHT_THEME);
 */
export function surfaceTraces(p: SurfaceFigure, theme: FigureTheme): KindResult {
  const data: Array<Record<string, unknown>> = [lossContour(p, theme)];
  p.trajectories.forEach((t, i) => {
    const n = t.x.length;
    data.push(
      line(t, "lines+markers", {
        line: { color: COLORWAY[i % COLORWAY.length], width: 2 },
        // Small dots along the path, a large one where the optimizer stands now.
        marker: { color: COLORWAY[i % COLORWAY.length], size: t.x.map((_, j) => (j === n - 1 ? 12 : 4)) },
      }),
    );
  });
  if (p.minima?.length) {
    data.push({
      type: "scatter",
      mode: "markers+text",
      name: "minima",
      x: p.minima.map((m) => m.x),
      y: p.minima.map((m) => m.y),
      text: p.minima.map((m) => plainText(m.label ?? "")),
      textposition: "top center",
      marker: { symbol: "star", size: 14, color: theme.foreground },
    });
  }
  const xr = extent(p.grid.x);
  const yr = extent(p.grid.y);
  return { data, layout: { xaxis: xr ? { range: xr } : {}, yaxis: yr ? { range: yr } : {}, ...BELOW } };
}
