/** Pure builder for `decision-boundary` figures: labelled 2-D points over a classifier's output. */
import { MAX_FIGURE_MARKERS, type DecisionBoundaryFigure, type Grid, type Series } from "../payload";
import { ArgumentError } from "../errors";
import { linspace, rangeOf } from "../plot/grid";
import { assertFinite, assertSameLength, fmt } from "./common";

/** Input of {@link decisionBoundaryFigure}. */
export interface DecisionBoundaryInput {
  /** The data points and their integer class labels. */
  points: { x: number[]; y: number[]; label: number[] };
  /** The model's output on a grid over the plane (see {@link Grid}). */
  grid?: Grid;
  /** How to read grid values. Defaults to "probability". */
  gridMeaning?: "probability" | "score" | "class";
  /** Class names indexed by label. */
  classes?: string[];
  /** Straight decision lines, e.g. from {@link linearBoundary}. */
  lines?: Series[];
  /** Points to highlight (the current perceptron mistake). */
  highlight?: { x: number[]; y: number[] };
  title?: string;
  xLabel?: string;
  yLabel?: string;
  status?: string;
  final?: boolean;
}

const FN = "dl.figures.decisionBoundaryFigure";

/** Keep every k-th point so at most `max` remain (points have no order, so a stride is fair). */
function thinPoints(p: { x: number[]; y: number[]; label: number[] }, max: number) {
  if (p.x.length <= max) return { x: p.x.slice(), y: p.y.slice(), label: p.label.slice() };
  const step = p.x.length / max;
  const idx = Array.from({ length: max }, (_, i) => Math.floor(i * step));
  return { x: idx.map((i) => p.x[i]), y: idx.map((i) => p.y[i]), label: idx.map((i) => p.label[i]) };
}

function checkGrid(grid: Grid): Grid {
  assertFinite("grid.x", grid.x);
  assertFinite("grid.y", grid.y);
  if (grid.z.length !== grid.y.length) {
    throw new ArgumentError(FN, "grid.z", `${grid.y.length} rows (one per grid.y)`, `${grid.z.length}`);
  }
  grid.z.forEach((row, r) => {
    if (row.length !== grid.x.length) {
      throw new ArgumentError(
        FN,
        `grid.z[${r}]`,
        `${grid.x.length} values (one per grid.x)`,
        `${row.length}`,
      );
    }
    assertFinite(`grid.z[${r}]`, row);
  });
  return { x: grid.x.slice(), y: grid.y.slice(), z: grid.z.map((r) => r.slice()) };
}

/**
 * Build a decision-boundary payload (points thinned to ≤ 500, MAX_FIGURE_MARKERS; NaN/Infinity rejected).
 * @example
 * decisionBoundaryFigure({ points: { x: [0, 1], y: [1, 0], label: [0, 1] } });
 */
export function decisionBoundaryFigure(input: DecisionBoundaryInput): DecisionBoundaryFigure {
  const p = input.points;
  assertSameLength("points.x", p.x, "points.y", p.y);
  assertSameLength("points.x", p.x, "points.label", p.label);
  assertFinite("points.x", p.x);
  assertFinite("points.y", p.y);
  assertFinite("points.label", p.label);
  const fig: DecisionBoundaryFigure = {
    kind: "decision-boundary",
    title: input.title ?? "decision boundary",
    xLabel: input.xLabel ?? "x₁",
    yLabel: input.yLabel ?? "x₂",
    points: thinPoints(p, MAX_FIGURE_MARKERS),
  };
  if (input.grid) {
    fig.grid = checkGrid(input.grid);
    fig.gridMeaning = input.gridMeaning ?? "probability";
  }
  if (input.classes) fig.classes = input.classes.slice();
  if (input.lines) {
    fig.lines = input.lines.map((l) => {
      assertFinite(`lines "${l.name}".x`, l.x);
      assertFinite(`lines "${l.name}".y`, l.y);
      return { name: l.name, x: l.x.slice(), y: l.y.slice() };
    });
  }
  if (input.highlight) {
    assertFinite("highlight.x", input.highlight.x);
    assertFinite("highlight.y", input.highlight.y);
    fig.highlight = { x: input.highlight.x.slice(), y: input.highlight.y.slice() };
  }
  if (input.status !== undefined) fig.status = input.status;
  if (input.final) fig.final = true;
  return fig;
}

/**
 * The line w₀ + w₁x₁ + w₂x₂ = 0 clipped to a box, as a two-point series (empty if it misses the box).
 * @example
 * linearBoundary(1, [3, -2], [-2, 2], [-2, 2]); // the lecture's 1 + 3x₁ − 2x₂ = 0
 */
export function linearBoundary(
  w0: number,
  w: [number, number] | number[],
  xRange: [number, number],
  yRange: [number, number],
  name = "boundary",
): Series {
  const [w1, w2] = w;
  assertFinite("w", [w0, w1, w2]);
  const [x0, x1] = xRange;
  const [y0, y1] = yRange;
  const pts: Array<[number, number]> = [];
  const inside = (v: number, lo: number, hi: number) => v >= lo - 1e-12 && v <= hi + 1e-12;
  if (w2 !== 0) {
    // where the line crosses the left and right edges
    for (const xe of [x0, x1]) {
      const ye = -(w0 + w1 * xe) / w2;
      if (inside(ye, y0, y1)) pts.push([xe, ye]);
    }
  }
  if (w1 !== 0) {
    // and the bottom and top edges
    for (const ye of [y0, y1]) {
      const xe = -(w0 + w2 * ye) / w1;
      if (inside(xe, x0, x1)) pts.push([xe, ye]);
    }
  }
  // drop duplicates (a corner hit twice) and keep the two extreme points
  pts.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const uniq = pts.filter(
    (p, i) => i === 0 || Math.hypot(p[0] - pts[i - 1][0], p[1] - pts[i - 1][1]) > 1e-12,
  );
  if (uniq.length < 2) return { name, x: [], y: [] };
  const a = uniq[0];
  const b = uniq[uniq.length - 1];
  return { name, x: [a[0], b[0]], y: [a[1], b[1]] };
}

