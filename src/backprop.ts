/**
 * Backpropagation by hand, following the lecture's four equations (Nielsen's notation):
 *
 *   (1) δᴸ = ∇ₐC ⊙ σ′(zᴸ)        (2) δˡ = ((wˡ⁺¹)ᵀ δˡ⁺¹) ⊙ σ′(zˡ)
 *   (3) ∂C/∂bˡ = δˡ              (4) ∂C/∂wˡ = aˡ⁻¹ δˡ   (∂C/∂wˡⱼₖ = aˡ⁻¹ₖ δˡⱼ)
 *
 * Samples are rows (tfjs's convention), so for a batch the equations read
 * zˡ = aˡ⁻¹(wˡ)ᵀ + bˡ, δˡ = (δˡ⁺¹ wˡ⁺¹) ⊙ σ′(zˡ), ∂C/∂bˡ = Σ over rows of δˡ, ∂C/∂wˡ = (δˡ)ᵀ aˡ⁻¹.
 *
 * Indexing: a network with L weight layers has layers 0 … L. `weights[l-1]` is wˡ (shape
 * [sizes[l], sizes[l-1]]: row j holds the weights into neuron j), `biases[l-1]` is bˡ;
 * `cache.a[l]` is aˡ with `a[0] = x`, `cache.z[l]` is zˡ (`z[0]` is x too, so indices line up);
 * `grads.deltas[l-1]` is δˡ and `grads.dW[l-1]`, `grads.db[l-1]` are ∂C/∂wˡ, ∂C/∂bˡ.
 */
import * as tf from "@tensorflow/tfjs";
import { rng } from "./data/rng";

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

const ACTIVATIONS: Record<
  Activation,
  { f: (z: tf.Tensor) => tf.Tensor; prime: (z: tf.Tensor) => tf.Tensor }
> = {
  sigmoid: { f: tf.sigmoid, prime: (z) => tf.tidy(() => tf.sigmoid(z).mul(tf.sub(1, tf.sigmoid(z)))) },
  tanh: { f: tf.tanh, prime: (z) => tf.tidy(() => tf.sub(1, tf.square(tf.tanh(z)))) },
  relu: { f: tf.relu, prime: (z) => tf.tidy(() => tf.cast(tf.greater(z, 0), "float32")) },
  linear: { f: (z) => z.clone(), prime: (z) => tf.onesLike(z) },
};

