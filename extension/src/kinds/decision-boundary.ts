// The decision-boundary kind: labelled 2-D points over the model's output grid, with decision
// lines and highlighted points (the perceptron's mistake, a misclassified sample).
import { checkGrid, checkSeries, checkXY, need } from "../validate-fields";
import { plainText } from "../sanitize";
import { COLORWAY, extent, LEGEND_BELOW, line, type KindResult } from "../plotly-helpers";
import type { FigureTheme } from "../figure-theme";
import type { DecisionBoundaryFigure, Grid } from "dlab/dist/payload";

type GridMeaning = NonNullable<DecisionBoundaryFigure["gridMeaning"]>;

/**
 * Checks a decision-boundary payload: optional grid, points with one label each, class names,
 * decision lines and highlighted points.
 * @example
 * validate({ kind: "decision-boundary", points: { x: [0], y: [0], label: [1] } });
 */
export function validate(o: Record<string, unknown>): void {
  if (o.grid !== undefined) checkGrid(o.grid, "grid");
  const p = need.obj(o.points, "points");
  checkXY(p, "points");
  need.nums(p.label, "points.label");
  need.sameLength(p.x as unknown[], p.label as unknown[], "points.x", "points.label");
  need.arr(o.classes, "classes", true).forEach((c, i) => need.str(c, `classes[${i}]`));
  need.arr(o.lines, "lines", true).forEach((s, i) => checkSeries(s, `lines[${i}]`));
  if (o.highlight !== undefined) checkXY(o.highlight, "highlight");
}

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

/** A fixed axis range, padded 5 %, so decision lines that run far outside are clipped to the data. */
function padded(r: [number, number] | undefined): number[] | undefined {
  if (!r) return undefined;
  const pad = (r[1] - r[0]) * 0.05 || 1;
  return [r[0] - pad, r[1] + pad];
}

/** The model's output over the plane as a heatmap-coloured contour, read as `gridMeaning` says. */
function outputContour(grid: Grid, meaning: GridMeaning, theme: FigureTheme): Record<string, unknown> {
  const bounds = meaning === "probability" ? { zmin: 0, zmax: 1 } : {};
  return {
    type: "contour",
    name: "model output",
    x: grid.x,
    y: grid.y,
    z: grid.z,
    colorscale: theme.dark ? DIVERGING_DARK : DIVERGING,
    ...(meaning === "score" ? { zmid: 0 } : bounds),
    contours: { coloring: "heatmap", showlines: false },
    line: { width: 0 },
    opacity: 0.85,
    showscale: meaning !== "class",
    hoverinfo: "skip",
  };
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
 * traces({ kind: "decision-boundary", points: { x: [0], y: [0], label: [1] } }, LIGHT_THEME);
 */
export function traces(p: DecisionBoundaryFigure, theme: FigureTheme): KindResult {
  const data: Array<Record<string, unknown>> = [];
  if (p.grid) data.push(outputContour(p.grid, p.gridMeaning ?? "probability", theme));
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
  return {
    data,
    layout: { xaxis: xr ? { range: xr } : {}, yaxis: yr ? { range: yr } : {}, ...LEGEND_BELOW },
  };
}
