/**
 * Self-checks for the perceptron and neuron exercises (labs 01 and 02): the perceptron update,
 * logic gates, the decision line, σ via tanh, σ′ and the quadratic cost.
 */
import * as tf from "@tensorflow/tfjs";
import { rng } from "../data/rng";
import { attemptSync, compare, NotYet, numbersSync, runSync, type CheckResult, type Tolerance } from "./core";

/** Options every check accepts. */
export interface CheckOptions extends Tolerance {
  /** Print the line. Defaults to true. */
  print?: boolean;
}

const sigma = (z: number) => 1 / (1 + Math.exp(-z));

/**
 * Check one step of Rosenblatt's rule as `fn(w, b, x, y, lr)` → `{ w, b }`, labels 0/1, ŷ = [w·x + b > 0],
 * w ← w + η(y − ŷ)x, b ← b + η(y − ŷ).
 * @example
 * dl.check.perceptronUpdate((w, b, x, y, lr) => { … return { w, b }; });
 */
export function perceptronUpdate(
  fn: (w: number[], b: number, x: number[], y: number, lr: number) => { w: number[]; b: number },
  opts: CheckOptions = {},
): CheckResult {
  const cases: Array<[number[], number, number[], number, number, string]> = [
    [[1, -1], 0.5, [2, 3], 1, 1, "a point of class 1 predicted 0"],
    [[2, 1], 0, [1, 1], 0, 1, "a point of class 0 predicted 1"],
    [[1, 1], -1, [2, 2], 1, 1, "a point already on the right side"],
    [[0.5, -2], 1, [3, 1], 1, 0.1, "a mistake with learning rate 0.1"],
    [[1, 1], -2, [1, 1], 1, 1, "a point exactly on the line (w·x + b = 0 predicts 0)"],
  ];
  return runSync(
    "perceptron update",
    "compare with w ← w + η(y − ŷ)x and b ← b + η(y − ŷ)",
    () => {
      for (const [w, b, x, y, lr, what] of cases) {
        const yHat = w.reduce((s, wi, i) => s + wi * x[i], b) > 0 ? 1 : 0;
        const err = y - yHat;
        const out = attemptSync("your update", () => fn(w.slice(), b, x.slice(), y, lr));
        if (typeof out !== "object" || !("w" in out) || !("b" in out))
          throw new NotYet("return an object { w, b } with the new weights and bias");
        const moved = numbersSync("w", out.w).values.some((v, i) => v !== w[i]) || out.b !== b;
        if (err === 0 && moved)
          throw new NotYet(`for ${what}, nothing should change: the rule only acts on mistakes`);
        if (err !== 0 && !moved)
          throw new NotYet(`for ${what}, the weights should move: on a mistake, (y − ŷ) is not 0`);
        const want = {
          values: [...w.map((wi, i) => wi + lr * err * x[i]), b + lr * err],
          shape: [w.length + 1],
        };
        const got = { values: [...numbersSync("w", out.w).values, Number(out.b)], shape: [w.length + 1] };
        try {
          compare("w and b", got, want, opts);
        } catch {
          throw new NotYet(
            `not yet right for ${what}: check the direction (y − ŷ), the factor η and that b moves too`,
          );
        }
      }
    },
    opts.print,
  );
}

const GATES: Record<string, (a: number, b: number) => number> = {
  nand: (a, b) => 1 - a * b,
  and: (a, b) => a * b,
  or: (a, b) => Math.max(a, b),
};

/**
 * Check that a step perceptron with weights w and bias b computes a logic gate (nand, and, or).
 * @example
 * dl.check.gate("nand", { w: [-2, -2], b: 3 });
 */
