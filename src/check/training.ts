/**
 * Self-checks for training exercises (labs 02–04): the backward pass, optimizer steps,
 * weight penalties and a train/validation split.
 */
import * as tf from "@tensorflow/tfjs";
import { network, dispose, type Cost } from "../backprop";
import { rng } from "../data/rng";
import { gradcheck, type BackwardFn, type GradcheckResult } from "../gradcheck";
import * as optimizers from "../optimizers";
import { valley } from "../surfaces";
import { attemptSync, compare, NotYet, numbersSync, run, runSync, type CheckResult } from "./core";
import type { CheckOptions } from "./neurons";

/** The seeded networks and data the backward check runs on. */
const BACKWARD_CASES = [
  { sizes: [2, 3, 1], seed: 11 },
  { sizes: [3, 4, 3, 2], seed: 12 },
].map((spec) => {
  const r = rng(`check-backward-${spec.seed}`);
  const x = Array.from({ length: 4 }, () => Array.from({ length: spec.sizes[0] }, () => r.normal()));
  const y = x.map(() => Array.from({ length: spec.sizes[spec.sizes.length - 1] }, () => r.int(2)));
  return { ...spec, x, y };
});

/** Turn a gradcheck result into a NotYet naming the layer to look at first. */
function verdict(res: GradcheckResult, sizes: number[]): void {
  if (res.ok) return;
  // errors flow down: the highest wrong layer is where to look first (its weights if they are off)
  const bad = res.tensors.filter((t) => !t.ok);
  const top = bad[bad.length - 1];
  const worst = bad.find((t) => t.name === `W${top.name.slice(1)}`) ?? top;
  const more =
    bad.length > 1 ? ` (${bad.length - 1} other gradient${bad.length > 2 ? "s are" : " is"} off too)` : "";
  throw new NotYet(
    `on a [${sizes.join(", ")}] network, ${worst.label} is wrong${more} — ${worst.hint ?? ""}`,
  );
}

/** Errors from the student's code or a wrong shape become the hint. */
function asHint(e: unknown): never {
  if (e instanceof NotYet) throw e;
  throw new NotYet(
    (e instanceof Error ? e.message : String(e)).replace(/^dl\.gradcheck: /, "").split("\n")[0],
  );
}

/**
 * Check a backward pass `fn(net, cache, y)` → `{ dW, db }` (like dl.backprop.backward) on seeded
 * random networks, against autodiff and float64 differences; the first wrong layer is named.
 * Done before it returns (on WebGPU, where tensors are read asynchronously, it returns a promise).
 * @example
 * dl.check.backward((net, cache, y) => myBackward(net, cache, y));
 */
export function backward(
  fn: BackwardFn,
  opts: CheckOptions & { /** Cost the backward pass is for. Defaults to "quadratic". */ cost?: Cost } = {},
): CheckResult | Promise<CheckResult> {
  const gopts = { cost: opts.cost ?? "quadratic" } as const;
  if (tf.getBackend() === "webgpu") {
    return run(
      "backward pass",
      "",
      async () => {
        for (const c of BACKWARD_CASES) {
          const net = network({ sizes: c.sizes, seed: c.seed, activation: "sigmoid" });
          try {
            verdict(await gradcheck.network(fn, net, c.x, c.y, gopts).catch(asHint), c.sizes);
          } finally {
            dispose(net);
          }
        }
      },
      opts.print,
    );
  }
  return runSync(
    "backward pass",
    "",
    () => {
      for (const c of BACKWARD_CASES) {
        const net = network({ sizes: c.sizes, seed: c.seed, activation: "sigmoid" });
        try {
          let res: GradcheckResult;
          try {
            res = gradcheck.networkNow(fn, net, c.x, c.y, gopts);
          } catch (e) {
            asHint(e);
          }
          verdict(res, c.sizes);
        } finally {
          dispose(net);
        }
      }
    },
    opts.print,
  );
}

/** State names and hyper-parameters given to a student's optimizer step, per optimizer. */
const STEP_SPECS: Record<
  optimizers.OptimizerName,
  { hyper: Record<string, number>; state: Record<string, number>; first: string }
