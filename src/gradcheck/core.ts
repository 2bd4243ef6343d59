/**
 * Gradient checks: a gradient function (usually the student's) against tfjs autodiff AND against
 * central finite differences computed in float64. Float32 differences only reach ~1e-3 relative
 * error (FINDINGS), so the tight check needs the loss in plain JS numbers (`opts.f64`).
 */
import * as tf from "@tensorflow/tfjs";
import { rng } from "../data/rng";
import {
  describeResult,
  relError,
  type GradcheckOptions,
  type GradcheckResult,
  type Nested,
  type TensorCheck,
} from "./report";

export type { GradcheckOptions, GradcheckResult, Nested, TensorCheck } from "./report";

function nest(flat: ArrayLike<number>, shape: number[]): Nested {
  if (shape.length === 0) return flat[0];
  const [n, ...rest] = shape;
  const size = rest.reduce((p, s) => p * s, 1);
  return Array.from({ length: n }, (_, i) =>
    nest(Array.prototype.slice.call(flat, i * size, (i + 1) * size), rest),
  );
}

type Flat = Record<string, Float64Array>;

/**
 * The steps of a check as a generator that yields each tensor it needs read and receives its
 * values: one code path, read at once (dataSync) or awaited (data(), which every backend has).
 */
type Reads<T> = Generator<tf.Tensor, T, Float64Array>;

/** Run the steps reading tensors at once: every backend but WebGPU. */
function drive<T>(steps: Reads<T>): T {
  let r = steps.next();
  try {
    while (!r.done) r = steps.next(Float64Array.from(r.value.dataSync()));
    return r.value;
  } finally {
    if (!r.done) steps.return(undefined as T); // run the generator's finally blocks (frees tensors)
  }
}

/** Run the steps awaiting each read. */
async function driveAsync<T>(steps: Reads<T>): Promise<T> {
  let r = steps.next();
  try {
    while (!r.done) r = steps.next(Float64Array.from(await r.value.data()));
    return r.value;
  } finally {
    if (!r.done) steps.return(undefined as T);
  }
}

/** Read a student's gradient (tensor or nested array) as flat numbers, checking the shape. */
function* readGrad(name: string, label: string, g: unknown, shape: number[]): Reads<Float64Array> {
  const want = JSON.stringify(shape);
  const wrong = (got: string) =>
    new RangeError(`gradient "${name}" (${label}) must have shape ${want}, got ${got}`);
  if (g instanceof tf.Tensor) {
    if (JSON.stringify(g.shape) !== want) throw wrong(JSON.stringify(g.shape));
    return yield g;
  }
  if (typeof g === "number" && shape.length === 0) return Float64Array.of(g);
  if (!Array.isArray(g)) {
    const got = g === undefined ? "nothing" : typeof g;
    throw new TypeError(
      `gradient "${name}" (${label}) must be a tensor or an array of shape ${want}, got ${got}`,
    );
  }
  const t = tf.tensor(g as number[]);
  const got = JSON.stringify(t.shape);
  t.dispose();
  if (got !== want) throw wrong(got);
  return Float64Array.from((g as unknown[]).flat(Infinity) as number[]);
}

/** The loss at the current values of `flat`: float64 JS numbers when `f64` is given, else tfjs float32. */
function* lossAt(
  f: (p: Record<string, tf.Tensor>) => tf.Scalar,
  f64: GradcheckOptions["f64"],
  flat: Flat,
  shapes: Record<string, number[]>,
): Reads<number> {
  const keys = Object.keys(flat);
  if (f64) return f64(Object.fromEntries(keys.map((k) => [k, nest(flat[k], shapes[k])])));
  const v = tf.tidy(() =>
    f(Object.fromEntries(keys.map((k) => [k, tf.tensor(Float32Array.from(flat[k]), shapes[k])]))),
  );
  try {
    return (yield v)[0];
  } finally {
    v.dispose();
  }
}

/** Central differences (L(θ + ε) − L(θ − ε)) / 2ε at the probed entries, perturbing `flat` in place. */
function* centralDifferences(
  loss: () => Reads<number>,
  flat: Flat,
  probes: Record<string, number[]>,
  eps: number,
): Reads<Flat> {
  const out: Flat = {};
  for (const k of Object.keys(flat)) {
    out[k] = new Float64Array(flat[k].length);
    for (const i of probes[k]) {
      const keep = flat[k][i];
      flat[k][i] = keep + eps;
      const up = yield* loss();
      flat[k][i] = keep - eps;
      const down = yield* loss();
      flat[k][i] = keep;
      out[k][i] = (up - down) / (2 * eps);
    }
  }
  return out;
}

/** Read the gradient function's answer as flat float64 numbers; its tensors are freed once read. */
function* studentGrads(
  mine: Record<string, unknown>,
  names: string[],
  label: (k: string) => string,
  shapes: Record<string, number[]>,
): Reads<Flat> {
  try {
    if (!mine || typeof mine !== "object") {
      throw new TypeError(
        `dl.gradcheck: "gradFn" must return an object with one gradient per parameter (${names.join(", ")}), got ${String(mine)}`,
      );
    }
    const out: Flat = {};
    for (const k of names) out[k] = yield* readGrad(k, label(k), mine[k], shapes[k]);
    return out;
  } finally {
    tf.dispose(Object.values(mine ?? {}).filter((v): v is tf.Tensor => v instanceof tf.Tensor));
  }
}

