/**
 * Self-checks for regularization exercises (lab 04): weight penalties and a train/validation split.
 */
import * as tf from "@tensorflow/tfjs";
import { ArgumentError, describeValue } from "../errors";
import { attempt, compare, NotYet, numbers, run, within, type CheckOptions, type CheckResult } from "./core";

/**
 * Check an L2 (or L1) penalty `fn(w, lambda)`: λ·½‖w‖² as in the lecture (R(w) = ½‖w‖²), or λ‖w‖₁.
 * @example
 * await dl.check.penalty("l2", (w, lambda) => lambda * 0.5 * w.reduce((s, v) => s + v * v, 0));
 */
export async function penalty(
  kind: "l1" | "l2",
  fn: (w: number[], lambda: number) => number | tf.Tensor,
  opts: CheckOptions = {},
): Promise<CheckResult> {
  if (kind !== "l1" && kind !== "l2")
    throw new ArgumentError("dl.check.penalty", "kind", '"l1" or "l2"', describeValue(kind));
  const w = [0.5, -1.5, 2, 0, -0.25];
  const lambda = 0.3;
  const ref =
    kind === "l2"
      ? lambda * 0.5 * w.reduce((s, v) => s + v * v, 0)
      : lambda * w.reduce((s, v) => s + Math.abs(v), 0);
  // a slip is recognised when it matches the wrong formula's value to 1e-6
  const slip = { rtol: 0, atol: 1e-6 };
  return run(
    `${kind.toUpperCase()} penalty`,
    kind === "l2"
      ? "λ·R(w) with R(w) = ½‖w‖²: square, sum, halve, times λ"
      : "λ·‖w‖₁: absolute values, summed, times λ",
    async () => {
      const out = await attempt("your penalty", () => fn(w.slice(), lambda));
      const got = await numbers("your penalty", out);
      if (out instanceof tf.Tensor) out.dispose();
      if (got.values.length !== 1) throw new NotYet("the penalty is one number: sum over all weights");
      const v = got.values[0];
      if (kind === "l2" && within(v, 2 * ref, slip))
        throw new NotYet("off by a factor of 2: the lecture's R(w) = ½‖w‖²");
      if (within(v * lambda, ref, slip))
        throw new NotYet("multiply by λ: it sets how much simplicity weighs against fit");
      compare("your penalty", { values: [v], shape: null }, { values: [ref], shape: null }, opts);
    },
    opts.print,
  );
}

/**
 * Check a split `fn(n, valFraction)` → `{ train, validation }` (sample indices): disjoint, complete,
 * the right size, and shuffled (not simply the first or last samples).
 * @example
 * await dl.check.split((n, f) => { const p = dl.data.rng(0).permutation(n); const k = Math.round(n * f); return { train: [...p.slice(k)], validation: [...p.slice(0, k)] }; });
 */
export async function split(
  fn: (n: number, valFraction: number) => { train: ArrayLike<number>; validation: ArrayLike<number> },
  opts: CheckOptions = {},
): Promise<CheckResult> {
  return run(
    "train/validation split",
    "",
    async () => {
      const n = 50;
      const f = 0.2;
      const out = await attempt("your split", () => fn(n, f));
      if (!out.train || !out.validation)
        throw new NotYet("return an object { train, validation } of sample indices");
      const tr = Array.from(out.train);
      const va = Array.from(out.validation);
      const all = [...tr, ...va];
      if (!all.every((i) => Number.isInteger(i) && i >= 0 && i < n))
        throw new NotYet(`indices must be integers in [0, ${n})`);
      if (new Set(all).size !== all.length)
        throw new NotYet("a sample is in both sets (or twice in one): validation must be unseen in training");
      if (all.length !== n)
        throw new NotYet(`every sample should land in one of the two sets: ${all.length} of ${n} did`);
      if (Math.abs(va.length - n * f) > 1)
        throw new NotYet(
          `the validation set should hold about valFraction · n samples, got ${va.length} of ${n}`,
        );
      const sorted = va.slice().sort((a, b) => a - b);
      const block =
        sorted.every((v, i) => i === 0 || v === sorted[i - 1] + 1) &&
        (sorted[0] === 0 || sorted[sorted.length - 1] === n - 1);
      if (block)
        throw new NotYet(
          "shuffle (with a seed) before splitting: data sorted by class would leave one class out of validation",
        );
    },
    opts.print,
  );
}
