/** The hand-written network's types, shared by its modules. */
import type * as tf from "@tensorflow/tfjs";

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