export function gate(
  name: "nand" | "and" | "or",
  p: { w: number[]; b: number },
  opts: CheckOptions = {},
): CheckResult {
  const truth = GATES[String(name).toLowerCase()];
  if (!truth)
    throw new RangeError(
      `dl.check.gate: argument "name" must be one of ${Object.keys(GATES).join(", ")}, got ${JSON.stringify(name)}`,
    );
  return runSync(
    `${name.toUpperCase()} perceptron`,
    "",
    () => {
      const { w, b } = attemptSync("your weights", () => p);
      const ws = numbersSync("w", w);
      if (ws.values.length !== 2)
        throw new NotYet(`w should hold 2 weights (one per input), got ${ws.values.length}`);
      if (typeof b !== "number" || !Number.isFinite(b))
        throw new NotYet(`b should be a number, got ${String(b)}`);
      for (const [x1, x2] of [
        [0, 0],
        [0, 1],
        [1, 0],
        [1, 1],
      ]) {
        const out = ws.values[0] * x1 + ws.values[1] * x2 + b > 0 ? 1 : 0;
        if (out !== truth(x1, x2))
          throw new NotYet(
            `for inputs (${x1}, ${x2}) the perceptron outputs ${out}; the ${name.toUpperCase()} truth table says otherwise`,
          );
      }
    },
    opts.print,
  );
}

/**
 * Check `fn(x1, x2)` → which side of the line w₀ + w₁x₁ + w₂x₂ = 0 a point is on (1 or 0), at 200 seeded points.
 * @example
 * dl.check.decisionLine((x1, x2) => (1 + 3 * x1 - 2 * x2 > 0 ? 1 : 0), { w0: 1, w: [3, -2] });
 */
export function decisionLine(
  fn: (x1: number, x2: number) => number,
  line: { w0: number; w: [number, number] },
  opts: CheckOptions = {},
): CheckResult {
  return runSync(
    "decision line",
    "",
    () => {
      const r = rng("decision-line");
      for (let i = 0; i < 200; i++) {
        const [x1, x2] = [r.uniform(-3, 3), r.uniform(-3, 3)];
        const z = line.w0 + line.w[0] * x1 + line.w[1] * x2;
        if (Math.abs(z) < 1e-9) continue;
        const got = attemptSync("your function", () => fn(x1, x2));
        if (got !== 0 && got !== 1)
          throw new NotYet(`return the class, 1 or 0, got ${String(got).slice(0, 20)}`);
        if (got !== (z > 0 ? 1 : 0))
          throw new NotYet(
            `a point is put on the wrong side: the sign of w₀ + w₁x₁ + w₂x₂ decides the class`,
          );
      }
    },
    opts.print,
  );
}

/** Numbers in a tensor-or-number function's answer for each z (one call per z, numbers in, numbers out). */
function scalarFn(what: string, fn: (z: number) => unknown, zs: number[]): number[] {
  const out: number[] = [];
  for (const z of zs) {
    const v = attemptSync(what, () => fn(z));
    const n = numbersSync(`${what} at z = ${z}`, v);
    if (v instanceof tf.Tensor) v.dispose();
    if (n.values.length !== 1)
      throw new NotYet(`${what} should return one number for one z, got ${n.values.length}`);
    out.push(n.values[0]);
  }
  return out;
}

/**
 * Check σ(z) computed through tanh, σ(z) = (1 + tanh(z/2)) / 2, on z from −20 to 20.
 * @example
 * dl.check.sigmoidViaTanh((z) => (1 + Math.tanh(z / 2)) / 2);
 */
export function sigmoidViaTanh(fn: (z: number) => number | tf.Tensor, opts: CheckOptions = {}): CheckResult {
  const zs = [-20, -5, -1, -0.3, 0, 0.3, 1, 2.5, 5, 20];
  return runSync(
    "σ via tanh",
    "",
    () => {
      const got = scalarFn("your function", fn, zs);
      const bad = got.findIndex((v) => !Number.isFinite(v));
      if (bad >= 0) throw new NotYet(`at z = ${zs[bad]} your function gives ${got[bad]}`);
      const i0 = zs.indexOf(0);
      if (Math.abs(got[i0] - 0.5) > 1e-6)
        throw new NotYet("σ(0) should be one half: check the 1 + … and the / 2");
      const at = (k: number) => Math.abs(got[k] - sigma(zs[k])) > 1e-6 + 1e-5 * sigma(zs[k]);
      if (zs.some((_, k) => at(k))) {
        const tanhOfZ = zs.every((z, k) => Math.abs(got[k] - (1 + Math.tanh(z)) / 2) < 1e-6);
        throw new NotYet(
          tanhOfZ
            ? "tanh should take z/2, not z"
            : "compare with σ(z) = 1 / (1 + e^(−z)) at a few z, e.g. z = 1",
        );
      }
    },
    opts.print,
  );
}

