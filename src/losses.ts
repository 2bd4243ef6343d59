/**
 * The lecture's losses, numerically stable, on tensors (returns a scalar tensor, differentiable)
 * or on plain arrays (returns a number, computed in float64 — handy as a reference).
 */
import * as tf from "@tensorflow/tfjs";
import { ArgumentError, describeValue } from "./errors";

type Vec = number[] | tf.Tensor;

/** Options of {@link binaryCrossEntropy}. */
export interface BceOptions {
  /** yPred holds logits z (not probabilities); uses the stable form max(z,0) − zy + log(1+e^(−|z|)). Defaults to false. */
  fromLogits?: boolean;
  /** Probabilities are clipped to [eps, 1 − eps] so log(0) never happens. Defaults to 1e-7. */
  eps?: number;
}

function sameLength(fn: string, a: number[], b: number[]): void {
  if (a.length !== b.length) {
    const hint = "Pass one prediction per target, in the same order.";
    throw new ArgumentError(
      fn,
      "yPred",
      `the same length as yTrue (${a.length})`,
      `${b.length} values`,
      hint,
    );
  }
  if (a.length === 0) throw new ArgumentError(fn, "yTrue", "at least one value", "an empty array");
}

/** The tensor path's twin of sameLength: as many predictions as targets, whatever their shapes. */
function sameSize(fn: string, y: tf.Tensor, yPred: tf.Tensor): void {
  if (y.size !== yPred.size) {
    const hint = "Pass one prediction per target, in the same order.";
    throw new ArgumentError(fn, "yPred", `${y.size} values, one per yTrue`, describeValue(yPred), hint);
  }
}

/**
 * Binary cross-entropy −mean(y log p + (1 − y) log(1 − p)).
 * @example
 * dl.losses.binaryCrossEntropy([1, 0], [0.9, 0.2]); // (−ln 0.9 − ln 0.8) / 2 ≈ 0.1643
 */
export function binaryCrossEntropy(yTrue: number[], yPred: number[], opts?: BceOptions): number;
export function binaryCrossEntropy(yTrue: Vec, yPred: tf.Tensor, opts?: BceOptions): tf.Scalar;
export function binaryCrossEntropy(yTrue: Vec, yPred: Vec, opts: BceOptions = {}): number | tf.Scalar {
  const eps = opts.eps ?? 1e-7;
  if (Array.isArray(yTrue) && Array.isArray(yPred)) {
    sameLength("dl.losses.binaryCrossEntropy", yTrue, yPred);
    const terms = yTrue.map((y, i) => {
      const z = yPred[i];
      if (opts.fromLogits) return Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
      const p = Math.min(1 - eps, Math.max(eps, z));
      return -(y * Math.log(p) + (1 - y) * Math.log(1 - p));
    });
    return terms.reduce((s, t) => s + t, 0) / terms.length;
  }
  return tf.tidy(() => {
    const yt = yTrue instanceof tf.Tensor ? yTrue : tf.tensor(yTrue);
    const zt = yPred instanceof tf.Tensor ? yPred : tf.tensor(yPred);
    sameSize("dl.losses.binaryCrossEntropy", yt, zt);
    const y = tf.cast(tf.reshape(yt, [-1]), "float32");
    const z = tf.reshape(zt, [-1]);
    if (opts.fromLogits) {
      return tf.mean(
        tf.add(tf.sub(tf.relu(z), tf.mul(z, y)), tf.log1p(tf.exp(tf.neg(tf.abs(z))))),
      ) as tf.Scalar;
    }
    const p = tf.clipByValue(z, eps, 1 - eps);
    return tf.neg(
      tf.mean(tf.add(tf.mul(y, tf.log(p)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, p))))),
    ) as tf.Scalar;
  });
}

/**
 * Mean squared error mean((y − ŷ)²).
 * @example
 * dl.losses.mse([1, 2], [1, 4]); // 2
 */
export function mse(yTrue: number[], yPred: number[]): number;
export function mse(yTrue: Vec, yPred: tf.Tensor): tf.Scalar;
export function mse(yTrue: Vec, yPred: Vec): number | tf.Scalar {
  if (Array.isArray(yTrue) && Array.isArray(yPred)) {
    sameLength("dl.losses.mse", yTrue, yPred);
    return yTrue.reduce((s, y, i) => s + (y - yPred[i]) ** 2, 0) / yTrue.length;
  }
  return tf.tidy(() => {
    const y = tf.cast(yTrue instanceof tf.Tensor ? yTrue : tf.tensor(yTrue), "float32");
    const p = yPred instanceof tf.Tensor ? yPred : tf.tensor(yPred);
    sameSize("dl.losses.mse", y, p);
    return tf.mean(tf.square(tf.sub(tf.reshape(y, p.shape), p))) as tf.Scalar;
  });
}

/** log Σ exp(z) − z_k, shifted by max(z) so exp never overflows. */
function rowNll(logits: number[], k: number): number {
  const m = Math.max(...logits);
  const lse = m + Math.log(logits.reduce((s, z) => s + Math.exp(z - m), 0));
  return lse - logits[k];
}

/**
 * Softmax cross-entropy (negative log-likelihood) from logits, with class indices or one-hot labels.
 * @example
 * dl.losses.softmaxCrossEntropy([0], [[2, 0, 0]]); // ln(e² + 2) − 2 ≈ 0.2395
 */
export function softmaxCrossEntropy(labels: number[] | number[][], logits: number[][]): number;
export function softmaxCrossEntropy(labels: number[] | number[][] | tf.Tensor, logits: tf.Tensor): tf.Scalar;
export function softmaxCrossEntropy(
  labels: number[] | number[][] | tf.Tensor,
  logits: number[][] | tf.Tensor,
): number | tf.Scalar {
  if (Array.isArray(logits) && Array.isArray(labels)) {
    const fn = "dl.losses.softmaxCrossEntropy";
    if (labels.length !== logits.length) {
      const want = `one label per row of logits (${logits.length})`;
      throw new ArgumentError(fn, "labels", want, `${labels.length} labels`);
    }
    if (logits.length === 0)
      throw new ArgumentError(fn, "logits", "at least one row", "none (an empty array)");
    const total = logits.reduce((s, row, i) => {
      const l = labels[i];
      // one-hot rows: Σ_k y_k (lse − z_k)
      if (Array.isArray(l)) return s + l.reduce((a, yk, k) => a + (yk ? yk * rowNll(row, k) : 0), 0);
      if (!Number.isInteger(l) || l < 0 || l >= row.length) {
        const hint = "Labels are class indices 0 … k−1, one per row of logits (or one-hot rows).";
        throw new ArgumentError(
          fn,
          "labels",
          `class indices in [0, ${row.length})`,
          `${describeValue(l)} at index ${i}`,
          hint,
        );
      }
      return s + rowNll(row, l);
    }, 0);
    return total / logits.length;
  }
  return tf.tidy(() => {
    const z = logits instanceof tf.Tensor ? logits : tf.tensor2d(logits);
    const k = z.shape[z.shape.length - 1];
    const lab = labels instanceof tf.Tensor ? labels : tf.tensor(labels as number[]);
    const onehot = lab.rank === 1 ? tf.oneHot(tf.cast(lab, "int32"), k) : lab;
    return tf.neg(tf.mean(tf.sum(tf.mul(tf.cast(onehot, "float32"), tf.logSoftmax(z)), -1))) as tf.Scalar;
  });
}
