/**
 * The hand-written network's types and activation functions (σ and σ′), shared by its modules.
 */
import * as tf from "@tensorflow/tfjs";

/** Activation functions the hand-written network knows (σ in the equations). */
export type Activation = "sigmoid" | "tanh" | "relu" | "linear";
/** Costs: the lecture's C = 1/(2n) Σ‖y − a‖², or binary cross-entropy on sigmoid outputs. */
export type Cost = "quadratic" | "cross-entropy";

/** A dense network described by its tensors. */
export interface Network {
  /** Neurons per layer, input first, e.g. [2, 3, 1]. */
  readonly sizes: number[];
  /** σ of the hidden layers. */
  readonly activation: Activation;
  /** σ of the output layer. */
  readonly outputActivation: Activation;
  /** weights[l-1] = wˡ, shape [sizes[l], sizes[l-1]]. */
  readonly weights: tf.Tensor2D[];
  /** biases[l-1] = bˡ, shape [sizes[l]]. */
  readonly biases: tf.Tensor1D[];
}

/** Everything the forward pass computed: z[l] = zˡ, a[l] = aˡ (a[0] = z[0] = x). */
export interface ForwardCache {
  readonly z: tf.Tensor2D[];
  readonly a: tf.Tensor2D[];
}

/** What the backward pass returns: deltas[l-1] = δˡ, dW[l-1] = ∂C/∂wˡ, db[l-1] = ∂C/∂bˡ. */
export interface Gradients {
  readonly deltas: tf.Tensor2D[];
  readonly dW: tf.Tensor2D[];
  readonly db: tf.Tensor1D[];
}

/** σ and σ′ for each activation, as tfjs expressions. */
export const ACTIVATIONS: Record<
  Activation,
  { f: (z: tf.Tensor) => tf.Tensor; prime: (z: tf.Tensor) => tf.Tensor }
> = {
  sigmoid: { f: tf.sigmoid, prime: (z) => tf.tidy(() => tf.sigmoid(z).mul(tf.sub(1, tf.sigmoid(z)))) },
  tanh: { f: tf.tanh, prime: (z) => tf.tidy(() => tf.sub(1, tf.square(tf.tanh(z)))) },
  relu: { f: tf.relu, prime: (z) => tf.tidy(() => tf.cast(tf.greater(z, 0), "float32")) },
  linear: { f: (z) => z.clone(), prime: (z) => tf.onesLike(z) },
};

/**
 * The activation name, or a RangeError naming the option and the choices.
 * @example
 * checkActivation("dl.backprop.network", "activation", "tanh"); // "tanh"
 */
export function checkActivation(fn: string, name: string, a: unknown): Activation {
  if (typeof a !== "string" || !(a in ACTIVATIONS)) {
    throw new RangeError(
      `${fn}: option "${name}" must be one of ${Object.keys(ACTIVATIONS).join(", ")}, got ${JSON.stringify(a)}`,
    );
  }
  return a as Activation;
}

/**
 * σ(z) for a named activation.
 * @example
 * dl.backprop.activate(tf.tensor([0]), "sigmoid").print(); // [0.5]
 */
export function activate(z: tf.Tensor, activation: Activation): tf.Tensor {
  return ACTIVATIONS[checkActivation("dl.backprop.activate", "activation", activation)].f(z);
}

/**
 * σ′(z) for a named activation: σ(1−σ), 1−tanh², [z>0] or 1.
 * @example
 * dl.backprop.activatePrime(tf.tensor([0]), "sigmoid").print(); // [0.25]
 */
export function activatePrime(z: tf.Tensor, activation: Activation): tf.Tensor {
  return ACTIVATIONS[checkActivation("dl.backprop.activatePrime", "activation", activation)].prime(z);
}
