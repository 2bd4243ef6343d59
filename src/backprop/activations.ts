/** The activations of the hand-written network: σ and σ′ as tfjs expressions. */
import * as tf from "@tensorflow/tfjs";
import { ArgumentError, describeValue } from "../errors";
import type { Activation } from "./types";

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
 * The activation name, or an ArgumentError naming the option and the choices.
 * @example
 * checkActivation("dl.backprop.network", "activation", "tanh"); // "tanh"
 */
export function checkActivation(fn: string, name: string, a: unknown): Activation {
  if (typeof a !== "string" || !(a in ACTIVATIONS))
    throw new ArgumentError(fn, name, `one of ${Object.keys(ACTIVATIONS).join(", ")}`, describeValue(a));
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
