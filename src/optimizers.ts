/**
 * The optimizers of the lecture, each written as its published update rule on plain numbers, so a
 * lab can print the rule, step through it on a 2-D loss surface, and then train a real model
 * with the equivalent tfjs optimizer (`toTf()`).
 *
 * Every rule below works element by element on a parameter vector θ with gradient g.
 */
import * as tf from "@tensorflow/tfjs";

/** Internal state of an optimizer, one array per slot (e.g. Adam's m and v), as long as θ. */
export type OptimizerState = Record<string, number[]>;

/** A small optimizer on parameter vectors: the rule is readable, the state inspectable. */
export interface Optimizer {
  /** Display name, e.g. "Adam". */
  readonly name: string;
  /** The update rule in the lecture's notation (plain text, one line). */
  readonly rule: string;
  /** Where the rule is published. */
  readonly reference: string;
  /** Learning rate η; a schedule may change it between steps. */
  lr: number;
  /** The other hyper-parameters (β₁, ρ, ε, …). */
  readonly hyper: Readonly<Record<string, number>>;
  /** The slots (velocity, moments, accumulators); empty until the first step. */
  readonly state: OptimizerState;
  /** Number of steps taken so far (Adam's t after a step). */
  readonly t: number;
  /** Take one step: returns the new θ (the input array is left unchanged). */
  step(theta: readonly number[], grad: readonly number[]): number[];
  /** Forget the state (slots and t), keeping η and the hyper-parameters. */
  reset(): void;
  /** A new optimizer with the same η and hyper-parameters and no state. */
  fresh(): Optimizer;
  /** The equivalent tfjs optimizer for real models (dispose it with the model). */
  toTf(): tf.Optimizer;
}

/** What each optimizer defines: its slots and the per-element rule. */
interface Spec {
  name: string;
  rule: string;
  reference: string;
  lr: number;
  hyper: Record<string, number>;
  /** Slot name → initial value of every element. */
  slots: Record<string, number>;
  /** Update element i in place of the slots; returns the new θᵢ. t counts from 1. */
  update(
    theta: number,
    g: number,
    s: OptimizerState,
    i: number,
    h: Record<string, number>,
    lr: number,
    t: number,
  ): number;
  toTf(lr: number, h: Record<string, number>): tf.Optimizer;
}

function checkHyper(fn: string, name: string, v: number, lo: number, hi: number): void {
  if (typeof v !== "number" || !(v >= lo && v <= hi)) {
    throw new RangeError(`${fn}: option "${name}" must be a number in [${lo}, ${hi}], got ${String(v)}`);
  }
}

function make(spec: Spec): Optimizer {
  const fn = `dl.optimizers.${spec.name.toLowerCase()}`;
  checkHyper(fn, "lr", spec.lr, 0, Infinity);
  const state: OptimizerState = {};
  let t = 0;
  const opt: Optimizer = {
    name: spec.name,
    rule: spec.rule,
    reference: spec.reference,
    lr: spec.lr,
    hyper: Object.freeze({ ...spec.hyper }),
    state,
    get t() {
      return t;
    },
    step(theta, grad) {
      if (!Array.isArray(theta) && !ArrayBuffer.isView(theta)) {
        throw new TypeError(`${fn}.step: argument "theta" must be an array of numbers, got ${typeof theta}`);
      }
      if (!grad || grad.length !== theta.length) {
        throw new RangeError(
          `${fn}.step: argument "grad" must have the length of theta (${theta.length}), got ${grad ? grad.length : String(grad)}`,
        );
      }
      // slots start at their initial value the first time (or again after the size changed)
      for (const [slot, init] of Object.entries(spec.slots)) {
        if (!state[slot] || state[slot].length !== theta.length)
          state[slot] = new Array(theta.length).fill(init);
      }
      t += 1;
      return Array.from(theta, (th, i) => spec.update(th, grad[i], state, i, spec.hyper, opt.lr, t));
    },
    reset() {
      for (const k of Object.keys(state)) delete state[k];
      t = 0;
    },
    fresh: () => make({ ...spec, lr: opt.lr }),
    toTf: () => spec.toTf(opt.lr, spec.hyper),
  };
  return opt;
}

