/**
 * Self-checks for single neurons and their derivatives (labs 01 and 02): activation derivatives,
 * σ via tanh, σ′ on tensors, and the two-weight chain rule.
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
  tolerance,
  within,
  type CheckOptions,
  type CheckResult,
} from "./core";

const sigma = (z: number) => 1 / (1 + Math.exp(-z));

/**
 * Check `fn(z)` → `{ sigmoid, tanh, relu }`: σ′ = σ(1 − σ), tanh′ = 1 − tanh², ReLU′ = [z > 0].
 * @example
 * await dl.check.activationDerivatives((z) => ({ sigmoid: 0.25, tanh: 1, relu: 0 }));
 */
export async function activationDerivatives(
  fn: (z: number) => { sigmoid: number; tanh: number; relu: number },
  opts: CheckOptions = {},
): Promise<CheckResult> {
  const zs = [-4, -1.5, -0.2, 0.3, 1, 2.5];
  const refs = {
    sigmoid: (z: number) => sigma(z) * (1 - sigma(z)),
    tanh: (z: number) => 1 - Math.tanh(z) ** 2,
    relu: (z: number) => (z > 0 ? 1 : 0),
  };
  const hints = {
    sigmoid: "σ′(z) = σ(z)(1 − σ(z)): evaluate σ at z first, then combine",
    tanh: "tanh′(z) = 1 − tanh²(z): one minus the square of tanh at z",
    relu: "ReLU′(z) is 1 where z > 0 and 0 elsewhere",
  };
  const tol = tolerance(opts, 1e-6);
  return run(
    "activation derivatives",
    "",
    async () => {
      for (const z of zs) {
        const out = await attempt("your function", () => fn(z));
        for (const k of ["sigmoid", "tanh", "relu"] as const) {
          const v = await num(`${k}′ at z = ${z}`, () => out[k]);
          if (!within(v, refs[k](z), tol)) throw new NotYet(`${k}′ is not right yet — ${hints[k]}`);
        }
      }
    },
    opts.print,
  );
}

/**
 * Check σ(z) computed through tanh, σ(z) = (1 + tanh(z/2)) / 2, on z from −20 to 20.
 * @example
 * await dl.check.sigmoidViaTanh((z) => (1 + Math.tanh(z / 2)) / 2);
 */
export async function sigmoidViaTanh(
  fn: (z: number) => number | tf.Tensor,
  opts: CheckOptions = {},
): Promise<CheckResult> {
  const zs = [-20, -5, -1, -0.3, 0, 0.3, 1, 2.5, 5, 20];
  const tight = { rtol: 0, atol: 1e-6 };
  const tol = tolerance(opts, 1e-5, 1e-6);
  return run(
    "σ via tanh",
    "",
    async () => {
      const got: number[] = [];
      for (const z of zs) got.push(await num(`your function at z = ${z}`, () => fn(z)));
      const bad = got.findIndex((v) => !Number.isFinite(v));
      if (bad >= 0) throw new NotYet(`at z = ${zs[bad]} your function gives ${got[bad]}`);
      if (!within(got[zs.indexOf(0)], 0.5, tight))
        throw new NotYet("σ(0) should be one half: check the 1 + … and the / 2");
      if (zs.some((z, k) => !within(got[k], sigma(z), tol))) {
        const tanhOfZ = zs.every((z, k) => within(got[k], (1 + Math.tanh(z)) / 2, tight));
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
 * await dl.check.sigmoidPrime((z) => tf.sigmoid(z).mul(tf.sub(1, tf.sigmoid(z))));
 */
export async function sigmoidPrime(
  fn: (z: tf.Tensor) => tf.Tensor | number[],
  opts: CheckOptions = {},
): Promise<CheckResult> {
  const zs = [-6, -2, -0.5, 0, 0.5, 2, 6];
  return run(
    "σ′",
    "σ′(z) = σ(z)(1 − σ(z)): the derivative of the sigmoid at z, not at σ(z)",
    async () => {
      const z = tf.tensor1d(zs);
      try {
        const out = await attempt("your function", () => fn(z));
        const got = await numbers("your σ′", out);
        if (out instanceof tf.Tensor && out !== z) out.dispose();
        const want = zs.map((v) => sigma(v) * (1 - sigma(v)));
        compare("your σ′", got, { values: want, shape: [zs.length] }, opts);
      } finally {
        z.dispose();
      }
    },
    opts.print,
  );
}

/**
 * Check `fn(w1, w2, x, y)` → `{ dw1, dw2 }` for z₁ = w₁x, a₁ = σ(z₁), ŷ = w₂a₁, J = ½(ŷ − y)².
 * @example
 * await dl.check.twoWeightGrads((w1, w2, x, y) => ({ dw1: 0, dw2: 0 }));
 */
export async function twoWeightGrads(
  fn: (w1: number, w2: number, x: number, y: number) => { dw1: number; dw2: number },
  opts: CheckOptions = {},
): Promise<CheckResult> {
  const r = rng("check-two-weights");
  const J = (w1: number, w2: number, x: number, y: number) => 0.5 * (w2 * sigma(w1 * x) - y) ** 2;
  const tol = tolerance(opts, 1e-5);
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
        if (!within(await num("dw2", () => out.dw2), ref2, tol))
          throw new NotYet("∂J/∂w₂ = ∂J/∂ŷ · ∂ŷ/∂w₂ with ∂J/∂ŷ = ŷ − y and ∂ŷ/∂w₂ = a₁");
        if (!within(await num("dw1", () => out.dw1), ref1, tol))
          throw new NotYet("∂J/∂w₁ = ∂J/∂ŷ · ∂ŷ/∂z₁ · ∂z₁/∂w₁: ∂ŷ/∂z₁ = w₂σ′(z₁) and ∂z₁/∂w₁ = x");
      }
    },
    opts.print,
  );
}
