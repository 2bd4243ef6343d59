/**
 * Lab self-checks on single neurons and their gradients: activation derivatives, the step
 * perceptron, softmax, binary cross-entropy, the two-weight chain rule.
 */
import { attempt, compare, NotYet, numbers, run, type CheckResult } from "../check/core";
import type { CheckOptions } from "../check/neurons";
import { close, num } from "./shared";
import { rng } from "../data/rng";

const sig = (z: number) => 1 / (1 + Math.exp(-z));
/**
 * Check `fn(z)` → `{ sigmoid, tanh, relu }`: σ′ = σ(1 − σ), tanh′ = 1 − tanh², ReLU′ = [z > 0].
 * @example
 * await dl.checkLab.activationDerivatives((z) => ({ sigmoid: 0.25, tanh: 1, relu: 0 }));
 */
export async function activationDerivatives(
  fn: (z: number) => { sigmoid: number; tanh: number; relu: number },
  opts: CheckOptions = {},
): Promise<CheckResult> {
  const zs = [-4, -1.5, -0.2, 0.3, 1, 2.5];
  const refs = {
    sigmoid: (z: number) => sig(z) * (1 - sig(z)),
    tanh: (z: number) => 1 - Math.tanh(z) ** 2,
    relu: (z: number) => (z > 0 ? 1 : 0),
  };
  const hints = {
    sigmoid: "σ′(z) = σ(z)(1 − σ(z)): evaluate σ at z first, then combine",
    tanh: "tanh′(z) = 1 − tanh²(z): one minus the square of tanh at z",
    relu: "ReLU′(z) is 1 where z > 0 and 0 elsewhere",
  };
  return run(
    "activation derivatives",
    "",
    async () => {
      for (const z of zs) {
        const out = await attempt("your function", () => fn(z));
        for (const k of ["sigmoid", "tanh", "relu"] as const) {
          const v = await num(`${k}′ at z = ${z}`, () => out[k]);
          if (!close(v, refs[k](z))) throw new NotYet(`${k}′ is not right yet — ${hints[k]}`);
        }
      }
    },
    opts.print,
  );
}

/**
 * Check the step perceptron `fn(x, w, b)` → 1 if w·x + b > 0, else 0 (0 exactly on the threshold).
 * @example
 * await dl.checkLab.stepPerceptron((x, w, b) => (w.reduce((s, wi, i) => s + wi * x[i], b) > 0 ? 1 : 0));
 */
export async function stepPerceptron(
  fn: (x: number[], w: number[], b: number) => number,
  opts: CheckOptions = {},
): Promise<CheckResult> {
  const r = rng("check-step");
  const cases: Array<[number[], number[], number]> = [
    [[1, 1], [1, 1], -2], // exactly on the threshold
    [[0.5, 2, 1], [3, -1, 2], 0.1],
  ];
  for (let i = 0; i < 20; i++)
    cases.push([
      [r.uniform(-2, 2), r.uniform(-2, 2), r.uniform(-2, 2)],
      [r.normal(), r.normal(), r.normal()],
      r.normal(),
    ]);
  return run(
    "step perceptron",
    "",
    async () => {
      for (const [x, w, b] of cases) {
        const got = await num("your output", () => fn(x.slice(), w.slice(), b));
        const z = w.reduce((s, wi, i) => s + wi * x[i], b);
        if (got !== 0 && got !== 1)
          throw new NotYet("the step perceptron outputs 0 or 1, nothing in between");
        if (got !== (z > 0 ? 1 : 0)) {
          throw new NotYet(
            z === 0
              ? "on the threshold (w·x + b = 0) the rule says 0"
              : "compute w·x + b (every input times its weight, plus the bias) and compare it with 0",
          );
        }
      }
    },
    opts.print,
  );
}