/**
 * tf.train.momentum whose dispose() also frees the learning-rate scalar: tfjs 4.22's
 * MomentumOptimizer.dispose() skips SGD's, leaking one tensor per optimizer.
 */
function momentumTf(lr: number, mu: number): tf.Optimizer {
  const opt = tf.train.momentum(lr, mu);
  const own = opt.dispose.bind(opt);
  opt.dispose = () => {
    own();
    const c = (opt as unknown as { c?: tf.Tensor }).c;
    if (c && !c.isDisposed) c.dispose();
  };
  return opt;
}

/** Options shared by every optimizer. */
export interface LrOptions {
  /** Learning rate η. Each optimizer documents its default. */
  lr?: number;
}

/**
 * Plain (stochastic) gradient descent: θ ← θ − η·g. Default η = 0.01.
 * @example
 * const opt = dl.optimizers.sgd({ lr: 0.1 });
 * opt.step([1, 2], [2, 4]); // [0.8, 1.6]
 */
export function sgd(opts: LrOptions = {}): Optimizer {
  return make({
    name: "SGD",
    rule: "θ ← θ − η·g",
    reference: "Robbins & Monro 1951",
    lr: opts.lr ?? 0.01,
    hyper: {},
    slots: {},
    update: (th, g, _s, _i, _h, lr) => th - lr * g,
    toTf: (lr) => tf.train.sgd(lr),
  });
}

/**
 * Momentum, the heavy ball of Polyak (1964) in the form TensorFlow uses: v ← μ·v + g; θ ← θ − η·v.
 * (Same path as Sutskever et al.'s v ← μv − ηg; θ ← θ + v while η is constant.) Defaults η = 0.01, μ = 0.9.
 * @example
 * const opt = dl.optimizers.momentum({ lr: 0.1, mu: 0.9 });
 * opt.step([1], [1]); opt.step([0.9], [1]); // second step moves 0.19
 */
export function momentum(
  opts: LrOptions & { /** Momentum μ. Defaults to 0.9. */ mu?: number } = {},
): Optimizer {
  const mu = opts.mu ?? 0.9;
  checkHyper("dl.optimizers.momentum", "mu", mu, 0, 1);
  return make({
    name: "Momentum",
    rule: "v ← μ·v + g;  θ ← θ − η·v",
    reference: "Polyak 1964; Sutskever et al. 2013",
    lr: opts.lr ?? 0.01,
    hyper: { mu },
    slots: { v: 0 },
    update(th, g, s, i, h, lr) {
      s.v[i] = h.mu * s.v[i] + g; // velocity: a running sum of past gradients
      return th - lr * s.v[i];
    },
    toTf: (lr, h) => momentumTf(lr, h.mu),
  });
}

/**
 * Adagrad (Duchi, Hazan & Singer 2011): G ← G + g²; θ ← θ − η·g / (√G + ε).
 * G starts at 0.1 as in TensorFlow. Defaults η = 0.1, ε = 1e-7.
 * @example
 * dl.optimizers.adagrad({ lr: 0.5 }).step([1, 1], [1, -2]);
 */
