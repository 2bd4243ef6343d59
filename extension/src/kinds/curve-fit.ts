// The curve-fit kind: training and validation points, the true function (dashed) and the fitted
// curves, for under- and overfitting in 1-D regression.
import { checkMarkers, checkSeries, checkXY, need } from "../validate-fields";
import { LIMITS } from "../limits";
import { COLORWAY, line, type KindResult } from "../plotly-helpers";
import type { FigureTheme } from "../figure-theme";
import type { CurveFitFigure } from "dlab/dist/payload";

/**
 * Checks a curve-fit payload's points, optional validation points and truth, and fits.
 * @example
 * validate({ kind: "curve-fit", points: { x: [0], y: [1] }, fits: [] });
 */
export function validate(o: Record<string, unknown>): void {
  checkXY(o.points, "points");
  if (o.validation !== undefined) checkXY(o.validation, "validation");
  const samples = [o.points, o.validation ?? { x: [] }] as Array<{ x: unknown[] }>;
  checkMarkers(
    samples.map((s) => s.x),
    "points, validation",
  );
  if (o.truth !== undefined) checkSeries(o.truth, "truth");
  need.capped(o.fits, "fits", LIMITS.traces, "fitted curves").forEach((s, i) => checkSeries(s, `fits[${i}]`));
}

/**
 * Training points, held-out points, the true function (dashed) and fitted curves.
 * @example
 * traces({ kind: "curve-fit", points: { x: [0], y: [1] }, fits: [] }, LIGHT_THEME).data.length; // 1
 */
export function traces(p: CurveFitFigure, theme: FigureTheme): KindResult {
  const data: Array<Record<string, unknown>> = [
    {
      type: "scatter",
      mode: "markers",
      name: "training data",
      x: p.points.x,
      y: p.points.y,
      marker: { color: COLORWAY[0], size: 6 },
    },
  ];
  if (p.validation) {
    data.push({
      type: "scatter",
      mode: "markers",
      name: "validation data",
      x: p.validation.x,
      y: p.validation.y,
      marker: { color: COLORWAY[1], size: 6, symbol: "diamond" },
    });
  }
  if (p.truth)
    data.push(line(p.truth, "lines", { line: { color: theme.foreground, dash: "dash", width: 1.5 } }));
  p.fits.forEach((f, i) =>
    data.push(line(f, "lines", { line: { color: COLORWAY[(i + 2) % COLORWAY.length], width: 2 } })),
  );
  return { data };
}