/** tfjs autodiff of f with respect to every parameter, as flat float64 numbers. */
function* autodiff(
  f: (p: Record<string, tf.Tensor>) => tf.Scalar,
  params: Record<string, tf.Tensor>,
  names: string[],
): Reads<Flat> {
  const auto = tf.grads((...ts: tf.Tensor[]) => f(Object.fromEntries(names.map((k, i) => [k, ts[i]]))))(
    names.map((k) => params[k]),
  );
  try {
    const out: Flat = {};
    for (const [i, k] of names.entries()) out[k] = yield auto[i];
    return out;
  } finally {
    tf.dispose(auto);
  }
}

/** Probe every entry of small tensors, a seeded sample of `max` entries of big ones. */
function probeEntries(flat: Flat, names: string[], max: number): Record<string, number[]> {
  const r = rng(`gradcheck-${names.join(",")}`);
  return Object.fromEntries(
    names.map((k) => [
      k,
      flat[k].length <= max
        ? Array.from(flat[k].keys())
        : Array.from(r.permutation(flat[k].length).slice(0, max)),
    ]),
  );
}

function checkArgs(gradFn: unknown, f: unknown, params: Record<string, tf.Tensor>): string[] {
  if (typeof gradFn !== "function")
    throw new TypeError(`dl.gradcheck: argument "gradFn" must be a function, got ${typeof gradFn}`);
  if (typeof f !== "function")
    throw new TypeError(
      `dl.gradcheck: argument "f" must be a function returning a scalar tensor, got ${typeof f}`,
    );
  const names = Object.keys(params ?? {});
  if (names.length === 0 || !names.every((k) => params[k] instanceof tf.Tensor)) {
    throw new RangeError(
      `dl.gradcheck: argument "params" must map names to tensors, got ${JSON.stringify(params)}`,
    );
  }
  return names;
}

/** Signature shared by the check's two drivers. */
type GradFn = (params: Record<string, tf.Tensor>) => Record<string, unknown>;
type LossFn = (params: Record<string, tf.Tensor>) => tf.Scalar;

/** The whole check as steps: read params, the student's gradients, autodiff, differences; then compare. */
function* steps(
  gradFn: GradFn,
  f: LossFn,
  params: Record<string, tf.Tensor>,
  opts: GradcheckOptions,
): Reads<GradcheckResult> {
  const names = checkArgs(gradFn, f, params);
  const label = (k: string) => opts.labels?.[k] ?? k;
  const shapes = Object.fromEntries(names.map((k) => [k, params[k].shape]));
  const flat: Flat = {};
  for (const k of names) flat[k] = Float64Array.from(yield params[k]);
  const got = yield* studentGrads(gradFn(params), names, label, shapes);
  const auto = yield* autodiff(f, params, names);
  const probes = probeEntries(flat, names, opts.maxEntries ?? 200);
  const reference = opts.f64 ? "float64" : "float32";
  const tol = opts.tol ?? (opts.f64 ? 1e-4 : 3e-2);
  const eps = opts.eps ?? (opts.f64 ? 1e-6 : 1e-2);
  const numeric = yield* centralDifferences(() => lossAt(f, opts.f64, flat, shapes), flat, probes, eps);
  const tensors: TensorCheck[] = names.map((k) => {
    const relErrorAutodiff = relError(got[k], auto[k]);
    const relErrorFD = relError(got[k], numeric[k], probes[k]);
    const ok = relErrorAutodiff <= tol && relErrorFD <= tol;
    return {
      name: k,
      label: label(k),
      shape: shapes[k],
      relErrorAutodiff,
      relErrorFD,
      ok,
      ...(opts.hints?.[k] ? { hint: opts.hints[k] } : {}),
    };
  });
  const wrong = tensors.filter((t) => !t.ok).map((t) => t.name);
  const text = describeResult(tensors, reference, tol, opts.hints ?? {});
  if (opts.print) console.log(text);
  return { ok: wrong.length === 0, tensors, wrong, reference, text };
}

/**
 * Compare `gradFn(params)` with autodiff of `f` and with central differences; name the wrong tensors.
 * @example
 * const p = { w: tf.tensor1d([1, 2]) };
 * const f = (q: Record<string, tf.Tensor>) => tf.sum(tf.square(q.w)) as tf.Scalar;
 * const r = await dl.gradcheck((q) => ({ w: q.w.mul(2) }), f, p, { f64: (q) => (q.w as number[]).reduce((s, v) => s + v * v, 0) });
 * r.ok; // true
 */
export function checkGradients(
  gradFn: GradFn,
  f: LossFn,
  params: Record<string, tf.Tensor>,
  opts: GradcheckOptions = {},
): Promise<GradcheckResult> {
  return driveAsync(steps(gradFn, f, params, opts));
}

/**
 * The same check, done before it returns (tensors read with dataSync: every backend but WebGPU),
 * so a notebook cell shows its verdict even without `await`.
 * @example
 * const r = dl.gradcheck.now((q) => ({ w: q.w.mul(2) }), (q) => tf.sum(tf.square(q.w)) as tf.Scalar, { w: tf.tensor1d([1, 2]) });
 */
export function checkGradientsNow(
  gradFn: GradFn,
  f: LossFn,
  params: Record<string, tf.Tensor>,
  opts: GradcheckOptions = {},
): GradcheckResult {
  return drive(steps(gradFn, f, params, opts));
}