export function adagrad(
  opts: LrOptions & {
    /** Initial G. Defaults to 0.1. */ initialAccumulator?: number;
    /** ε. Defaults to 1e-7. */ epsilon?: number;
  } = {},
): Optimizer {
  const initialAccumulator = opts.initialAccumulator ?? 0.1;
  const epsilon = opts.epsilon ?? 1e-7;
  checkHyper("dl.optimizers.adagrad", "initialAccumulator", initialAccumulator, 0, Infinity);
  return make({
    name: "Adagrad",
    rule: "G ← G + g²;  θ ← θ − η·g / (√G + ε)",
    reference: "Duchi, Hazan & Singer 2011",
    lr: opts.lr ?? 0.1,
    hyper: { initialAccumulator, epsilon },
    slots: { G: initialAccumulator },
    update(th, g, s, i, h, lr) {
      s.G[i] += g * g; // every coordinate remembers all its past squared gradients
      return th - (lr * g) / (Math.sqrt(s.G[i]) + h.epsilon);
    },
    // tfjs puts ε inside the root, √(G + ε): the same path to float32 precision
    toTf: (lr, h) => tf.train.adagrad(lr, h.initialAccumulator),
  });
}

/**
 * Adadelta (Zeiler 2012, Algorithm 1): E[g²] ← ρE[g²] + (1−ρ)g²; Δθ = −√(E[Δθ²]+ε)/√(E[g²]+ε)·g;
 * E[Δθ²] ← ρE[Δθ²] + (1−ρ)Δθ²; θ ← θ + η·Δθ. Defaults as the paper: η = 1, ρ = 0.95, ε = 1e-6.
 * @example
 * dl.optimizers.adadelta().step([1, 1], [0.5, -0.5]);
 */
export function adadelta(
  opts: LrOptions & {
    /** Decay ρ. Defaults to 0.95. */ rho?: number;
    /** ε. Defaults to 1e-6. */ epsilon?: number;
  } = {},
): Optimizer {
  const rho = opts.rho ?? 0.95;
  const epsilon = opts.epsilon ?? 1e-6;
  checkHyper("dl.optimizers.adadelta", "rho", rho, 0, 1);
  return make({
    name: "Adadelta",
    rule: "E[g²] ← ρE[g²] + (1−ρ)g²;  Δθ = −(√(E[Δθ²]+ε) / √(E[g²]+ε))·g;  E[Δθ²] ← ρE[Δθ²] + (1−ρ)Δθ²;  θ ← θ + η·Δθ",
    reference: "Zeiler 2012",
    lr: opts.lr ?? 1,
    hyper: { rho, epsilon },
    slots: { Eg2: 0, Edx2: 0 },
    update(th, g, s, i, h, lr) {
      s.Eg2[i] = h.rho * s.Eg2[i] + (1 - h.rho) * g * g;
      // the step's units come from past steps (RMS of Δθ) over the RMS of the gradients
      const dx = -(Math.sqrt(s.Edx2[i] + h.epsilon) / Math.sqrt(s.Eg2[i] + h.epsilon)) * g;
      s.Edx2[i] = h.rho * s.Edx2[i] + (1 - h.rho) * dx * dx;
      return th + lr * dx;
    },
    // tfjs 4.22 divides by the PREVIOUS E[g²] (one step late), so its path differs from Zeiler's
    toTf: (lr, h) => tf.train.adadelta(lr, h.rho, h.epsilon),
  });
}

/**
 * Adam (Kingma & Ba 2015, Algorithm 1): m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; m̂ = m/(1−β₁ᵗ);
 * v̂ = v/(1−β₂ᵗ); θ ← θ − η·m̂/(√v̂ + ε). Defaults as the paper: η = 0.001, β₁ = 0.9, β₂ = 0.999, ε = 1e-8.
 * @example
 * dl.optimizers.adam({ lr: 0.1 }).step([1], [3]); // [0.9]: the first step has length η
 */
