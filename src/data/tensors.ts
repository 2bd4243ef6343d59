/** Turn a dataset into tensors for a tfjs model. */
import * as tf from "@tensorflow/tfjs";
import { count, type Labeled } from "./split";

/** Options of {@link toTensors}. */
export interface ToTensorOptions {
  /** Images as flat rows [n, rows·cols] (true) or as [n, rows, cols, 1] for convolutions (false). Defaults to true. */
  flatten?: boolean;
  /** Targets as one-hot float rows of width K (true), or as int32 class indices (false). Defaults to false. */
  oneHot?: boolean;
}

/**
 * Tensors x (float32) and y of a dataset; the caller owns them (dispose them when done).
 * @example
 * const { x, y } = dl.data.toTensors(dl.data.mnist({ train: 1000, test: 0 }).train, { oneHot: true });
 * x.shape; // [1000, 784]; y.shape: [1000, 10]
 */
export function toTensors(
  d: Labeled & { shape?: number[]; classes?: string[] },
  opts: ToTensorOptions = {},
): { x: tf.Tensor; y: tf.Tensor } {
  const n = count(d);
  let x: tf.Tensor;
  if (Array.isArray(d.x)) {
    x = Array.isArray(d.x[0]) ? tf.tensor2d(d.x as number[][]) : tf.tensor2d(d.x as number[], [n, 1]);
  } else {
    const size = d.x.length / n;
    const shape = opts.flatten === false && d.shape ? [n, ...d.shape, 1] : [n, size];
    // no extra copy when the pixels are float32 already (the full MNIST set is 188 MB)
    x = tf.tensor(d.x instanceof Float32Array ? d.x : Float32Array.from(d.x), shape, "float32");
  }
  if (!opts.oneHot) return { x, y: tf.tensor1d(Int32Array.from(d.y), "int32") };
  const k = d.classes?.length ?? Math.max(...Array.from(d.y)) + 1;
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(Int32Array.from(d.y), "int32"), k).toFloat());
  return { x, y };
}
