/** Grids for figures: evenly spaced values, a data range with a margin, a classifier evaluated over the plane. */
import * as tf from "@tensorflow/tfjs";
import { ArgumentError, describeValue } from "../errors";
import { MAX_GRID_SIDE, type Grid } from "../payload";

/** Grid cells per axis (60 × 60 = 3,600 values: smooth enough, small enough for a shown figure). */
export const GRID_SIZE = 60;

/** Grid cells per axis while training (40 × 40: the saved final figure stays ≤ ~80 KB). */
export const TRAIN_GRID_SIZE = 40;

/** A grid value to 3 significant digits: indistinguishable in a heatmap, a third of the JSON. */
const round3 = (v: number): number => Number(v.toPrecision(3));

/**
 * Throw unless `size` is a usable number of grid cells per axis (2 … MAX_GRID_SIDE, 100).
 * @example
 * checkResolution("dl.train", "resolution", 40); // passes
 */
export function checkResolution(fn: string, arg: string, size: unknown): void {
  if (!(Number.isInteger(size) && (size as number) >= 2 && (size as number) <= MAX_GRID_SIDE))
    throw new ArgumentError(
      fn,
      arg,
      `an integer number of grid points per axis from 2 to ${MAX_GRID_SIDE}`,
      describeValue(size),
    );
}

/**
 * `n` evenly spaced values from `lo` to `hi`, both ends included.
 * @example
 * linspace(-1, 1, 5); // [-1, -0.5, 0, 0.5, 1]
 */
export function linspace(lo: number, hi: number, n: number): number[] {
  if (n === 1) return [lo];
  return Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
}

/**
 * The data's range with a 10 % margin, so points and lines are not at the edge of a figure.
 * @example
 * rangeOf([0, 10]); // [-1, 11]
 */
export function rangeOf(v: number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const a of v) {
    if (a < lo) lo = a;
    if (a > hi) hi = a;
  }
  const pad = (hi - lo || 1) * 0.1;
  return [lo - pad, hi + pad];
}

/**
 * What a decision-boundary figure evaluates: a plain function f(x₁, x₂), or anything with
 * `predict(x)` on an [n, 2] tensor (a tf.LayersModel, or `{ predict: (x) => … }` around a
 * hand-written network or a normalisation).
 */
export type Classifier =
  ((x1: number, x2: number) => number) | { predict(x: tf.Tensor2D): tf.Tensor | tf.Tensor[] };

/**
 * Evaluate a classifier on a grid over the points' range; a model runs in one tf.tidy batch.
 * Returns the grid and how to read it: a probability of class 1 (one output, or the second of
 * two), or the predicted class index for more than two outputs.
 * @example
 * await evaluateGrid((a, b) => (a + b > 0 ? 1 : 0), { x: [-1, 1], y: [-1, 1] });
 */
export async function evaluateGrid(
  model: Classifier,
  points: { x: number[]; y: number[] },
  size = GRID_SIZE,
  caller = "dl.plot.decisionBoundary",
): Promise<{ grid: Grid; meaning: "probability" | "class" }> {
  checkResolution(caller, "opts.resolution", size);
  const gx = linspace(...rangeOf(points.x), size);
  const gy = linspace(...rangeOf(points.y), size);
  if (typeof model === "function") {
    return {
      grid: { x: gx, y: gy, z: gy.map((b) => gx.map((a) => round3(model(a, b)))) },
      meaning: "probability",
    };
  }
  if (typeof model?.predict !== "function")
    throw new ArgumentError(
      caller,
      "model",
      "a tf.LayersModel, f(x₁, x₂) or { predict(x) }",
      describeValue(model),
    );
  let k = 1;
  const t = tf.tidy(() => {
    const flat = gy.flatMap((b) => gx.map((a) => [a, b]));
    const out = model.predict(tf.tensor2d(flat, [flat.length, 2]));
    const p = Array.isArray(out) ? out[0] : out;
    k = p.rank === 2 ? p.shape[1]! : 1;
    // one unit: P(class 1); two: the second column; more: the predicted class
    if (k === 1) return tf.reshape(p, [-1]);
    if (k === 2) return tf.reshape(tf.slice(p, [0, 1], [-1, 1]), [-1]);
    return tf.argMax(p, -1);
  });
  const v = await t.data();
  t.dispose();
  if (v.length !== size * size)
    throw new ArgumentError(
      caller,
      "model",
      "one output row per grid point",
      `${v.length} values for ${size * size} points`,
    );
  const z = gy.map((_, r) => Array.from(v.subarray(r * size, (r + 1) * size), round3));
  return { grid: { x: gx, y: gy, z }, meaning: k > 2 ? "class" : "probability" };
}
