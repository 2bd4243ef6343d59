/**
 * Building the hand-written network: seeded N(0, σ²) weights, or given arrays; reading them back.
 */
import * as tf from "@tensorflow/tfjs";
import { rng } from "../data/rng";
import { ArgumentError } from "../errors";
import { checkActivation } from "./activations";
import type { Activation, Network } from "./types";

/** Options of {@link network}. */
export interface NetworkOptions {
  /** Neurons per layer, input first, e.g. [2, 3, 1]. */
  sizes: number[];
  /** σ of the hidden layers. Defaults to "sigmoid". */
  activation?: Activation;
  /** σ of the output layer. Defaults to `activation`. */
  outputActivation?: Activation;
  /** Seed of the N(0, std²) initial weights and biases. Defaults to 0. */
  seed?: number;
  /** Standard deviation of the initial values. Defaults to 1/√(fan-in) per layer. */
  std?: number;
}

/**
 * A small dense network with seeded N(0, σ²) weights and biases, as tensors.
 * @example
 * const net = dl.backprop.network({ sizes: [2, 3, 1], activation: "sigmoid", seed: 1 });
 * net.weights[0].shape; // [3, 2]: w¹ takes 2 inputs to 3 neurons
 */
export function network(opts: NetworkOptions): Network {
  const fn = "dl.backprop.network";
  const sizes = opts?.sizes;
  if (!Array.isArray(sizes) || sizes.length < 2 || !sizes.every((s) => Number.isInteger(s) && s > 0)) {
    throw new ArgumentError(
      fn,
      "opts.sizes",
      "at least 2 positive integers (input first)",
      JSON.stringify(sizes),
    );
  }
  const r = rng(opts.seed ?? 0);
  const weights: number[][][] = [];
  const biases: number[][] = [];
  for (let l = 1; l < sizes.length; l++) {
    const std = opts.std ?? 1 / Math.sqrt(sizes[l - 1]);
    weights.push(
      Array.from({ length: sizes[l] }, () => Array.from({ length: sizes[l - 1] }, () => r.normal(0, std))),
    );
    biases.push(Array.from({ length: sizes[l] }, () => r.normal(0, std)));
  }
  return fromArrays({
    weights,
    biases,
    activation: opts.activation,
    outputActivation: opts.outputActivation,
  });
}

/**
 * A network from plain arrays: weights[l-1][j][k] = wˡⱼₖ, biases[l-1][j] = bˡⱼ.
 * @example
 * const net = dl.backprop.fromArrays({ weights: [[[3, -2]]], biases: [[1]], activation: "sigmoid" });
 */
export function fromArrays(spec: {
  weights: number[][][];
  biases: number[][];
  activation?: Activation;
  outputActivation?: Activation;
}): Network {
  const fn = "dl.backprop.fromArrays";
  const { weights, biases } = spec;
  if (
    !Array.isArray(weights) ||
    weights.length === 0 ||
    !Array.isArray(biases) ||
    biases.length !== weights.length
  ) {
    throw new ArgumentError(
      fn,
      "weights, biases",
      "non-empty arrays of the same length",
      `lengths ${weights?.length} and ${biases?.length}`,
    );
  }
  const sizes = [weights[0][0]?.length ?? 0];
  weights.forEach((w, i) => {
    const rows = w.length;
    if (!w.every((row) => row.length === sizes[i]) || biases[i].length !== rows || rows === 0) {
      throw new ArgumentError(
        fn,
        `weights[${i}]`,
        `[${biases[i].length}][${sizes[i]}] to follow layer ${i} and match biases[${i}] (length ${biases[i].length})`,
        `[${rows}][${w[0]?.length}]`,
      );
    }
    sizes.push(rows);
  });
  const activation = checkActivation(fn, "activation", spec.activation ?? "sigmoid");
  const outputActivation = checkActivation(fn, "outputActivation", spec.outputActivation ?? activation);
  return {
    sizes,
    activation,
    outputActivation,
    weights: weights.map((w) => tf.tensor2d(w)),
    biases: biases.map((b) => tf.tensor1d(b)),
  };
}

/**
 * The network's weights and biases as plain arrays (read asynchronously: works on every backend).
 * @example
 * const { weights, biases } = await dl.backprop.toArrays(net);
 */
export async function toArrays(net: Network): Promise<{ weights: number[][][]; biases: number[][] }> {
  return {
    weights: await Promise.all(net.weights.map((w) => w.array())),
    biases: await Promise.all(net.biases.map((b) => b.array())),
  };
}