export function adam(
  opts: LrOptions & {
    /** β₁. Defaults to 0.9. */ beta1?: number;
    /** β₂. Defaults to 0.999. */ beta2?: number;
    /** ε. Defaults to 1e-8. */ epsilon?: number;
  } = {},
): Optimizer {
  const hyper = { beta1: opts.beta1 ?? 0.9, beta2: opts.beta2 ?? 0.999, epsilon: opts.epsilon ?? 1e-8 };
  checkHyper("dl.optimizers.adam", "beta1", hyper.beta1, 0, 1);
  checkHyper("dl.optimizers.adam", "beta2", hyper.beta2, 0, 1);
  return make({
    name: "Adam",
    rule: "m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;  m̂ = m/(1−β₁ᵗ);  v̂ = v/(1−β₂ᵗ);  θ ← θ − η·m̂/(√v̂ + ε)",
    reference: "Kingma & Ba 2015",
    lr: opts.lr ?? 0.001,
    hyper,
    slots: { m: 0, v: 0 },
    update(th, g, s, i, h, lr, t) {
      s.m[i] = h.beta1 * s.m[i] + (1 - h.beta1) * g;
      s.v[i] = h.beta2 * s.v[i] + (1 - h.beta2) * g * g;
      // bias correction: m and v start at 0, so early averages are too small without it
      const mHat = s.m[i] / (1 - Math.pow(h.beta1, t));
      const vHat = s.v[i] / (1 - Math.pow(h.beta2, t));
      return th - (lr * mHat) / (Math.sqrt(vHat) + h.epsilon);
    },
    toTf: (lr, h) => tf.train.adam(lr, h.beta1, h.beta2, h.epsilon),
  });
}

/**
 * RMSProp (Hinton, Coursera lecture 6e): s ← ρs + (1−ρ)g²; θ ← θ − η·g/√(s + ε).
 * Defaults η = 0.001, ρ = 0.9, ε = 1e-7 (TensorFlow's).
 * @example
 * dl.optimizers.rmsprop({ lr: 0.01 }).step([1, 1], [1, 100]); // both coordinates move ≈ 0.0316
 */
export function rmsprop(
  opts: LrOptions & {
    /** Decay ρ. Defaults to 0.9. */ rho?: number;
    /** ε. Defaults to 1e-7. */ epsilon?: number;
  } = {},
): Optimizer {
  const rho = opts.rho ?? 0.9;
  const epsilon = opts.epsilon ?? 1e-7;
  checkHyper("dl.optimizers.rmsprop", "rho", rho, 0, 1);
  return make({
    name: "RMSProp",
    rule: "s ← ρs + (1−ρ)g²;  θ ← θ − η·g/√(s + ε)",
    reference: "Hinton, Neural Networks for Machine Learning, lecture 6e (2012)",
    lr: opts.lr ?? 0.001,
    hyper: { rho, epsilon },
    slots: { s: 0 },
    update(th, g, s, i, h, lr) {
      s.s[i] = h.rho * s.s[i] + (1 - h.rho) * g * g; // a running mean of g², not Adagrad's sum
      return th - (lr * g) / Math.sqrt(s.s[i] + h.epsilon);
    },
    toTf: (lr, h) => tf.train.rmsprop(lr, h.rho, 0, h.epsilon),
  });
}

/** The optimizer names `byName` accepts. */
export const OPTIMIZER_NAMES = ["sgd", "momentum", "adagrad", "adadelta", "adam", "rmsprop"] as const;

/** One of {@link OPTIMIZER_NAMES}. */
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];

/**
 * An optimizer from its name, with an optional learning rate (other hyper-parameters at their defaults).
 * @example
 * dl.optimizers.byName("adam", 0.05).name; // "Adam"
 */
export function byName(name: string, lr?: number): Optimizer {
  const makers: Record<OptimizerName, (o: LrOptions) => Optimizer> = {
    sgd,
    momentum,
    adagrad,
    adadelta,
    adam,
    rmsprop,
  };
  const key = String(name).toLowerCase() as OptimizerName;
  if (!(key in makers)) {
    throw new RangeError(
      `dl.optimizers.byName: argument "name" must be one of ${OPTIMIZER_NAMES.join(", ")}, got "${name}"`,
    );
  }
  return makers[key](lr === undefined ? {} : { lr });
}
