/**
 * Gradient checks: a gradient function (usually the student's) against tfjs autodiff AND against
 * central finite differences computed in float64. Float32 differences only reach ~1e-3 relative
 * error (FINDINGS), so the tight check needs the loss in plain JS numbers (`opts.f64`).
 */
import * as tf from "@tensorflow/tfjs";
import { rng } from "../data/rng";
import { ArgumentError, describeValue } from "../errors";
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

/** Read a tensor's values as float64 numbers: awaited, which works on every backend (WebGPU too). */
async function read(t: tf.Tensor): Promise<Float64Array> {
  return Float64Array.from(await t.data());
}

/** Read a student's gradient (tensor or nested array) as flat numbers, checking the shape. */
async function readGrad(name: string, label: string, g: unknown, shape: number[]): Promise<Float64Array> {
  const want = JSON.stringify(shape);
  const wrong = (got: string) =>
    new ArgumentError(
      "dl.gradcheck",
      "gradFn",
      `gradient "${name}" (${label}) of shape ${want}`,
      `shape ${got}`,
    );
  if (g instanceof tf.Tensor) {
    if (JSON.stringify(g.shape) !== want) throw wrong(JSON.stringify(g.shape));
    return read(g);
  }
  if (typeof g === "number" && shape.length === 0) return Float64Array.of(g);
  if (!Array.isArray(g)) {
    const expected = `gradient "${name}" (${label}) as a tensor or an array of shape ${want}`;
    throw new ArgumentError(
      "dl.gradcheck",
      "gradFn",
      expected,
      g === undefined ? "nothing" : describeValue(g),
    );
  }
  const t = tf.tensor(g as number[]);
  const got = JSON.stringify(t.shape);
  t.dispose();
  if (got !== want) throw wrong(got);
  return Float64Array.from((g as unknown[]).flat(Infinity) as number[]);
}

/** The loss at the current values of `flat`: float64 JS numbers when `f64` is given, else tfjs float32. */
async function lossAt(
  f: (p: Record<string, tf.Tensor>) => tf.Scalar,
  f64: GradcheckOptions["f64"],
  flat: Flat,
  shapes: Record<string, number[]>,
): Promise<number> {
  const keys = Object.keys(flat);
  if (f64) return f64(Object.fromEntries(keys.map((k) => [k, nest(flat[k], shapes[k])])));
  const v = tf.tidy(() =>
    f(Object.fromEntries(keys.map((k) => [k, tf.tensor(Float32Array.from(flat[k]), shapes[k])]))),
  );
  try {
    return (await read(v))[0];
  } finally {
    v.dispose();
  }
}

/** Central differences (L(θ + ε) − L(θ − ε)) / 2ε at the probed entries, perturbing `flat` in place. */
async function centralDifferences(
  loss: () => Promise<number>,
  flat: Flat,
  probes: Record<string, number[]>,
  eps: number,
): Promise<Flat> {
  const out: Flat = {};
  for (const k of Object.keys(flat)) {
    out[k] = new Float64Array(flat[k].length);
    for (const i of probes[k]) {
      const keep = flat[k][i];
      flat[k][i] = keep + eps;
      const up = await loss();
      flat[k][i] = keep - eps;
      const down = await loss();
      flat[k][i] = keep;
      out[k][i] = (up - down) / (2 * eps);
    }
  }
  return out;
}

/** Read the gradient function's answer as flat float64 numbers; its tensors are freed once read. */
async function studentGrads(
  mine: Record<string, unknown>,
  names: string[],
  label: (k: string) => string,
  shapes: Record<string, number[]>,
): Promise<Flat> {
  try {
    if (!mine || typeof mine !== "object") {
      const expected = `a function returning one gradient per parameter (${names.join(", ")})`;
      throw new ArgumentError(
        "dl.gradcheck",
        "gradFn",
        expected,
        `a function returning ${describeValue(mine)}`,
      );
    }
    const out: Flat = {};
    for (const k of names) out[k] = await readGrad(k, label(k), mine[k], shapes[k]);
    return out;
  } finally {
    tf.dispose(Object.values(mine ?? {}).filter((v): v is tf.Tensor => v instanceof tf.Tensor));
  }
}

/** tfjs autodiff of f with respect to every parameter, as flat float64 numbers. */
async function autodiff(
  f: (p: Record<string, tf.Tensor>) => tf.Scalar,
  params: Record<string, tf.Tensor>,
  names: string[],
): Promise<Flat> {
  const auto = tf.grads((...ts: tf.Tensor[]) => f(Object.fromEntries(names.map((k, i) => [k, ts[i]]))))(
    names.map((k) => params[k]),
  );
  try {
    const out: Flat = {};
    for (const [i, k] of names.entries()) out[k] = await read(auto[i]);
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

/** The parameter names, once the arguments are known to be a gradient function, a loss and named tensors. */
function checkArgs(gradFn: unknown, f: unknown, params: Record<string, tf.Tensor>): string[] {
  if (typeof gradFn !== "function")
    throw new ArgumentError("dl.gradcheck", "gradFn", "a function", describeValue(gradFn));
  if (typeof f !== "function")
    throw new ArgumentError("dl.gradcheck", "f", "a function returning a scalar tensor", describeValue(f));
  const names = Object.keys(params ?? {});
  if (names.length === 0 || !names.every((k) => params[k] instanceof tf.Tensor))
    throw new ArgumentError(
      "dl.gradcheck",
      "params",
      "an object mapping names to tensors",
      describeValue(params),
    );
  return names;
}

/** A gradient function and the loss it is the gradient of. */
type GradFn = (params: Record<string, tf.Tensor>) => Record<string, unknown>;
type LossFn = (params: Record<string, tf.Tensor>) => tf.Scalar;

/**
 * Compare `gradFn(params)` with autodiff of `f` and with central differences; name the wrong tensors.
 * @example
 * const p = { w: tf.tensor1d([1, 2]) };
 * const f = (q: Record<string, tf.Tensor>) => tf.sum(tf.square(q.w)) as tf.Scalar;
 * const r = await dl.gradcheck((q) => ({ w: q.w.mul(2) }), f, p, { f64: (q) => (q.w as number[]).reduce((s, v) => s + v * v, 0) });
 * r.ok; // true
 */
export async function checkGradients(
  gradFn: GradFn,
  f: LossFn,
  params: Record<string, tf.Tensor>,
  opts: GradcheckOptions = {},
): Promise<GradcheckResult> {
  // read the params, the student's gradients, autodiff and the differences; then compare
  const names = checkArgs(gradFn, f, params);
  const label = (k: string) => opts.labels?.[k] ?? k;
  const shapes = Object.fromEntries(names.map((k) => [k, params[k].shape]));
  const flat: Flat = {};
  for (const k of names) flat[k] = await read(params[k]);
  const got = await studentGrads(gradFn(params), names, label, shapes);
  const auto = await autodiff(f, params, names);
  const probes = probeEntries(flat, names, opts.maxEntries ?? 200);
  const reference = opts.f64 ? "float64" : "float32";
  const tol = opts.tol ?? (opts.f64 ? 1e-4 : 3e-2);
  const eps = opts.eps ?? (opts.f64 ? 1e-6 : 1e-2);
  const numeric = await centralDifferences(() => lossAt(f, opts.f64, flat, shapes), flat, probes, eps);
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
