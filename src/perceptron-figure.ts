/** Decision-boundary payloads for the perceptron: the line w·x + b = 0 over the data, as it moves. */
import { decisionBoundaryFigure, linearBoundary, linearEquation } from "./figures/decision-boundary";
import type { DecisionBoundaryFigure } from "./payload";

/** The data's range with a 10 % margin, so the line and points are not at the edge. */
export function paddedRange(v: number[]): [number, number] {
  const lo = Math.min(...v);
  const hi = Math.max(...v);
  const pad = (hi - lo || 1) * 0.1;
  return [lo - pad, hi + pad];
}

/**
 * The perceptron's state as a figure: points, the line w₁x₁ + w₂x₂ + b = 0, the current mistake.
 * @example
 * perceptronFrame({ x: [[0, 0], [1, 1]], y: [0, 1] }, [1, 1], -1);
 */
export function perceptronFrame(
  data: { x: number[][]; y: number[]; classes?: string[] },
  w: number[],
  b: number,
  highlight?: number[],
  status?: string,
): DecisionBoundaryFigure {
  if (w.length !== 2)
    throw new Error(`perceptron figure: expected 2 input features to draw, got ${w.length}`);
  const xs = data.x.map((p) => p[0]);
  const ys = data.x.map((p) => p[1]);
  const xr = paddedRange(xs);
  const yr = paddedRange(ys);
  // score grid: its sign colours both sides of the line
  const n = 30;
  const gx = Array.from({ length: n }, (_, i) => xr[0] + ((xr[1] - xr[0]) * i) / (n - 1));
  const gy = Array.from({ length: n }, (_, i) => yr[0] + ((yr[1] - yr[0]) * i) / (n - 1));
  return decisionBoundaryFigure({
    title: "perceptron",
    points: { x: xs, y: ys, label: data.y.slice() },
    classes: data.classes,
    grid: { x: gx, y: gy, z: gy.map((y2) => gx.map((x1) => b + w[0] * x1 + w[1] * y2)) },
    gridMeaning: "score",
    lines: [linearBoundary(b, w, xr, yr, linearEquation(b, w))],
    highlight: highlight ? { x: [highlight[0]], y: [highlight[1]] } : undefined,
    status,
  });
}
