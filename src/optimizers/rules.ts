/**
 * The six optimizers of the lecture, each its published update rule written plainly on numbers.
 */
import * as tf from "@tensorflow/tfjs";
import { checkHyper, make, momentumTf, type Optimizer } from "./core";

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
