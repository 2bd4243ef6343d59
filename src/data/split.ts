/** Seeded shuffling and train/validation/test splits of any dataset with x and y. */
import { rng as makeRng } from "./rng";
import { ArgumentError, describeValue } from "../errors";

/** Anything with one row of x per entry of y: toy sets, MNIST image sets, plain `{x, y}`. */
export interface Labeled {
  /** Inputs: one row per sample (nested arrays), or all samples flat in a typed array. */
  x: number[][] | number[] | Float32Array | Float64Array;
  /** Targets: one per sample. */
  y: number[] | Int32Array | Float32Array;
}

/**
 * Number of samples in a dataset.
 * @example
 * dl.data.count(dl.data.xor({ n: 50 })); // 50
 */
export function count(d: Labeled): number {
  return d.y.length;
}

/**
 * The samples at the given indices, as a dataset of the same kind (other fields are kept).
 * @example
 * const firstTwo = dl.data.take(dl.data.xor({ seed: 0 }), [0, 1]);
 */
export function take<D extends Labeled>(d: D, indices: ArrayLike<number>): D {
  const n = count(d);
  const idx = Array.from(indices);
  const bad = idx.findIndex((i) => !Number.isInteger(i) || i < 0 || i >= n);
  if (bad >= 0) {
    const got = `${describeValue(idx[bad])} at index ${bad}`;
    throw new ArgumentError(
      "dl.data.take",
      "indices",
      `integers in [0, ${n}) (the dataset has ${n} samples)`,
      got,
    );
  }
  let x: Labeled["x"];
  if (Array.isArray(d.x)) {
    const rows = d.x as unknown[];
    x = idx.map((i) => rows[i]) as Labeled["x"];
  } else {
    // flat typed array: copy each sample's block of `size` values
    const flat = d.x;
    const size = flat.length / n;
    const out = new (flat.constructor as Float32ArrayConstructor)(idx.length * size);
    idx.forEach((i, k) => out.set(flat.subarray(i * size, (i + 1) * size), k * size));
    x = out;
  }
  const y = Array.isArray(d.y)
    ? idx.map((i) => (d.y as number[])[i])
    : new (d.y.constructor as Int32ArrayConstructor)(idx.map((i) => d.y[i]));
  const out = { ...d, x, y } as D & { n?: number };
  if ("n" in d) out.n = idx.length;
  return out;
}

/**
 * A shuffled copy of a dataset (x and y shuffled together) or of a plain array, seeded.
 * @example
 * const d = dl.data.shuffle(dl.data.moons({ seed: 0 }), 42);
 */
export function shuffle<D extends Labeled>(d: D, seed?: number): D;
export function shuffle<T>(items: readonly T[], seed?: number): T[];
export function shuffle(d: unknown, seed = 0): unknown {
  const r = makeRng(seed);
  if (Array.isArray(d)) return r.shuffle(d);
  return take(d as Labeled, r.permutation(count(d as Labeled)));
}

/** Options of {@link split}: each size is a fraction (< 1) of the data or a number of samples (≥ 1). */
export interface SplitOptions {
  /** Size of the validation set. Defaults to 0.2. */
  validation?: number;
  /** Size of the test set. Defaults to 0. */
  test?: number;
  /** Seed of the shuffle before splitting. Defaults to 0. */
  seed?: number;
}

/** A dataset split three ways; the three parts are disjoint and together make the whole. */
export interface Splits<D> {
  /** What the model learns from. */
  train: D;
  /** What guides choices (epochs, λ, learning rate) while training. */
  validation: D;
  /** What is looked at once, at the end. */
  test: D;
}

function size(name: string, v: number, n: number): number {
  if (!(v >= 0) || (v >= 1 && !Number.isInteger(v))) {
    const want = "a fraction in [0, 1) or a whole number of samples";
    throw new ArgumentError("dl.data.split", `opts.${name}`, want, describeValue(v));
  }
  return v < 1 ? Math.round(v * n) : v;
}

/**
 * Shuffle (seeded) and split into train / validation / test.
 * @example
 * const { train, validation, test } = dl.data.split(dl.data.moons({ n: 500 }), { validation: 0.2, test: 0.2, seed: 0 });
 */
export function split<D extends Labeled>(d: D, opts: SplitOptions = {}): Splits<D> {
  const n = count(d);
  const nVal = size("validation", opts.validation ?? 0.2, n);
  const nTest = size("test", opts.test ?? 0, n);
  if (nVal + nTest >= n) {
    throw new ArgumentError(
      "dl.data.split",
      "opts.validation + opts.test",
      `fewer than ${n} samples together (some must be left to train on)`,
      `validation (${nVal}) + test (${nTest}) samples, which leave nothing to train on out of ${n}`,
      "Use smaller fractions, e.g. { validation: 0.2, test: 0.2 }.",
    );
  }
  const p = makeRng(opts.seed ?? 0).permutation(n);
  return {
    test: take(d, p.subarray(0, nTest)),
    validation: take(d, p.subarray(nTest, nTest + nVal)),
    train: take(d, p.subarray(nTest + nVal)),
  };
}
