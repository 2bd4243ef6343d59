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
import { ArgumentError } from "../errors";
import { ACTIVATIONS } from "./activations";
import type { Cost, ForwardCache, Gradients, Network } from "./types";

/** Turn inputs or targets into a float32 [n, width] tensor, naming the argument when the width is wrong. */
function asMatrix(fn: string, name: string, v: tf.Tensor | number[][], width: number): tf.Tensor2D {
  const t = v instanceof tf.Tensor ? (v.rank === 1 ? v.reshape([-1, 1]) : v.clone()) : tf.tensor2d(v);
  if (t.rank !== 2 || t.shape[1] !== width) {
    const shape = JSON.stringify(t.shape);
    t.dispose();
    throw new ArgumentError(fn, name, `shape [n, ${width}] (one sample per row)`, shape);
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
    throw new ArgumentError(
      fn,
      "cache",
      `the result of dl.backprop.forward on this network (${L + 1} activations)`,
      `${cache?.a?.length} activations`,
    );
  }
  if (kind === "cross-entropy" && net.outputActivation !== "sigmoid") {
    throw new ArgumentError(
      fn,
      "kind",
      'a cost that fits the output layer ("cross-entropy" needs outputActivation "sigmoid")',
      `"cross-entropy" on a "${net.outputActivation}" output`,
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
      throw new ArgumentError(
        fn,
        `grads.dW[${i}]`,
        `the shape of weights[${i}], ${JSON.stringify(net.weights[i].shape)}`,
        JSON.stringify(g.shape),
      );
  });
  if (grads?.dW?.length !== net.weights.length || grads?.db?.length !== net.biases.length)
    throw new ArgumentError(
      fn,
      "grads",
      `${net.weights.length} dW and ${net.biases.length} db`,
      `${grads?.dW?.length} and ${grads?.db?.length}`,
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
