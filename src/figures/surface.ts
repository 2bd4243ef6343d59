/** Pure builder for `surface` figures: a 2-D loss surface as contours, with optimizer paths over it. */
import { linspace } from "../plot/grid";
import { MAX_GRID_SIDE, type SurfaceFigure } from "../payload";
import type { Surface } from "../surfaces";
import { assertFinite, fmt, MAX_POINTS } from "./common";
import { ArgumentError, describeValue } from "../errors";

/** One optimizer's path: points [x, y] in step order. */
export interface Trajectory {
  /** Legend entry, e.g. "Adam (η = 0.1)". */
  name: string;
  /** Visited points, the start first and the current position last. */
  points: ReadonlyArray<readonly number[]>;
}

/** Options of {@link surfaceFigure}; every field is optional. */
export interface SurfaceFigureOptions {
  /** Grid points per axis. Defaults to 51 (2,601 values). */
  resolution?: number;
  /** Contour levels on a log scale. Defaults to the surface's own `logZ`. */
  logZ?: boolean;
  /** Title. Defaults to the surface's title. */
  title?: string;
  /** Line under the figure (e.g. "step 40/200"). */
  status?: string;
  /** True on the last update. */
  final?: boolean;
  /** Most points kept per path. Defaults to 1,000 (and 4,000 over all paths). */
  maxPoints?: number;
  /** Mark the surface's known minima and saddles. Defaults to true. */
  showMinima?: boolean;
}

/**
 * Keep at most `max` points of a path: evenly spaced indices, always the first and the last,
 * so the figure ends where the optimizer stands.
 * @example
 * thinPath(5, 3); // [0, 2, 4]
 */
export function thinPath(n: number, max = MAX_POINTS): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: max }, (_, k) => Math.round((k * (n - 1)) / (max - 1)));
}

/** Round to a 10,000th of the span: finer than a figure shows, and it keeps the JSON small. */
function quantizer(lo: number, hi: number): (v: number) => number {
  const digits = Math.min(12, Math.max(0, Math.ceil(4 - Math.log10(Math.max(hi - lo, 1e-12)))));
  return (v) => Number(v.toFixed(digits));
}

/** Evaluate f on a regular grid over the surface's domain; z[row][col] at (x[col], y[row]), 5 significant digits. */
function sampleGrid(surface: Surface, res: number): SurfaceFigure["grid"] {
  const [[x0, x1], [y0, y1]] = surface.domain;
  const qx = quantizer(x0, x1);
  const qy = quantizer(y0, y1);
  const x = linspace(x0, x1, res).map(qx);
  const y = linspace(y0, y1, res).map(qy);
  const z = y.map((yv) => x.map((xv) => Number(surface.f([xv, yv]).toPrecision(5))));
  z.forEach((row, j) => assertFinite(`surface "${surface.name}" values on grid row ${j}`, row));
  return { x, y, z };
}

/** The paths as named series: thinned, checked finite, rounded like the grid. */
function pathSeries(surface: Surface, trajectories: readonly Trajectory[], maxPoints: number) {
  const qx = quantizer(surface.domain[0][0], surface.domain[0][1]);
  const qy = quantizer(surface.domain[1][0], surface.domain[1][1]);
  // ≤ 1,000 points per path and ≤ 4,000 in all, so a 6-optimizer race stays well under 100 KB
  const perPath = Math.max(2, Math.min(maxPoints, Math.floor(4000 / Math.max(1, trajectories.length))));
  return trajectories.map((t) => {
    const keep = thinPath(t.points.length, perPath);
    const x = keep.map((i) => t.points[i][0]);
    const y = keep.map((i) => t.points[i][1]);
    assertFinite(`trajectories "${t.name}".x`, x);
    assertFinite(`trajectories "${t.name}".y`, y);
    return { name: t.name, x: x.map(qx), y: y.map(qy) };
  });
}

/**
 * Build a surface payload: contours of a 2-D surface, paths (≤ 1,000 points each) and the known minima.
 * @example
 * surfaceFigure(dl.surfaces.bowl, [{ name: "SGD", points: [[1, 1], [0.5, 0.5]] }]);
 */
export function surfaceFigure(
  surface: Surface,
  trajectories: readonly Trajectory[],
  opts: SurfaceFigureOptions = {},
): SurfaceFigure {
  const fn = "dl.surfaceFigure";
  if (!surface || surface.dim !== 2) {
    const got = surface ? `a surface of dim ${surface.dim}` : describeValue(surface);
    throw new ArgumentError(
      fn,
      "surface",
      "a 2-D surface",
      got,
      "For a 1-D surface use dl.lrSweep, which draws a curve.",
    );
  }
  const res = opts.resolution ?? 51;
  if (!Number.isInteger(res) || res < 2 || res > MAX_GRID_SIDE) {
    throw new ArgumentError(fn, "opts.resolution", `an integer in [2, ${MAX_GRID_SIDE}]`, describeValue(res));
  }
  const series = pathSeries(surface, trajectories, opts.maxPoints ?? MAX_POINTS);
  const fig: SurfaceFigure = {
    kind: "surface",
    title: opts.title ?? surface.title,
    xLabel: "x",
    yLabel: "y",
    grid: sampleGrid(surface, res),
    trajectories: series,
  };
  if (opts.showMinima ?? true) {
    fig.minima = surface.points.map((p) => ({ x: p.at[0], y: p.at[1], label: p.label }));
  }
  if (opts.logZ ?? surface.logZ) fig.logZ = true;
  if (opts.status !== undefined) fig.status = opts.status;
  if (opts.final) fig.final = true;
  return fig;
}

/**
 * One line a person can read in a terminal: the surface and where each path ends.
 * @example
 * surfaceSummary(surfaceFigure(dl.surfaces.bowl, [{ name: "SGD", points: [[1, 1], [0.5, 0.5]] }]));
 * // "surface bowl: f(x, y) = x² + y²: SGD ends at (0.5, 0.5)"
 */
export function surfaceSummary(fig: SurfaceFigure): string {
  const ends = fig.trajectories
    .filter((t) => t.x.length > 0)
    .map((t) => `${t.name} ends at (${fmt(t.x[t.x.length - 1])}, ${fmt(t.y[t.y.length - 1])})`);
  return `surface ${fig.title ?? ""}${ends.length ? ": " + ends.join("; ") : ""}${fig.status ? ` — ${fig.status}` : ""}`;
}
