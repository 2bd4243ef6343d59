/**
 * Seeded mini-batches. The order comes from dlab's own RNG (never `Math.random`, which tfjs's
 * `fit({shuffle: true})` uses), so the same seed gives the same batches on every backend.
 */
import * as tf from "@tensorflow/tfjs";
import { hashSeed, rng as makeRng } from "./rng";
import { isTensor } from "./describe";
import { ArgumentError, describeValue } from "../errors";

/** Options of {@link batches} and {@link batchIndices}. */
export interface BatchOptions {
  /** Samples per batch. Defaults to 32. */
  batchSize?: number;
  /** Seed of the shuffle. Defaults to 0. */
  seed?: number;
  /** Epoch number: each epoch gets its own order from (seed, epoch). Defaults to 0. */
  epoch?: number;
  /** Shuffle before batching. Defaults to true. */
  shuffle?: boolean;
  /** Drop a last batch smaller than batchSize. Defaults to false. */
  dropLast?: boolean;
}

/**
 * The sample indices of each batch of one epoch.
 * @example
 * dl.data.batchIndices(10, { batchSize: 4, seed: 1 }); // three Int32Arrays of sizes 4, 4, 2
 */
export function batchIndices(n: number, opts: BatchOptions = {}): Int32Array[] {
  return indicesOf("dl.data.batchIndices", "n", n, opts);
}

function indicesOf(fn: string, nArg: string, n: number, opts: BatchOptions): Int32Array[] {
  const batchSize = opts.batchSize ?? 32;
  if (!Number.isInteger(n) || n < 1)
    throw new ArgumentError(fn, nArg, "a positive integer", describeValue(n));
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new ArgumentError(fn, "opts.batchSize", "a positive integer", describeValue(batchSize));
  }
  // one stream per (seed, epoch): epoch 3 of seed 0 does not depend on having drawn epochs 0–2
  const order =
    opts.shuffle === false
      ? Int32Array.from({ length: n }, (_, i) => i)
      : makeRng(hashSeed(`${opts.seed ?? 0}/${opts.epoch ?? 0}`)).permutation(n);
  const out: Int32Array[] = [];
  for (let s = 0; s < n; s += batchSize) {
    if (opts.dropLast && s + batchSize > n) break;
    out.push(order.subarray(s, Math.min(n, s + batchSize)));
  }
  return out;
}

/** One batch: inputs and targets of the same kind as given (arrays, or tensors the caller disposes). */
export interface Batch<X, Y> {
  /** Inputs of this batch. */
  x: X;
  /** Targets of this batch. */
  y: Y;
  /** Which samples these are. */
  indices: Int32Array;
  /** Batch number within the epoch, from 0. */
  index: number;
}

function pick(v: unknown, idx: Int32Array, n: number): unknown {
  if (isTensor(v)) return tf.tidy(() => tf.gather(v, tf.tensor1d(idx, "int32")));
  if (Array.isArray(v)) return Array.from(idx, (i) => v[i]);
  const flat = v as Float32Array;
  const size = flat.length / n;
  const out = new (flat.constructor as Float32ArrayConstructor)(idx.length * size);
  idx.forEach((i, k) => out.set(flat.subarray(i * size, (i + 1) * size), k * size));
  return out;
}

/**
 * Seeded mini-batches of (x, y) for one epoch. x and y may be nested arrays, flat typed arrays
 * (one row per target), or tensors; tensor batches are new tensors: dispose them after the step.
 * @example
 * for (const b of dl.data.batches(xs, ys, { batchSize: 32, seed: 0, epoch })) {
 *   optimizer.minimize(() => loss(model.predict(b.x), b.y));
 *   tf.dispose([b.x, b.y]);
 * }
 */
export function* batches<X, Y>(x: X, y: Y, opts: BatchOptions = {}): Generator<Batch<X, Y>> {
  const len = (v: unknown) => (isTensor(v) ? v.shape[0] : (v as ArrayLike<unknown>).length);
  const n = len(y);
  const xRows = isTensor(x) || Array.isArray(x) ? len(x) : n;
  if (xRows !== n) {
    throw new ArgumentError(
      "dl.data.batches",
      "x",
      `the same number of samples as y (${n})`,
      `${xRows} samples`,
      "Pass x and y of the same dataset (one target per sample).",
    );
  }
  if (!(n >= 1)) {
    const got = n === 0 ? "0 samples" : describeValue(y);
    throw new ArgumentError(
      "dl.data.batches",
      "y",
      "at least one sample (an array, typed array or tensor)",
      got,
    );
  }
  const all = indicesOf("dl.data.batches", "y", n, opts);
  for (let k = 0; k < all.length; k++) {
    yield { x: pick(x, all[k], n) as X, y: pick(y, all[k], n) as Y, indices: all[k], index: k };
  }
}
