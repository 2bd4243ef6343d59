/**
 * Checks on a dataset before any training step runs: each mistake a student can make with x and y
 * (shape, count, labels, dtype, emptiness, NaN) becomes an error naming the argument, what was
 * expected, what came and the first offending index — instead of a silent NaN or a zero loss.
 */
import { DataError } from "./errors";
import { describe, describeArray, type Described } from "./describe";

/** Options of {@link validateDataset}. */
export interface ValidateOptions {
  /** Number of classes K: labels must be integers in [0, K), or one-hot rows of width K. Omit for regression targets. */
  numClasses?: number;
  /** The function doing the check, as the student called it, used to start messages. Defaults to "dl.data.validateDataset" (or "dl.data.validateArrays"). */
  name?: string;
  /** Name of the inputs argument in messages. Defaults to "x". */
  xName?: string;
  /** Name of the targets argument in messages. Defaults to "y". */
  yName?: string;
  /** Expected shape of ONE sample of x, e.g. [784] from a model's input; null entries match any size. Defaults to no check. */
  sampleShape?: (number | null)[];
}

/** What a valid dataset looks like. */
export interface DatasetInfo {
  /** Number of samples. */
  n: number;
  /** Shape of one sample of x. */
  sampleShape: number[];
  /** How y is given: class indices, one-hot rows, or real-valued targets. */
  targets: "index" | "onehot" | "values";
}

/**
 * Check x and y together (arrays, typed arrays or tensors; tensors are read asynchronously, so
 * this works on every backend) and throw a {@link DataError} at the first problem.
 * @example
 * await dl.data.validateDataset([[0, 1], [1, 0]], [0, 1], { numClasses: 2, name: "dl.train" });
 */
export async function validateDataset(
  x: unknown,
  y: unknown,
  opts: ValidateOptions = {},
): Promise<DatasetInfo> {
  const fn = opts.name ?? "dl.data.validateDataset";
  const dx = await describe(fn, opts.xName ?? "x", x);
  const dy = await describe(fn, opts.yName ?? "y", y);
  return check(fn, dx, dy, opts);
}

/**
 * The same checks as {@link validateDataset}, synchronously, for plain and typed arrays (no tensors).
 * @example
 * dl.data.validateArrays([[0, 1], [1, 0]], [0, 1], { numClasses: 2 }); // { n: 2, sampleShape: [2], targets: "index" }
 */
export function validateArrays(x: unknown, y: unknown, opts: ValidateOptions = {}): DatasetInfo {
  const fn = opts.name ?? "dl.data.validateArrays";
  return check(fn, describeArray(fn, opts.xName ?? "x", x), describeArray(fn, opts.yName ?? "y", y), opts);
}

function check(fn: string, dx: Described, dy: Described, opts: ValidateOptions): DatasetInfo {
  const xn = opts.xName ?? "x";
  const yn = opts.yName ?? "y";
  if (dx.shape.length === 0 || dx.shape[0] === 0) {
    throw new DataError(
      fn,
      xn,
      "at least one sample",
      "an empty dataset (0 samples)",
      null,
      "Check the data loading or the split sizes.",
    );
  }
  if (dy.shape.length === 0 || dy.shape[0] === 0) {
    throw new DataError(fn, yn, "at least one target", "an empty array (0 targets)");
  }
  const n = dx.shape[0];
  if (dy.shape[0] !== n) {
    throw new DataError(
      fn,
      yn,
      `one target per sample of ${xn} (${n})`,
      `${dy.shape[0]} targets`,
      Math.min(n, dy.shape[0]),
      `${xn} and ${yn} must have the same length.`,
    );
  }
  const sampleShape = dx.shape.slice(1);
  checkSampleShape(fn, xn, sampleShape, opts.sampleShape);
  const firstBadX = firstNonFinite(dx.values);
  if (firstBadX >= 0) {
    const size = dx.values.length / n;
    const i = Math.floor(firstBadX / size);
    throw new DataError(
      fn,
      xn,
      "finite numbers",
      `${dx.values[firstBadX]} in sample ${i}`,
      i,
      "Remove or impute missing values before training.",
    );
  }
  const firstBadY = firstNonFinite(dy.values);
  if (firstBadY >= 0) {
    const i = Math.floor(firstBadY / (dy.values.length / n));
    throw new DataError(fn, yn, "finite numbers", `${dy.values[firstBadY]} at target ${i}`, i);
  }
  if (opts.numClasses === undefined) return { n, sampleShape, targets: "values" };
  return { n, sampleShape, targets: checkLabels(fn, yn, dy, opts.numClasses) };
}

function checkSampleShape(fn: string, xn: string, got: number[], want?: (number | null)[]): void {
  if (!want) return;
  const ok = got.length === want.length && want.every((w, i) => w === null || w === got[i]);
  if (!ok) {
    const fmt = (s: (number | null)[]) => `[${s.map((d) => (d === null ? "any" : d)).join(", ")}]`;
    throw new DataError(
      fn,
      xn,
      `samples of shape ${fmt(want)}`,
      `samples of shape ${fmt(got)}`,
      0,
      "Reshape or flatten the inputs to match the model's input.",
    );
  }
}

function checkLabels(fn: string, yn: string, dy: Described, k: number): "index" | "onehot" {
  if (!Number.isInteger(k) || k < 1) {
    throw new DataError(fn, "numClasses", "a positive integer", String(k));
  }
  if (dy.dtype === "string") throw new DataError(fn, yn, "numeric class labels", "strings");
  const n = dy.shape[0];
  if (dy.shape.length === 2 && dy.shape[1] === k && k > 1) {
    // one-hot rows: every entry 0 or 1 and exactly one 1 per row
    for (let i = 0; i < n; i++) {
      let ones = 0;
      for (let j = 0; j < k; j++) {
        const v = dy.values[i * k + j];
        if (v !== 0 && v !== 1)
          throw new DataError(fn, yn, "one-hot rows of 0s and 1s", `${v} in row ${i}`, i);
        ones += v;
      }
      if (ones !== 1)
        throw new DataError(fn, yn, "exactly one 1 per one-hot row", `${ones} ones in row ${i}`, i);
    }
    return "onehot";
  }
  if (dy.shape.length > 1 && !(dy.shape.length === 2 && dy.shape[1] === 1)) {
    throw new DataError(
      fn,
      yn,
      `class indices of shape [${n}] or one-hot rows of shape [${n}, ${k}]`,
      `shape [${dy.shape.join(", ")}]`,
      0,
    );
  }
  for (let i = 0; i < n; i++) {
    const v = dy.values[i];
    if (!Number.isInteger(v)) {
      throw new DataError(
        fn,
        yn,
        `integer class labels in [0, ${k})`,
        `${v} at index ${i}`,
        i,
        "tfjs would silently floor it.",
      );
    }
    if (v < 0 || v >= k) {
      throw new DataError(
        fn,
        yn,
        `class labels in [0, ${k})`,
        `${v} at index ${i}`,
        i,
        "Out-of-range labels give a zero loss silently in tfjs.",
      );
    }
  }
  return "index";
}

function firstNonFinite(values: ArrayLike<number>): number {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return i;
  return -1;
}