> = {
  sgd: { hyper: { lr: 0.1 }, state: {}, first: "θ ← θ − η·g" },
  momentum: { hyper: { lr: 0.1, mu: 0.9 }, state: { v: 0 }, first: "v ← μ·v + g, then θ ← θ − η·v" },
  adagrad: {
    hyper: { lr: 0.5, epsilon: 1e-7 },
    state: { G: 0.1 },
    first: "G ← G + g² (G starts at 0.1), then θ ← θ − η·g/(√G + ε)",
  },
  adadelta: {
    hyper: { lr: 1, rho: 0.95, epsilon: 1e-6 },
    state: { Eg2: 0, Edx2: 0 },
    first: "E[g²] first, then Δθ with the OLD E[Δθ²], then E[Δθ²]",
  },
  adam: {
    hyper: { lr: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
    state: { m: 0, v: 0, t: 0 },
    first: "t ← t + 1 first, then m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ)",
  },
  rmsprop: {
    hyper: { lr: 0.05, rho: 0.9, epsilon: 1e-7 },
    state: { s: 0 },
    first: "s ← ρs + (1−ρ)g², then θ ← θ − η·g/√(s + ε)",
  },
};

/** A reference optimizer with the hyper-parameters the student gets. */
function referenceOptimizer(name: optimizers.OptimizerName): optimizers.Optimizer {
  const h = STEP_SPECS[name].hyper;
  const mk = optimizers[name] as (o: Record<string, number>) => optimizers.Optimizer;
  return mk({ ...h });
}

/** The state each optimizer's step receives (slots as long as θ; Adam's t counts steps). */
export type StepStates = {
  sgd: Record<string, never>;
  momentum: { v: number[] };
  adagrad: { G: number[] };
  adadelta: { Eg2: number[]; Edx2: number[] };
  adam: { m: number[]; v: number[]; t: number };
  rmsprop: { s: number[] };
};

/** The hyper-parameters each optimizer's step receives. */
export type StepHypers = {
  sgd: { lr: number };
  momentum: { lr: number; mu: number };
  adagrad: { lr: number; epsilon: number };
  adadelta: { lr: number; rho: number; epsilon: number };
  adam: { lr: number; beta1: number; beta2: number; epsilon: number };
  rmsprop: { lr: number; rho: number; epsilon: number };
};

/** A student's step for optimizer N: the new θ, or { theta, state }. */
export type StudentStep<N extends optimizers.OptimizerName = optimizers.OptimizerName> = (
  theta: number[],
  grad: number[],
  state: StepStates[N],
  hyper: StepHypers[N],
) => number[] | tf.Tensor | { theta: number[] | tf.Tensor; state?: StepStates[N] };

/** Split a student's step result into the new θ (read now) and the state to carry on. */
function readStep(
  out: ReturnType<StudentStep<any>>,
  state: Record<string, any>,
): { theta: number[]; state: Record<string, any> } {
  const plain = Array.isArray(out) || out instanceof tf.Tensor;
  const next = plain ? out : (out as { theta: unknown }).theta;
  const theta = numbersSync("your new θ", next).values;
  if (next instanceof tf.Tensor) next.dispose();
  return { theta, state: (!plain && (out as { state?: Record<string, any> }).state) || state };
}

/** Compare step k with the reference; the hint says whether the rule or the carried state is off. */
function compareStep(
  k: number,
  got: number[],
  want: number[],
  key: optimizers.OptimizerName,
  opts: CheckOptions,
): void {
  try {
    const tol = { rtol: opts.rtol ?? 1e-6, atol: opts.atol ?? 1e-9 };
    compare("your new θ", { values: got, shape: [got.length] }, { values: want, shape: [want.length] }, tol);
  } catch (e) {
    const why = e instanceof NotYet && e.message ? e.message + "; " : "";
    const slots = Object.keys(STEP_SPECS[key].state).join(", ");
    throw new NotYet(
      k === 1
        ? `${why}the first step is off: ${STEP_SPECS[key].first}`
        : `${why}step 1 is right but step ${k} is not: does the state (${slots}) carry over from step to step?`,
    );
  }
}

/**
 * Check a student's optimizer step `fn(theta, grad, state, hyper)` → new θ (or `{ theta, state }`) over
 * 5 steps on the narrow valley; `state` starts with zeroed slots (momentum: v; Adam: m, v, t; RMSProp: s;
 * Adagrad: G; Adadelta: Eg2, Edx2), update it in place or return it.
 * @example
 * dl.check.optimizerStep("momentum", (theta, g, s, h) => { s.v = s.v.map((v, i) => h.mu * v + g[i]); return theta.map((t, i) => t - h.lr * s.v[i]); });
 */
export function optimizerStep<N extends optimizers.OptimizerName>(
  name: N,
  fn: StudentStep<N>,
  opts: CheckOptions = {},
): CheckResult {
  const key = String(name).toLowerCase() as optimizers.OptimizerName;
  const spec = STEP_SPECS[key];
  if (!spec) {
    const names = optimizers.OPTIMIZER_NAMES.join(", ");
    throw new RangeError(
      `dl.check.optimizerStep: argument "name" must be one of ${names}, got ${JSON.stringify(name)}`,
    );
  }
  return runSync(
    `${optimizers.byName(key).name} step`,
    "",
    () => {
      const ref = referenceOptimizer(key);
      // slots start as the published rule says (Adagrad's G at 0.1, the rest at 0), t at 0
      let state: Record<string, any> = Object.fromEntries(
        Object.entries(spec.state).map(([k, v]) => [k, k === "t" ? 0 : [v, v]]),
      );
      let theta = valley.start.slice();
      let want = valley.start.slice();
      for (let k = 1; k <= 5; k++) {
        const g = valley.grad(want);
        want = ref.step(want, g);
        // the student's step sees its own optimizer's state and hyper-parameters (typed by name)
        const step = fn as unknown as StudentStep<any>;
        const out = attemptSync("your step", () =>
          step(theta.slice(), g.slice(), state as never, { ...spec.hyper } as never),
        );
        ({ theta, state } = readStep(out, state));
        compareStep(k, theta, want, key, opts);
      }
    },
    opts.print,
  );
}

/**
 * Check an L2 (or L1) penalty `fn(w, lambda)`: λ·½‖w‖² as in the lecture (R(w) = ½‖w‖²), or λ‖w‖₁.
 * @example
 * dl.check.penalty("l2", (w, lambda) => lambda * 0.5 * w.reduce((s, v) => s + v * v, 0));
 */
export function penalty(
  kind: "l1" | "l2",
  fn: (w: number[], lambda: number) => number | tf.Tensor,
  opts: CheckOptions = {},
): CheckResult {
  if (kind !== "l1" && kind !== "l2")
    throw new RangeError(
      `dl.check.penalty: argument "kind" must be "l1" or "l2", got ${JSON.stringify(kind)}`,
    );
  const w = [0.5, -1.5, 2, 0, -0.25];
  const lambda = 0.3;
  const ref =
    kind === "l2"
      ? lambda * 0.5 * w.reduce((s, v) => s + v * v, 0)
      : lambda * w.reduce((s, v) => s + Math.abs(v), 0);
  return runSync(
    `${kind.toUpperCase()} penalty`,
    kind === "l2"
      ? "λ·R(w) with R(w) = ½‖w‖²: square, sum, halve, times λ"
      : "λ·‖w‖₁: absolute values, summed, times λ",
    () => {
      const out = attemptSync("your penalty", () => fn(w.slice(), lambda));
      const got = numbersSync("your penalty", out);
      if (out instanceof tf.Tensor) out.dispose();
      if (got.values.length !== 1) throw new NotYet("the penalty is one number: sum over all weights");
      const v = got.values[0];
      if (kind === "l2" && Math.abs(v - 2 * ref) < 1e-6)
        throw new NotYet("off by a factor of 2: the lecture's R(w) = ½‖w‖²");
      if (Math.abs(v * lambda - ref) < 1e-6)
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
 * dl.check.split((n, f) => { const p = dl.data.rng(0).permutation(n); const k = Math.round(n * f); return { train: [...p.slice(k)], validation: [...p.slice(0, k)] }; });
 */
export function split(
  fn: (n: number, valFraction: number) => { train: ArrayLike<number>; validation: ArrayLike<number> },
  opts: CheckOptions = {},
): CheckResult {
  return runSync(
    "train/validation split",
    "",
    () => {
      const n = 50;
      const f = 0.2;
      const out = attemptSync("your split", () => fn(n, f));
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