/**
 * Check `fn(z)` → softmax(z), including large scores where exp overflows.
 * @example
 * await dl.checkLab.softmax((z) => { const m = Math.max(...z); const e = z.map((v) => Math.exp(v - m)); const s = e.reduce((a, b) => a + b); return e.map((v) => v / s); });
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
        if (
          !close(
            got.values.reduce((a, b) => a + b, 0),
            1,
            1e-6,
          )
        )
          throw new NotYet("the probabilities should sum to 1: divide by the sum of the exponentials");
        compare("your softmax", got, { values: ref(z), shape: [z.length] }, { rtol: 1e-6, atol: 1e-9 });
      }
    },
    opts.print,
  );
}

/**
 * Check the mean binary cross-entropy `fn(yTrue, yPred)`, including predictions of exactly 0 and 1.
 * @example
 * await dl.checkLab.bce((t, p) => dl.losses.binaryCrossEntropy(t, p));
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
      if (close(single, -Math.log10(0.1), 1e-6))
        throw new NotYet("use the natural logarithm (Math.log), not log₁₀");
      if (close(single, Math.log(0.1), 1e-6))
        throw new NotYet("the loss is −[y log ŷ + (1 − y) log(1 − ŷ)]: mind the minus sign");
      const t = [1, 0, 1, 1, 0];
      const p = [0.9, 0.2, 0.6, 0.3, 0.05];
      const got = await num("your loss", () => fn(t.slice(), p.slice()));
      if (close(got, ref(t, p) * t.length, 1e-6))
        throw new NotYet("take the mean over the examples, not the sum");
      if (!close(got, ref(t, p), 1e-5))
        throw new NotYet("each example adds −[y log ŷ + (1 − y) log(1 − ŷ)]: check the term for y = 0");
      const edge = await num("your loss", () => fn([1, 0], [0, 1]));
      if (!Number.isFinite(edge))
        throw new NotYet("a prediction of exactly 0 or 1 gives log 0: clip ŷ to [1e-7, 1 − 1e-7] first");
      if (!close(edge, ref([1, 0], [0, 1]), 1e-3))
        throw new NotYet("clip ŷ to [1e-7, 1 − 1e-7] before taking logs");
    },
    opts.print,
  );
}

/**
 * Check `fn(w1, w2, x, y)` → `{ dw1, dw2 }` for z₁ = w₁x, a₁ = σ(z₁), ŷ = w₂a₁, J = ½(ŷ − y)².
 * @example
 * await dl.checkLab.twoWeightGrads((w1, w2, x, y) => ({ dw1: 0, dw2: 0 }));
 */
export async function twoWeightGrads(
  fn: (w1: number, w2: number, x: number, y: number) => { dw1: number; dw2: number },
  opts: CheckOptions = {},
): Promise<CheckResult> {
  const r = rng("check-two-weights");
  const J = (w1: number, w2: number, x: number, y: number) => 0.5 * (w2 * sig(w1 * x) - y) ** 2;
  return run(
    "two-weight gradients",
    "",
    async () => {
      for (let i = 0; i < 8; i++) {
        const [w1, w2, x, y] = [r.normal(), r.normal(), r.uniform(-2, 2), r.int(2)];
        const out = await attempt("your gradients", () => fn(w1, w2, x, y));
        const h = 1e-6;
        // central differences in float64: the slow, obviously correct reference
        const ref1 = (J(w1 + h, w2, x, y) - J(w1 - h, w2, x, y)) / (2 * h);
        const ref2 = (J(w1, w2 + h, x, y) - J(w1, w2 - h, x, y)) / (2 * h);
        const g2 = await num("dw2", () => out.dw2);
        if (!close(g2, ref2, 1e-5))
          throw new NotYet("∂J/∂w₂ = ∂J/∂ŷ · ∂ŷ/∂w₂ with ∂J/∂ŷ = ŷ − y and ∂ŷ/∂w₂ = a₁");
        const g1 = await num("dw1", () => out.dw1);
        if (!close(g1, ref1, 1e-5))
          throw new NotYet("∂J/∂w₁ = ∂J/∂ŷ · ∂ŷ/∂z₁ · ∂z₁/∂w₁: ∂ŷ/∂z₁ = w₂σ′(z₁) and ∂z₁/∂w₁ = x");
      }
    },
    opts.print,
  );
}
