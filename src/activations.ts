/**
 * Activation functions g(z) and their derivatives g′(z) on plain numbers or arrays, as in the
 * lecture: σ′ = σ(1−σ), tanh′ = 1−tanh², ReLU′ = [z>0], and the perceptron's step.
 */

type NumOrArray = number | number[];

function lift(f: (z: number) => number) {
  function g(z: number): number;
  function g(z: number[]): number[];
  function g(z: NumOrArray): NumOrArray;
  function g(z: NumOrArray): NumOrArray {
    return Array.isArray(z) ? z.map(f) : f(z);
  }
  return g;
}

// σ(z) written so that exp never overflows for large |z|
const sig = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/**
 * The logistic sigmoid σ(z) = 1 / (1 + e^(−z)).
 * @example
 * dl.activations.sigmoid(0); // 0.5
 */
export const sigmoid = lift(sig);
/**
 * σ′(z) = σ(z)(1 − σ(z)).
 * @example
 * dl.activations.sigmoidPrime(0); // 0.25
 */
export const sigmoidPrime = lift((z) => sig(z) * (1 - sig(z)));
/**
 * tanh(z).
 * @example
 * dl.activations.tanh([0, 1]); // [0, 0.7615941559557649]
 */
export const tanh = lift(Math.tanh);
/**
 * tanh′(z) = 1 − tanh²(z).
 * @example
 * dl.activations.tanhPrime(0); // 1
 */
export const tanhPrime = lift((z) => 1 - Math.tanh(z) ** 2);
/**
 * ReLU(z) = max(0, z).
 * @example
 * dl.activations.relu([-1, 2]); // [0, 2]
 */
export const relu = lift((z) => (z > 0 ? z : 0));
/**
 * ReLU′(z) = [z > 0] (taken as 0 at z = 0).
 * @example
 * dl.activations.reluPrime([-1, 0, 2]); // [0, 0, 1]
 */
export const reluPrime = lift((z) => (z > 0 ? 1 : 0));
/**
 * The perceptron's step: 1 if z > 0, else 0 (the lecture's rule: output 0 when w·x + b ≤ 0).
 * @example
 * dl.activations.step([-2, 0, 1]); // [0, 0, 1]
 */
export const step = lift((z) => (z > 0 ? 1 : 0));
/**
 * The identity, for linear outputs.
 * @example
 * dl.activations.linear(3); // 3
 */
export const linear = lift((z) => z);

/** An activation with its derivative, by name. */
export interface ActivationPair {
  f: (z: number) => number;
  df: (z: number) => number;
}

/**
 * The named activations and derivatives, for plotting and hand-written backprop.
 * @example
 * dl.activations.byName.tanh.df(0); // 1
 */
export const byName: Record<"sigmoid" | "tanh" | "relu" | "step" | "linear", ActivationPair> = {
  sigmoid: { f: sigmoid, df: sigmoidPrime },
  tanh: { f: tanh, df: tanhPrime },
  relu: { f: relu, df: reluPrime },
  // the step's derivative is 0 wherever it exists: why the perceptron cannot be trained by gradients
  step: { f: step, df: () => 0 },
  linear: { f: linear, df: () => 1 },
};