function checkActivation(fn: string, name: string, a: unknown): Activation {
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
    throw new RangeError(
      `${fn}: option "sizes" must list at least 2 positive integers (input first), got ${JSON.stringify(sizes)}`,
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
    throw new RangeError(
      `${fn}: "weights" and "biases" must be non-empty arrays of the same length, got ${weights?.length} and ${biases?.length}`,
    );
  }
  const sizes = [weights[0][0]?.length ?? 0];
  weights.forEach((w, i) => {
    const rows = w.length;
    if (!w.every((row) => row.length === sizes[i]) || biases[i].length !== rows || rows === 0) {
      throw new RangeError(
        `${fn}: weights[${i}] must be [${biases[i].length}][${sizes[i]}] to follow layer ${i} and match biases[${i}] (length ${biases[i].length}), got [${rows}][${w[0]?.length}]`,
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

/** Turn inputs or targets into a float32 [n, width] tensor, naming the argument when the width is wrong. */
function asMatrix(fn: string, name: string, v: tf.Tensor | number[][], width: number): tf.Tensor2D {
  const t = v instanceof tf.Tensor ? (v.rank === 1 ? v.reshape([-1, 1]) : v.clone()) : tf.tensor2d(v);
  if (t.rank !== 2 || t.shape[1] !== width) {
    const shape = JSON.stringify(t.shape);
    t.dispose();
    throw new RangeError(
      `${fn}: argument "${name}" must have shape [n, ${width}] (one sample per row), got ${shape}`,
    );
  }
  return t as tf.Tensor2D;
}

/**
 * Forward pass: zˡ = aˡ⁻¹(wˡ)ᵀ + bˡ, aˡ = σ(zˡ), keeping every z and a. Dispose the cache when done.
 * @example
 * const cache = dl.backprop.forward(net, [[0, 1], [1, 0]]);
 * cache.a[cache.a.length - 1].print(); // the network's output, one row per sample
 */
export function forward(net: Network, x: tf.Tensor | number[][]): ForwardCache {
  const a0 = asMatrix("dl.backprop.forward", "x", x, net.sizes[0]);
  const z: tf.Tensor2D[] = [a0.clone()];
  const a: tf.Tensor2D[] = [a0];
  const L = net.weights.length;
  for (let l = 1; l <= L; l++) {
    const act = l === L ? net.outputActivation : net.activation;
    z.push(tf.tidy(() => a[l - 1].matMul(net.weights[l - 1], false, true).add(net.biases[l - 1])));
    a.push(ACTIVATIONS[act].f(z[l]) as tf.Tensor2D);
  }
  return { z, a };
}

/**
 * The cost of outputs `a` against targets `y`: quadratic C = 1/(2n) Σ‖y − a‖², or
 * cross-entropy C = −1/n Σ [y ln a + (1−y) ln(1−a)].
 * @example
 * dl.backprop.cost(tf.tensor2d([[0.8]]), tf.tensor2d([[1]])).print(); // 0.02
 */
export function cost(a: tf.Tensor, y: tf.Tensor, kind: Cost = "quadratic"): tf.Scalar {
  return tf.tidy(() => {
    const n = a.shape[0] ?? 1;
    if (kind === "quadratic") return tf.sum(tf.square(tf.sub(y, a))).div(2 * n) as tf.Scalar;
    const ac = tf.clipByValue(a, 1e-7, 1 - 1e-7); // keep ln finite when a sigmoid saturates in float32
    return tf
      .sum(tf.add(tf.mul(y, tf.log(ac)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, ac)))))
      .div(-n) as tf.Scalar;
  });
}

/**
 * The cost of the network on (x, y) as one tfjs expression of its weights, for autodiff.
 * @example
 * const g = tf.grads((w: tf.Tensor) => dl.backprop.loss({ ...net, weights: [w as tf.Tensor2D, net.weights[1]] }, x, y))([net.weights[0]]);
 */
export function loss(
  net: Network,
  x: tf.Tensor | number[][],
  y: tf.Tensor | number[][],
  kind: Cost = "quadratic",
): tf.Scalar {
  return tf.tidy(() => {
    const cache = forward(net, x);
    const yy = asMatrix("dl.backprop.loss", "y", y, net.sizes[net.sizes.length - 1]);
    return cost(cache.a[cache.a.length - 1], yy, kind);
  });
}

/**
 * Backward pass by the four equations; returns every δˡ and the gradients (dispose them when done).
 * @example
 * const cache = dl.backprop.forward(net, x);
 * const { deltas, dW, db } = dl.backprop.backward(net, cache, y);
 */
export function backward(
  net: Network,
  cache: ForwardCache,
  y: tf.Tensor | number[][],
  kind: Cost = "quadratic",
): Gradients {
  const fn = "dl.backprop.backward";
  const L = net.weights.length;
  if (!cache || cache.a?.length !== L + 1) {
    throw new RangeError(
      `${fn}: argument "cache" must come from dl.backprop.forward on this network (${L + 1} activations), got ${cache?.a?.length}`,
    );
  }
  if (kind === "cross-entropy" && net.outputActivation !== "sigmoid") {
    throw new RangeError(
      `${fn}: cost "cross-entropy" needs outputActivation "sigmoid", got "${net.outputActivation}"`,
    );
  }
  const yy = asMatrix(fn, "y", y, net.sizes[L]);
  const deltas: tf.Tensor2D[] = new Array(L);
  const dW: tf.Tensor2D[] = new Array(L);
  const db: tf.Tensor1D[] = new Array(L);
  const n = cache.a[0].shape[0];
  // (1) output error: for cross-entropy with sigmoid, ∇ₐC = (a−y)/(a(1−a)n) and σ′ = a(1−a) cancel
  deltas[L - 1] = tf.tidy(() => {
    const diff = tf.sub(cache.a[L], yy).div(n);
    return (
      kind === "cross-entropy" ? diff : diff.mul(ACTIVATIONS[net.outputActivation].prime(cache.z[L]))
    ) as tf.Tensor2D;
  });
  // (2) go one layer down at a time, carrying δ back through the weights above
  for (let l = L - 1; l >= 1; l--) {
    deltas[l - 1] = tf.tidy(() =>
      deltas[l].matMul(net.weights[l]).mul(ACTIVATIONS[net.activation].prime(cache.z[l])),
    ) as tf.Tensor2D;
  }
  for (let l = 1; l <= L; l++) {
    db[l - 1] = tf.sum(deltas[l - 1], 0) as tf.Tensor1D; // (3), summed over the samples
    dW[l - 1] = deltas[l - 1].matMul(cache.a[l - 1], true, false) as tf.Tensor2D; // (4)
  }
  yy.dispose();
  return { deltas, dW, db };
}

/**
 * One gradient-descent step w ← w − η ∂C/∂w, b ← b − η ∂C/∂b: a NEW network (dispose the old one yourself).
 * @example
 * const next = dl.backprop.update(net, grads, 0.5); dl.backprop.dispose(net);
 */
export function update(net: Network, grads: { dW: tf.Tensor[]; db: tf.Tensor[] }, lr: number): Network {
  const fn = "dl.backprop.update";
  grads?.dW?.forEach((g, i) => {
    if (JSON.stringify(g.shape) !== JSON.stringify(net.weights[i].shape))
      throw new RangeError(
        `${fn}: grads.dW[${i}] must have the shape of weights[${i}], ${JSON.stringify(net.weights[i].shape)}, got ${JSON.stringify(g.shape)}`,
      );
  });
  if (grads?.dW?.length !== net.weights.length || grads?.db?.length !== net.biases.length)
    throw new RangeError(
      `${fn}: argument "grads" must hold ${net.weights.length} dW and db, got ${grads?.dW?.length} and ${grads?.db?.length}`,
    );
  return {
    ...net,
    weights: net.weights.map((w, i) => tf.tidy(() => w.sub(grads.dW[i].mul(lr))) as tf.Tensor2D),
    biases: net.biases.map(
      (b, i) => tf.tidy(() => b.sub(grads.db[i].reshape(b.shape).mul(lr))) as tf.Tensor1D,
    ),
  };
}

/**
 * Free the tensors of a network, a cache or gradients (any mix).
 * @example
 * dl.backprop.dispose(net, cache, grads);
 */
export function dispose(...things: Array<object | undefined>): void {
  for (const t of things) {
    if (!t) continue;
    for (const k of ["weights", "biases", "z", "a", "deltas", "dW", "db"]) {
      const v = (t as Record<string, unknown>)[k];
      if (Array.isArray(v)) tf.dispose(v.filter((x): x is tf.Tensor => x instanceof tf.Tensor));
    }
  }
}