/**
 * Check σ′(z) = σ(z)(1 − σ(z)) as `fn(z: tf.Tensor) → tf.Tensor` on a vector of z.
 * @example
 * dl.check.sigmoidPrime((z) => tf.sigmoid(z).mul(tf.sub(1, tf.sigmoid(z))));
 */
export function sigmoidPrime(
  fn: (z: tf.Tensor) => tf.Tensor | number[],
  opts: CheckOptions = {},
): CheckResult {
  const zs = [-6, -2, -0.5, 0, 0.5, 2, 6];
  return runSync(
    "σ′",
    "σ′(z) = σ(z)(1 − σ(z)): the derivative of the sigmoid at z, not at σ(z)",
    () => {
      const z = tf.tensor1d(zs);
      try {
        const out = attemptSync("your function", () => fn(z));
        const got = numbersSync("your σ′", out);
        if (out instanceof tf.Tensor && out !== z) out.dispose();
        compare(
          "your σ′",
          got,
          { values: zs.map((v) => sigma(v) * (1 - sigma(v))), shape: [zs.length] },
          opts,
        );
      } finally {
        z.dispose();
      }
    },
    opts.print,
  );
}

/**
 * Check the quadratic cost C = 1/(2n) Σ‖y − a‖² as `fn(a, y)` on [n, k] tensors (samples in rows).
 * @example
 * dl.check.cost((a, y) => tf.sum(tf.square(tf.sub(y, a))).div(2 * a.shape[0]));
 */
export function cost(
  fn: (a: tf.Tensor2D, y: tf.Tensor2D) => tf.Tensor | number,
  opts: CheckOptions = {},
): CheckResult {
  const r = rng("check-cost");
  const n = 5;
  const av = Array.from({ length: n }, () => [r.uniform(0, 1), r.uniform(0, 1)]);
  const yv = Array.from({ length: n }, () => [r.int(2), r.int(2)]);
  const ref =
    av.reduce((s, row, i) => s + row.reduce((t, aj, j) => t + (yv[i][j] - aj) ** 2, 0), 0) / (2 * n);
  return runSync(
    "quadratic cost",
    "C = 1/(2n) Σ‖y − a‖²: square, sum over outputs and samples, then divide",
    () => {
      const [a, y] = [tf.tensor2d(av), tf.tensor2d(yv)];
      try {
        const out = attemptSync("your cost", () => fn(a, y));
        const got = numbersSync("your cost", out);
        if (out instanceof tf.Tensor) out.dispose();
        if (got.values.length !== 1)
          throw new NotYet(
            `the cost should be one number, got shape [${got.shape?.join(", ")}]: sum over samples and outputs`,
          );
        const v = got.values[0];
        if (Math.abs(v * 2 - ref) < 1e-5 * ref)
          throw new NotYet("off by a factor of 2: it is 1/(2n), the ½ makes the derivative tidy");
        if (Math.abs(v / 2 - ref) < 1e-5 * ref)
          throw new NotYet("off by a factor of 2: remember the ½ in 1/(2n)");
        if (Math.abs(v / n - ref) < 1e-5 * ref) throw new NotYet("average over the n samples: divide by n");
        compare("your cost", { values: [v], shape: null }, { values: [ref], shape: null }, opts);
      } finally {
        tf.dispose([a, y]);
      }
    },
    opts.print,
  );
}
