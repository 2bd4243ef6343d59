/** Pure builder for `activation` figures: activation functions and their derivatives. */
import type { ActivationFigure } from "../payload";
import { assertFinite, assertSameLength, fmt, MAX_POINTS } from "./common";

/**
 * Build an activation payload from sampled curves (each downsampled to ≤ 1,000 points).
 * @example
 * activationFigure([-1, 0, 1], [{ name: "relu", y: [0, 0, 1] }]);
 */
export function activationFigure(
  x: number[],
  curves: Array<{ name: string; y: number[]; derivative?: boolean }>,
  opts: { title?: string; final?: boolean } = {},
): ActivationFigure {
  assertFinite("x", x);
  for (const c of curves) {
    assertSameLength("x", x, `curves "${c.name}".y`, c.y);
    assertFinite(`curves "${c.name}".y`, c.y);
  }
  // all curves share one x axis: sample uniformly when x is long, rather than per-curve extrema
  let xs = x.slice();
  let ys = curves.map((c) => c.y.slice());
  if (x.length > MAX_POINTS) {
    const idx = Array.from({ length: MAX_POINTS }, (_, i) =>
      Math.round((i * (x.length - 1)) / (MAX_POINTS - 1)),
    );
    xs = idx.map((i) => x[i]);
    ys = curves.map((c) => idx.map((i) => c.y[i]));
  }
  const fig: ActivationFigure = {
    kind: "activation",
    title: opts.title ?? "activation functions",
    xLabel: "z",
    yLabel: "g(z)",
    x: xs,
    curves: curves.map((c, i) =>
      c.derivative ? { name: c.name, y: ys[i], derivative: true } : { name: c.name, y: ys[i] },
    ),
  };
  if (opts.final) fig.final = true;
  return fig;
}

/**
 * One-line summary: the curves drawn and the z range.
 * @example
 * activationSummary(activationFigure([0, 1], [{ name: "relu", y: [0, 1] }])); // "activations: relu over z ∈ [0, 1]"
 */
export function activationSummary(fig: ActivationFigure): string {
  const names = fig.curves.map((c) => (c.derivative ? `${c.name} (derivative)` : c.name)).join(", ");
  const lo = fig.x.length ? fmt(fig.x[0]) : "?";
  const hi = fig.x.length ? fmt(fig.x[fig.x.length - 1]) : "?";
  return `activations: ${names} over z ∈ [${lo}, ${hi}]`;
}
