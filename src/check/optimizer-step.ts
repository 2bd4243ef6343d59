/**
 * Self-check for an optimizer step written by the student (lab 03), against the published rule
 * over five steps on the narrow valley.
 */
import * as tf from "@tensorflow/tfjs";
import * as optimizers from "../optimizers";
import { valley } from "../surfaces";
import { ArgumentError, describeValue } from "../errors";
import {
  attempt,
  compare,
  NotYet,
  numbers,
  run,
  tolerance,
  type CheckOptions,
  type CheckResult,
} from "./core";

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
async function readStep(
  out: ReturnType<StudentStep<any>>,
  state: Record<string, any>,
): Promise<{ theta: number[]; state: Record<string, any> }> {
  const plain = Array.isArray(out) || out instanceof tf.Tensor;
  const next = plain ? out : (out as { theta: unknown }).theta;
  const theta = (await numbers("your new θ", next)).values;
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
    const tol = tolerance(opts, 1e-6, 1e-9);
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
 * await dl.check.optimizerStep("momentum", (theta, g, s, h) => { s.v = s.v.map((v, i) => h.mu * v + g[i]); return theta.map((t, i) => t - h.lr * s.v[i]); });
 */
export async function optimizerStep<N extends optimizers.OptimizerName>(
  name: N,
  fn: StudentStep<N>,
  opts: CheckOptions = {},
): Promise<CheckResult> {
  const key = String(name).toLowerCase() as optimizers.OptimizerName;
  const spec = Object.hasOwn(STEP_SPECS, key) ? STEP_SPECS[key] : undefined;
  if (!spec) {
    const names = `one of ${optimizers.OPTIMIZER_NAMES.join(", ")}`;
    throw new ArgumentError("dl.check.optimizerStep", "name", names, describeValue(name));
  }
  return run(
    `${optimizers.byName(key).name} step`,
    "",
    async () => {
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
        const out = await attempt("your step", () =>
          step(theta.slice(), g.slice(), state as never, { ...spec.hyper } as never),
        );
        ({ theta, state } = await readStep(out, state));
        compareStep(k, theta, want, key, opts);
      }
    },
    opts.print,
  );
}
