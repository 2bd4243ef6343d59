/** Pure builder for `curve-fit` figures: noisy samples, the true function, fitted curves. */
import type { CurveFitFigure, Series } from "../payload";
import { assertFinite, assertSameLength, cleanTrace, fmt, markerShares } from "./common";

/** Input of {@link curveFitFigure}. */
export interface CurveFitInput {
  points: { x: number[]; y: number[] };
  validation?: { x: number[]; y: number[] };
  truth?: Series;
  fits: Series[];
  title?: string;
  xLabel?: string;
  yLabel?: string;
  status?: string;
  final?: boolean;
}

/** Checked samples, thinned evenly to at most `max` (they are drawn as markers). */
function samples(name: string, p: { x: number[]; y: number[] }, max: number) {
  assertSameLength(`${name}.x`, p.x, `${name}.y`, p.y);
  assertFinite(`${name}.x`, p.x);
  assertFinite(`${name}.y`, p.y);
  if (p.x.length <= max) return { x: p.x.slice(), y: p.y.slice() };
  const step = p.x.length / max;
  const idx = Array.from({ length: max }, (_, i) => Math.floor(i * step));
  return { x: idx.map((i) => p.x[i]), y: idx.map((i) => p.y[i]) };
}

/** Sort a curve by x so it draws as a line, then downsample it. */
function curve(s: Series): Series {
  const order = s.x.map((_, i) => i).sort((a, b) => s.x[a] - s.x[b]);
  return {
    name: s.name,
    ...cleanTrace(
      s.name,
      order.map((i) => s.x[i]),
      order.map((i) => s.y[i]),
    ),
  };
}

/**
 * Build a curve-fit payload.
 * @example
 * curveFitFigure({ points: { x: [0, 1], y: [0, 1] }, fits: [{ name: "degree 1", x: [0, 1], y: [0, 1] }] });
 */
export function curveFitFigure(input: CurveFitInput): CurveFitFigure {
  // training and validation samples share the figure's marker count
  const [maxPoints, maxValidation] = markerShares([input.points.x.length, input.validation?.x.length ?? 0]);
  const fig: CurveFitFigure = {
    kind: "curve-fit",
    title: input.title ?? "curve fit",
    xLabel: input.xLabel ?? "x",
    yLabel: input.yLabel ?? "y",
    points: samples("points", input.points, maxPoints),
    fits: input.fits.map(curve),
  };
  if (input.validation) fig.validation = samples("validation", input.validation, maxValidation);
  if (input.truth) fig.truth = curve(input.truth);
  if (input.status !== undefined) fig.status = input.status;
  if (input.final) fig.final = true;
  return fig;
}

/**
 * One-line summary of a curve fit.
 * @example
 * curveFitSummary(curveFitFigure({ points: { x: [0], y: [0] }, fits: [] }));
 */
export function curveFitSummary(fig: CurveFitFigure): string {
  const mse = (s: Series) => {
    // error of the fit at the training points, by linear interpolation of the drawn curve
    const err = fig.points.x.map((x, i) => interp(s, x) - fig.points.y[i]);
    return err.reduce((a, e) => a + e * e, 0) / Math.max(1, err.length);
  };
  const fits = fig.fits.map((s) => `${s.name} (train MSE ${fmt(mse(s))})`).join(", ");
  return `curve fit: ${fig.points.x.length} points${fig.truth ? ", true function" : ""}${fits ? `, ${fits}` : ""}`;
}

function interp(s: Series, x: number): number {
  const n = s.x.length;
  if (n === 0) return NaN;
  if (x <= s.x[0]) return s.y[0];
  if (x >= s.x[n - 1]) return s.y[n - 1];
  let i = 1;
  while (s.x[i] < x) i++;
  const t = (x - s.x[i - 1]) / (s.x[i] - s.x[i - 1] || 1);
  return s.y[i - 1] + t * (s.y[i] - s.y[i - 1]);
}
