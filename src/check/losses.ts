/**
 * Self-checks for the loss exercises (labs 01 and 02): the quadratic cost, softmax and binary
 * cross-entropy, each with the hint for its typical slip (a factor of 2, overflow, log₁₀, sum
 * instead of mean, log 0).
 */
import * as tf from "@tensorflow/tfjs";
import { rng } from "../data/rng";
import {
  attempt,
  compare,
  NotYet,
  num,
  numbers,
  run,
  SLIP,
  tolerance,
  within,
  type CheckOptions,
  type CheckResult,
} from "./core";

/**
 * Check the quadratic cost C = 1/(2n) Σ‖y − a‖² as `fn(a, y)` on [n, k] tensors (samples in rows).
 * @example
 * await dl.check.cost((a, y) => tf.sum(tf.square(tf.sub(y, a))).div(2 * a.shape[0]));
 */
export async function cost(
  fn: (a: tf.Tensor2D, y: tf.Tensor2D) => tf.Tensor | number,
  opts: CheckOptions = {},
): Promise<CheckResult> {
  const r = rng("check-cost");
  const n = 5;
  const av = Array.from({ length: n }, () => [r.uniform(0, 1), r.uniform(0, 1)]);
  const yv = Array.from({ length: n }, () => [r.int(2), r.int(2)]);
  const ref =
    av.reduce((s, row, i) => s + row.reduce((t, aj, j) => t + (yv[i][j] - aj) ** 2, 0), 0) / (2 * n);
  // the cost is float32 here: a slip matches the wrong formula within float32 rounding
  const slip32 = { rtol: 1e-5, atol: 0 };
  return run(
    "quadratic cost",
    "C = 1/(2n) Σ‖y − a‖²: square, sum over outputs and samples, then divide",
    async () => {
      const [a, y] = [tf.tensor2d(av), tf.tensor2d(yv)];
      try {
        const out = await attempt("your cost", () => fn(a, y));
        const got = await numbers("your cost", out);
        if (out instanceof tf.Tensor) out.dispose();
        if (got.values.length !== 1)
          throw new NotYet(
            `the cost should be one number, got shape [${got.shape?.join(", ")}]: sum over samples and outputs`,
          );
        const v = got.values[0];
        if (within(v * 2, ref, slip32))
          throw new NotYet("off by a factor of 2: it is 1/(2n), the ½ makes the derivative tidy");
        if (within(v / 2, ref, slip32)) throw new NotYet("off by a factor of 2: remember the ½ in 1/(2n)");
        if (within(v / n, ref, slip32)) throw new NotYet("average over the n samples: divide by n");
        compare("your cost", { values: [v], shape: null }, { values: [ref], shape: null }, opts);
      } finally {
        tf.dispose([a, y]);
      }
    },
    opts.print,
  );
}

/**
 * Check `fn(z)` → softmax(z), including large scores where exp overflows.
 * @example
 * await dl.check.softmax((z) => { const m = Math.max(...z); const e = z.map((v) => Math.exp(v - m)); const s = e.reduce((a, b) => a + b); return e.map((v) => v / s); });
 */
export async function softmax(fn: (z: number[]) => number[], opts: CheckOptions = {}): Promise<CheckResult> {
  const ref = (z: number[]) => {
    const m = Math.max(...z);
    const e = z.map((v) => Math.exp(v - m));
    const s = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / s);
  };
  const cases = [
    [1, 2, 3],
    [0, 0],
    [-1, 0.5, 2, -3],
    [1000, 1001, 999],
  ];
  return run(
    "softmax",
    "",
    async () => {
      for (const z of cases) {
        const got = await numbers("your softmax", await attempt("your softmax", () => fn(z.slice())));
        const big = Math.max(...z) > 700;
        if (got.values.some((v) => !Number.isFinite(v)))
          throw new NotYet(
            big
              ? "exp(1000) overflows: subtract max(z) from every score first"
              : "a value is not finite: look for a division by 0",
          );
        if (got.values.length !== z.length)
          throw new NotYet(`one probability per score: ${z.length} scores, got ${got.values.length} values`);
        const sum = got.values.reduce((a, b) => a + b, 0);
        if (!within(sum, 1, { rtol: 1e-6, atol: 1e-6 }))
          throw new NotYet("the probabilities should sum to 1: divide by the sum of the exponentials");
        compare("your softmax", got, { values: ref(z), shape: [z.length] }, tolerance(opts, 1e-6, 1e-9));
      }
    },
    opts.print,
  );
}

/**
 * Check the mean binary cross-entropy `fn(yTrue, yPred)`, including predictions of exactly 0 and 1.
 * @example
 * await dl.check.bce((t, p) => dl.losses.binaryCrossEntropy(t, p));
 */
export async function bce(
  fn: (yTrue: number[], yPred: number[]) => number,
  opts: CheckOptions = {},
): Promise<CheckResult> {
  const eps = 1e-7;
  const ref = (t: number[], p: number[]) =>
    t.reduce((s, ti, i) => {
      const q = Math.min(1 - eps, Math.max(eps, p[i]));
      return s - (ti * Math.log(q) + (1 - ti) * Math.log(1 - q));
    }, 0) / t.length;
  return run(
    "binary cross-entropy",
    "",
    async () => {
      const single = await num("your loss", () => fn([1], [0.1]));
      if (within(single, -Math.log10(0.1), SLIP))
        throw new NotYet("use the natural logarithm (Math.log), not log₁₀");
      if (within(single, Math.log(0.1), SLIP))
        throw new NotYet("the loss is −[y log ŷ + (1 − y) log(1 − ŷ)]: mind the minus sign");
      const t = [1, 0, 1, 1, 0];
      const p = [0.9, 0.2, 0.6, 0.3, 0.05];
      const got = await num("your loss", () => fn(t.slice(), p.slice()));
      if (within(got, ref(t, p) * t.length, SLIP))
        throw new NotYet("take the mean over the examples, not the sum");
      if (!within(got, ref(t, p), tolerance(opts, 1e-5)))
        throw new NotYet("each example adds −[y log ŷ + (1 − y) log(1 − ŷ)]: check the term for y = 0");
      const edge = await num("your loss", () => fn([1, 0], [0, 1]));
      if (!Number.isFinite(edge))
        throw new NotYet("a prediction of exactly 0 or 1 gives log 0: clip ŷ to [1e-7, 1 − 1e-7] first");
      if (!within(edge, ref([1, 0], [0, 1]), { rtol: 1e-3, atol: 1e-3 }))
        throw new NotYet("clip ŷ to [1e-7, 1 − 1e-7] before taking logs");
    },
    opts.print,
  );
}
