/**
 * Input normalisation, fitted on the training set only and applied unchanged to validation and
 * test data (fitting on all of it would leak test information into training).
 */
import type { Labeled } from "./split";
import { ArgumentError, describeValue } from "../errors";

/** Options of {@link fitNormalizer} and {@link normalize}. */
export interface NormalizeOptions {
  /** "standard": (x − mean) / std per feature; "minmax": (x − min) / (max − min) into [0, 1]. Defaults to "standard". */
  method?: "standard" | "minmax";
  /** One statistic per feature (true) or one for all values, as for image pixels (false). Defaults to true. */
  perFeature?: boolean;
}

/** Statistics fitted on training inputs, and the map they define. */
export interface Normalizer {
  /** The method used. */
  method: "standard" | "minmax";
  /** What is subtracted, per feature (mean or min). */
  shift: number[];
  /** What the difference is divided by, per feature (std or max − min; 1 where that is 0). */
  scale: number[];
  /** Apply the fitted map to inputs of the same layout (nested rows, 1-D values, or flat typed). */
  transform<X extends Labeled["x"]>(x: X): X;
}

function featureCount(x: Labeled["x"], n?: number): number {
  if (Array.isArray(x)) return Array.isArray(x[0]) ? (x[0] as number[]).length : 1;
  return n ? x.length / n : 1;
}

/** Visit every value with its feature index (rows, 1-D arrays and flat typed arrays alike). */
function eachValue(x: Labeled["x"], features: number, f: (v: number, j: number) => void): void {
  if (Array.isArray(x) && Array.isArray(x[0])) {
    for (const row of x as number[][]) row.forEach((v, j) => f(v, j));
  } else {
    const flat = x as ArrayLike<number>;
    for (let i = 0; i < flat.length; i++) f(flat[i], i % features);
  }
}

/**
 * Fit normalisation statistics on training inputs (`n` = number of samples, needed only for flat typed arrays).
 * @example
 * const norm = dl.data.fitNormalizer([[1, 10], [3, 30]]); // shift [2, 20], scale [1, 10]
 * norm.transform([[2, 20]]); // [[0, 0]]
 */
export function fitNormalizer(x: Labeled["x"], opts: NormalizeOptions & { n?: number } = {}): Normalizer {
  return fit("dl.data.fitNormalizer", "x", x, opts);
}

// fn and xArg name the student's call in errors (fitNormalizer's x, or normalize's splits.train.x)
function fit(fn: string, xArg: string, x: Labeled["x"], opts: NormalizeOptions & { n?: number }): Normalizer {
  const method = opts.method ?? "standard";
  if (method !== "standard" && method !== "minmax") {
    throw new ArgumentError(fn, "opts.method", '"standard" or "minmax"', describeValue(method));
  }
  if (!Array.isArray(x) && !ArrayBuffer.isView(x))
    throw new ArgumentError(fn, xArg, "an array (or typed array) of samples", describeValue(x));
  if (x.length === 0) throw new ArgumentError(fn, xArg, "at least one sample", "an empty array");
  const features = featureCount(x, opts.n);
  const k = opts.perFeature === false ? 1 : features;
  const at = (j: number) => (k === 1 ? 0 : j);
  const sum = new Float64Array(k),
    sq = new Float64Array(k),
    cnt = new Float64Array(k);
  const lo = new Float64Array(k).fill(Infinity),
    hi = new Float64Array(k).fill(-Infinity);
  eachValue(x, features, (v, j) => {
    const f = at(j);
    sum[f] += v;
    cnt[f]++;
    lo[f] = Math.min(lo[f], v);
    hi[f] = Math.max(hi[f], v);
  });
  const mean = Array.from(sum, (s, f) => s / cnt[f]);
  eachValue(x, features, (v, j) => (sq[at(j)] += (v - mean[at(j)]) ** 2));
  // population std (divide by n), as scikit-learn's StandardScaler; a constant feature keeps scale 1
  const spread =
    method === "standard"
      ? Array.from(sq, (s, f) => Math.sqrt(s / cnt[f]))
      : Array.from(hi, (h, f) => h - lo[f]);
  const shift = method === "standard" ? mean : Array.from(lo);
  const scale = spread.map((s) => (s > 1e-12 ? s : 1));
  const transform = <X extends Labeled["x"]>(input: X): X => {
    const m = (v: number, j: number) => (v - shift[at(j)]) / scale[at(j)];
    if (Array.isArray(input) && Array.isArray(input[0]))
      return (input as number[][]).map((row) => row.map(m)) as X;
    if (Array.isArray(input)) return (input as number[]).map((v) => m(v, 0)) as X;
    const flat = input as Float32Array;
    const out = new (flat.constructor as Float32ArrayConstructor)(flat.length);
    for (let i = 0; i < flat.length; i++) out[i] = m(flat[i], i % features);
    return out as X;
  };
  return { method, shift, scale, transform };
}

/**
 * Fit on `splits.train`, apply to every split given; returns the normalised splits and the normalizer.
 * @example
 * const s = dl.data.normalize(dl.data.split(dl.data.gauss({ n: 200 }), { validation: 0.2 }));
 * s.train.x; // mean 0, std 1 per feature
 */
export function normalize<D extends Labeled, S extends { train: D; validation?: D; test?: D }>(
  splits: S,
  opts: NormalizeOptions = {},
): S & { normalizer: Normalizer } {
  return normalizeAs("dl.data.normalize", splits, opts);
}

function normalizeAs<D extends Labeled, S extends { train: D; validation?: D; test?: D }>(
  fn: string,
  splits: S,
  opts: NormalizeOptions,
): S & { normalizer: Normalizer } {
  if (!splits || !splits.train) {
    const hint = "Pass what dl.data.split returns (or { train: { x, y } }).";
    throw new ArgumentError(fn, "splits", "{ train, validation?, test? }", describeValue(splits), hint);
  }
  const norm = fit(fn, "splits.train.x", splits.train.x, { ...opts, n: splits.train.y?.length });
  const out: Record<string, unknown> = { ...splits, normalizer: norm };
  for (const key of ["train", "validation", "test"] as const) {
    const part = splits[key];
    if (part) out[key] = { ...part, x: norm.transform(part.x) };
  }
  return out as S & { normalizer: Normalizer };
}

/**
 * {@link normalize} with method "standard": zero mean and unit standard deviation per feature, fitted on train.
 * @example
 * const s = dl.data.standardize({ train: { x: [[1], [3]], y: [0, 1] } }); // s.train.x = [[-1], [1]]
 */
export function standardize<D extends Labeled, S extends { train: D; validation?: D; test?: D }>(
  splits: S,
  opts: Omit<NormalizeOptions, "method"> = {},
): S & { normalizer: Normalizer } {
  return normalizeAs<D, S>("dl.data.standardize", splits, { ...opts, method: "standard" });
}
