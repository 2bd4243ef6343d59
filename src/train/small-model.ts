/**
 * Small models train faster on wasm than on TensorFlow's CPU kernels. A training step of a small
 * dense net runs ~240–270 tfjs kernels whatever its size; through tfjs-node each costs more to
 * dispatch than on wasm (an `add` of 16×2 values: 20–36 µs against 11–18 µs, machine loaded), and
 * such a step has too little arithmetic for TensorFlow's faster matrix products to pay that back.
 * The measure is the step's size, trainable weights × batch size (a dense layer's multiply-adds per
 * step, forward): deterministic, known before training, and the same on every machine. Time per
 * step, tensorflow / wasm (above 1: wasm faster), model.fit with Adam, best of 2 alternated rounds,
 * idle 2-core machine, after the lean tensorflow kernels and the in-place Adam (2026-11-30;
 * `node bench/small-model.mjs` measures it):
 * 2-64-64-1 at batch 16 (71k weights × batch) 1.46, at 64 (283k) 1.15; 784-16-10 at 32 (407k)
 * 0.88, 2-256-256-1 at 8 (535k) 0.71, 2-64-64-1 at 128 (565k) 0.90, 784-128-10 at 8 (814k) 0.61,
 * 2-128-128-1 at 64 (1.1M) 0.61, 784-128-10 at 32 (3.3M) 0.35. So below {@link SMALL_STEP} wasm
 * was faster (1.15–1.5×) and above ~400k tensorflow was; the labs' models fall clearly on either
 * side: lab 01's and 04's under 300k, lab 03's and 05's MNIST networks over 800k at any batch size
 * they use. (Before those two changes tensorflow was slower per op, and the threshold was 500,000.)
 */
import type * as tf from "@tensorflow/tfjs";

/** Trainable weights × batch size below which a model trains on wasm rather than on TensorFlow's CPU kernels. */
export const SMALL_STEP = 300_000;

/** dl.train's batch size when none is given, as `model.fit`'s. */
export const DEFAULT_BATCH = 32;

/**
 * The model's trainable weights, and its step size: weights × batch size.
 * @example
 * stepSize(dl.mlp({ inputs: 2, layers: [{ units: 64 }, { units: 64 }, { units: 1 }] }), 16); // { weights: 4417, size: 70672 }
 */
export function stepSize(
  model: tf.LayersModel,
  batchSize = DEFAULT_BATCH,
): { weights: number; size: number } {
  const weights = model.trainableWeights.reduce(
    (s, w) => s + w.shape.reduce<number>((p, d) => p * (d ?? 1), 1),
    0,
  );
  return { weights, size: weights * batchSize };
}

/** Who chose the preferred backend, and where it runs: what the rule needs to know. */
export interface SmallModelCase {
  /** The preferred backend. */
  preferred: string;
  /** "auto" when dl.backend() chose it by itself; a backend chosen by DLAB_BACKEND, `force` or tf.setBackend is kept. */
  how: "auto" | "env" | "set" | "force";
  /** True when TensorFlow runs its ops on a GPU. */
  gpu: boolean;
  /** Trainable weights of the model. */
  weights: number;
  /** Samples per batch. Defaults to 32. */
  batchSize?: number;
}

const n = (v: number) => v.toLocaleString("en-US");

/**
 * Why this model should train on wasm rather than the preferred backend, or undefined when it
 * should not: only when dl.backend() chose `tensorflow` by itself, TensorFlow runs on the CPU, and
 * the step is smaller than {@link SMALL_STEP}.
 * @example
 * smallOnWasm({ preferred: "tensorflow", how: "auto", gpu: false, weights: 4417, batchSize: 16 });
 * // "a model this small (4,417 weights × batch 16 = 70,672 < 500,000)"
 */
export function smallOnWasm(c: SmallModelCase): string | undefined {
  if (c.preferred !== "tensorflow" || c.how !== "auto" || c.gpu) return undefined;
  const batch = c.batchSize ?? DEFAULT_BATCH;
  const size = c.weights * batch;
  if (size >= SMALL_STEP) return undefined;
  return `a model this small (${n(c.weights)} weights × batch ${batch} = ${n(size)} < ${n(SMALL_STEP)})`;
}

/**
 * Why a model goes back from wasm to TensorFlow's CPU kernels after a small one moved it there.
 * @example
 * largerModel(101770, 32); // "a larger model: tensorflow is faster for it (101,770 weights × batch 32 = 3,256,640)"
 */
export function largerModel(weights: number, batchSize = DEFAULT_BATCH): string {
  return `a larger model: tensorflow is faster for it (${n(weights)} weights × batch ${batchSize} = ${n(weights * batchSize)})`;
}