/** Input of {@link linearBoundaryFigure}. */
export interface LinearBoundaryInput {
  /** The bias w₀ (the perceptron's b). */
  w0: number;
  /** The two weights [w₁, w₂]. */
  w: number[];
  /** Labelled 2-D points to draw; the figure spans their range with a margin. */
  data?: { x: number[][]; y: number[]; classes?: string[] };
  /** Axis range for both axes when there is no data, or to override the data's. Defaults to [-3, 3]. */
  range?: [number, number];
  /** A point to ring (the perceptron's current mistake). */
  highlight?: number[];
  /** Grid cells per axis of the coloured score. Defaults to 40. */
  resolution?: number;
  /** Title. Defaults to the line's equation. */
  title?: string;
  xLabel?: string;
  yLabel?: string;
  status?: string;
  final?: boolean;
  /** The function to name in errors. Defaults to "dl.figures.linearBoundaryFigure". */
  caller?: string;
}

/**
 * The line w₀ + w₁x₁ + w₂x₂ = 0 over the plane, both sides coloured by the score's sign, with data.
 * Serves `dl.plot.line` and the perceptron's live figure.
 * @example
 * linearBoundaryFigure({ w0: 1, w: [3, -2] }); // the lecture's 1 + 3x₁ − 2x₂ = 0
 */
export function linearBoundaryFigure(input: LinearBoundaryInput): DecisionBoundaryFigure {
  const { w0, w, data } = input;
  if (!Array.isArray(w) || w.length !== 2)
    throw new ArgumentError(
      input.caller ?? "dl.figures.linearBoundaryFigure",
      "w",
      "2 weights [w₁, w₂] (a line in the plane)",
      Array.isArray(w) ? `${w.length} weights` : String(w),
    );
  const xs = data ? data.x.map((p) => p[0]) : [];
  const ys = data ? data.x.map((p) => p[1]) : [];
  const xr = input.range ?? (xs.length ? rangeOf(xs) : [-3, 3]);
  const yr = input.range ?? (ys.length ? rangeOf(ys) : [-3, 3]);
  const n = input.resolution ?? 40;
  const gx = linspace(xr[0], xr[1], n);
  const gy = linspace(yr[0], yr[1], n);
  const name = linearEquation(w0, w);
  return decisionBoundaryFigure({
    title: input.title ?? name,
    points: { x: xs, y: ys, label: data ? data.y.slice() : [] },
    classes: data?.classes,
    // the score's sign colours both sides of the line
    grid: { x: gx, y: gy, z: gy.map((b) => gx.map((a) => w0 + w[0] * a + w[1] * b)) },
    gridMeaning: "score",
    lines: [linearBoundary(w0, w, xr, yr, name)],
    highlight: input.highlight ? { x: [input.highlight[0]], y: [input.highlight[1]] } : undefined,
    xLabel: input.xLabel,
    yLabel: input.yLabel,
    status: input.status,
    final: input.final,
  });
}

/**
 * The equation of a linear boundary as the lecture writes it.
 * @example
 * linearEquation(1, [3, -2]); // "1 + 3x₁ − 2x₂ = 0"
 */
export function linearEquation(w0: number, w: number[]): string {
  const num = (v: number) => String(Number(Math.abs(v).toPrecision(4)));
  const sub = (i: number) => String(i + 1).replace(/\d/g, (d) => "₀₁₂₃₄₅₆₇₈₉"[Number(d)]);
  const terms = w.map((wi, i) => `${wi < 0 ? "−" : "+"} ${Math.abs(wi) === 1 ? "" : num(wi)}x${sub(i)}`);
  return `${w0 < 0 ? "−" : ""}${num(w0)} ${terms.join(" ")} = 0`;
}

/**
 * One-line summary: number of points per class, lines, and how the grid is read.
 * @example
 * decisionBoundarySummary(decisionBoundaryFigure({ points: { x: [0], y: [0], label: [1] } }));
 */
export function decisionBoundarySummary(fig: DecisionBoundaryFigure): string {
  const counts = new Map<number, number>();
  for (const l of fig.points.label) counts.set(l, (counts.get(l) ?? 0) + 1);
  const cls = [...counts.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([l, c]) => `${fig.classes?.[l] ?? `class ${l}`}: ${c}`)
    .join(", ");
  let line = `decision boundary: ${fig.points.x.length} points (${cls || "none"})`;
  if (fig.grid)
    line += `, ${fig.grid.x.length}×${fig.grid.y.length} grid of ${fig.gridMeaning ?? "probability"}`;
  for (const l of fig.lines ?? []) {
    if (l.x.length === 2)
      line += `, ${l.name} from (${fmt(l.x[0])}, ${fmt(l.y[0])}) to (${fmt(l.x[1])}, ${fmt(l.y[1])})`;
  }
  if (fig.status) line += ` · ${fig.status}`;
  return line;
}
