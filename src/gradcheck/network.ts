/**
 * Gradient checks for a hand-written backward pass on a dense network: parameters named W1, b1, …,
 * the float64 reference loss written out in JS numbers, and hints that point at the four equations.
 */
import * as tf from "@tensorflow/tfjs";
import { forward, loss, type Activation, type Cost, type ForwardCache, type Network } from "../backprop";
import { checkGradients, type GradcheckOptions, type GradcheckResult, type Nested } from "./core";

/**
 * The network's cost in float64 JS numbers (the reference for finite differences).
 * @example
 * networkLoss64("sigmoid", "sigmoid", [[[3, -2]]], [[1]], [[1, 1]], [[1]]); // ½(1 − σ(2))²
 */
export function networkLoss64(
  act: Activation,
  outAct: Activation,
  weights: number[][][],
  biases: number[][],
  x: number[][],
  y: number[][],
  kind: Cost = "quadratic",
): number {
  const sigma = (v: number, a: Activation) =>
    a === "sigmoid"
      ? 1 / (1 + Math.exp(-v))
      : a === "tanh"
        ? Math.tanh(v)
        : a === "relu"
          ? Math.max(0, v)
          : v;
  let total = 0;
  x.forEach((row, n) => {
    let a = row;
    weights.forEach((w, l) => {
      const s = l === weights.length - 1 ? outAct : act;
      a = w.map((wj, j) =>
        sigma(
          wj.reduce((acc, wjk, k) => acc + wjk * a[k], biases[l][j]),
          s,
        ),
      );
    });
    a.forEach((aj, j) => {
      const yj = y[n][j];
      total += kind === "quadratic" ? (yj - aj) ** 2 / 2 : -(yj * Math.log(aj) + (1 - yj) * Math.log(1 - aj));
    });
  });
  return total / x.length;
}

/** The network's tensors named W1, b1, …, with readable labels and hints pointing at the four equations. */
function namedParams(net: Network) {
  const L = net.weights.length;
  const params: Record<string, tf.Tensor> = {};
  const labels: Record<string, string> = {};
  const hints: Record<string, string> = {};
  for (let l = 1; l <= L; l++) {
    params[`W${l}`] = net.weights[l - 1];
    params[`b${l}`] = net.biases[l - 1];
    labels[`W${l}`] = `layer ${l} weights (dW${l})`;
    labels[`b${l}`] = `layer ${l} biases (db${l})`;
    const delta = l === L ? `δ${l} = ∇ₐC ⊙ σ′(z${l})` : `δ${l} = ((w${l + 1})ᵀ δ${l + 1}) ⊙ σ′(z${l})`;
    hints[`W${l}`] = `check ${delta}, then ∂C/∂w${l} = a${l - 1} δ${l}`;
    hints[`b${l}`] = `check ${delta}, then ∂C/∂b${l} = δ${l} (summed over the samples)`;
  }
  return { params, labels, hints };
}

/** A student's backward pass: like dl.backprop.backward, returning at least dW and db. */
export type BackwardFn = (
  net: Network,
  cache: ForwardCache,
  y: tf.Tensor2D,
) => { dW: Array<tf.Tensor | number[][]>; db: Array<tf.Tensor | number[]> } | undefined;

/** The arguments of the generic check for a backward pass on a network. */
function networkCheck(
  backwardFn: BackwardFn,
  net: Network,
  x: number[][],
  y: number[][],
  opts: GradcheckOptions & { cost?: Cost },
) {
  const L = net.weights.length;
  const kind = opts.cost ?? "quadratic";
  const { params, labels, hints } = namedParams(net);
  const rebuild = (p: Record<string, tf.Tensor>): Network => ({
    ...net,
    weights: net.weights.map((_, i) => p[`W${i + 1}`] as tf.Tensor2D),
    biases: net.biases.map((_, i) => p[`b${i + 1}`] as tf.Tensor1D),
  });
  // tidy frees the cache, the deltas and whatever the backward function made on the way
  const gradFn = (p: Record<string, tf.Tensor>) =>
    tf.tidy(() => {
      const g = backwardFn(rebuild(p), forward(rebuild(p), x), tf.tensor2d(y));
      const out: Record<string, tf.Tensor> = {};
      for (let l = 1; l <= L; l++) {
        out[`W${l}`] = g?.dW?.[l - 1] as tf.Tensor; // or nested arrays: read the same way
        out[`b${l}`] = g?.db?.[l - 1] as tf.Tensor;
      }
      return out;
    }) as Record<string, unknown>;
  const f64 = (p: Record<string, Nested>) =>
    networkLoss64(
      net.activation,
      net.outputActivation,
      net.weights.map((_, i) => p[`W${i + 1}`] as number[][]),
      net.biases.map((_, i) => p[`b${i + 1}`] as number[]),
      x,
      y,
      kind,
    );
  const f = (p: Record<string, tf.Tensor>) => loss(rebuild(p), x, y, kind);
  return [gradFn, f, params, { labels, hints, f64, ...opts }] as const;
}

/**
 * Check a backward function (yours, or dl.backprop.backward) on a network: each layer's dW and db
 * against autodiff and float64 differences, the wrong layer named.
 * @example
 * const r = await dl.gradcheck.network((net, cache, y) => dl.backprop.backward(net, cache, y), net, [[0, 1]], [[1]]);
 */
export async function gradcheckNetwork(
  backwardFn: BackwardFn,
  net: Network,
  x: number[][],
  y: number[][],
  opts: GradcheckOptions & { cost?: Cost } = {},
): Promise<GradcheckResult> {
  return checkGradients(...networkCheck(backwardFn, net, x, y, opts));
}
