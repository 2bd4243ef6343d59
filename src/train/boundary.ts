/** A classifier's output on a grid over the data's range, for decision-boundary figures. */
import * as tf from "@tensorflow/tfjs";
import type { Grid } from "../payload";

/** Grid cells per axis (60 × 60 = 3,600 values: smooth enough, small enough for a shown figure). */
export const GRID_SIZE = 60;

/** Grid cells per axis while training (40 × 40: the saved final figure stays ≤ ~80 KB). */
export const TRAIN_GRID_SIZE = 40;

/** A grid value to 3 significant digits: indistinguishable in a heatmap, a third of the JSON. */
const round3 = (v: number): number => Number(v.toPrecision(3));

/**
 * Throw unless `size` is a usable number of grid cells per axis (2 … 400).
 * @example
 * checkResolution("dl.train", "resolution", 40); // passes
 */
export function checkResolution(fn: string, arg: string, size: unknown): void {
  if (!(Number.isInteger(size) && (size as number) >= 2 && (size as number) <= 400))
    throw new Error(
      `${fn}: option "${arg}": expected an integer number of grid points per axis from 2 to 400, got ${String(size)}`,
    );
}

/** The data's range with a 10 % margin. */
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

/** A model's prediction or a plain function f(x₁, x₂). */
export type Classifier = tf.LayersModel | ((x1: number, x2: number) => number);

/**
 * Evaluate a classifier on a grid over the points' range; a model runs in one tf.tidy batch.
 * Returns the grid and how to read it (a probability of class 1, or a class index for K > 2).
 * @example
 * await evaluateGrid((a, b) => (a + b > 0 ? 1 : 0), { x: [-1, 1], y: [-1, 1] });
 */
export async function evaluateGrid(
  model: Classifier,
  points: { x: number[]; y: number[] },
  size = GRID_SIZE,
): Promise<{ grid: Grid; meaning: "probability" | "class" }> {
  checkResolution("dl.plot.decisionBoundary", "resolution", size);
  const [x0, x1] = rangeOf(points.x);
  const [y0, y1] = rangeOf(points.y);
  const gx = Array.from({ length: size }, (_, i) => x0 + ((x1 - x0) * i) / (size - 1));
  const gy = Array.from({ length: size }, (_, i) => y0 + ((y1 - y0) * i) / (size - 1));
  if (typeof model === "function") {
    return {
      grid: { x: gx, y: gy, z: gy.map((b) => gx.map((a) => round3(model(a, b)))) },
      meaning: "probability",
    };
  }
  const out = model.outputs[0].shape;
  const k = out[out.length - 1] ?? 1;
  const t = tf.tidy(() => {
    const flat = gy.flatMap((b) => gx.map((a) => [a, b]));
    const p = model.predict(tf.tensor2d(flat, [flat.length, 2])) as tf.Tensor;
    // one unit: P(class 1); two: the second column; more: the predicted class
    if (k === 1) return tf.reshape(p, [-1]);
    if (k === 2) return tf.reshape(tf.slice(p, [0, 1], [-1, 1]), [-1]);
    return tf.argMax(p, -1);
  });
  const v = await t.data();
  t.dispose();
  const z = gy.map((_, r) => Array.from(v.subarray(r * size, (r + 1) * size), round3));
  return { grid: { x: gx, y: gy, z }, meaning: k > 2 ? "class" : "probability" };
}
