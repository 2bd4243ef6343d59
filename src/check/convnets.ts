/**
 * Self-checks for convolutional networks (lab 05): a 2-D convolution written with loops, predicted
 * layer shapes and parameter counts, which filter detects vertical edges, and a CNN trained to a
 * measured test accuracy within a time budget.
 */
import * as tf from "@tensorflow/tfjs";
import { ArgumentError, describeValue } from "../errors";
import { attempt, compare, NotYet, numbers, run, within, type CheckOptions, type CheckResult } from "./core";

/** tf.conv2d of one grey image with one kernel ("valid", no flip): the reference. */
async function correlate(image: number[][], kernel: number[][], stride: number) {
  const out = tf.tidy(() =>
    tf.conv2d(
      tf.tensor4d(image.flat(), [1, image.length, image[0].length, 1]),
      tf.tensor4d(kernel.flat(), [kernel.length, kernel[0].length, 1, 1]),
      stride,
      "valid",
    ),
  );
  const res = { values: Array.from(await out.data()), shape: [out.shape[1], out.shape[2]] };
  out.dispose();
  return res;
}

const flip = (k: number[][]) =>
  k
    .slice()
    .reverse()
    .map((row) => row.slice().reverse());

// a small integer image; kernels that are not symmetric, so a flipped kernel shows
const IMAGE = Array.from({ length: 7 }, (_, r) =>
  Array.from({ length: 8 }, (_, c) => ((r * 5 + c * 3 + r * c) % 7) - 2),
);
const SQUARE = [
  [1, 0, -1],
  [2, 1, -2],
  [0, 1, -1],
];
const WIDE = [
  [1, -2, 0],
  [3, 1, -1],
];
const CASES: Array<[number[][], number]> = [
  [SQUARE, 1],
  [SQUARE, 2],
  [WIDE, 1],
  [WIDE, 3],
];

/**
 * Check a 2-D convolution `fn(image, kernel, stride)` written with loops (one channel, no padding)
 * against `tf.conv2d`: ⌊(n − k)/s⌋ + 1 outputs per side, the kernel not flipped (deep learning's
 * "convolution" is cross-correlation), strides 1 to 3, square and non-square kernels.
 * @example
 * await dl.check.conv2d((img, k, s) => …); // "✔ 2-D convolution: right"
 */
export async function conv2d(
  fn: (image: number[][], kernel: number[][], stride: number) => unknown,
  opts: CheckOptions = {},
): Promise<CheckResult> {
  return run(
    "2-D convolution",
    "output (i, j) is Σ image[s·i + u][s·j + v] · kernel[u][v] over the kernel's rows u and columns v",
    async () => {
      for (const [kernel, stride] of CASES) {
        const what = `${kernel.length}×${kernel[0].length} kernel, stride ${stride}`;
        const out = await attempt("your conv2d", () =>
          fn(
            IMAGE.map((row) => row.slice()),
            kernel.map((row) => row.slice()),
            stride,
          ),
        );
        const got = await numbers("your output", out);
        if (out instanceof tf.Tensor) out.dispose();
        const want = await correlate(IMAGE, kernel, stride);
        const squeeze = (s: number[] | null) => (s ?? []).filter((d) => d !== 1).join();
        if (got.values.length !== want.values.length || squeeze(got.shape) !== squeeze(want.shape))
          throw new NotYet(
            `${what}: wrong output shape; with no padding an n×m image and a k×l kernel give ⌊(n − k)/s⌋ + 1 rows and ⌊(m − l)/s⌋ + 1 columns`,
          );
        const tol = { rtol: 1e-5, atol: 1e-4 };
        const flipped = await correlate(IMAGE, flip(kernel), stride);
        if (got.values.every((v, i) => within(v, flipped.values[i], tol)))
          throw new NotYet(
            "you flipped the kernel (convolution in the textbook sense); tf.conv2d and every deep-learning library slide it as it is (cross-correlation)",
          );
        compare("your output", got, want, tol);
      }
    },
    opts.print,
  );
}

/** One layer's predicted output shape (without the batch dimension) and parameter count. */
export interface LayerPrediction {
  /** Output shape of the layer for one example, e.g. [26, 26, 8] or [10]. */
  shape: number[];
  /** Trainable and non-trainable parameters of the layer (weights and biases). */
  params: number;
}

function describeLayer(layer: tf.layers.Layer, i: number): string {
  return `layer ${i + 1} (${layer.getClassName()})`;
}

/**
 * Check a prediction `fn()` → one `{ shape, params }` per layer of `model`, written down before the
 * model was built: each layer's output shape (no batch dimension) and its parameter count.
 * The hint names the first layer that is off and what to recount, never the number.
 * @example
 * await dl.check.layerShapes(() => [{ shape: [26, 26, 8], params: 80 }, …], model);
 */
export async function layerShapes(
  fn: () => LayerPrediction[],
  model: tf.LayersModel,
  opts: CheckOptions = {},
): Promise<CheckResult> {
  if (!Array.isArray((model as { layers?: unknown })?.layers))
    throw new ArgumentError("dl.check.layerShapes", "model", "a tf.LayersModel", describeValue(model));
  return run(
    "layer shapes and parameters",
    "",
    async () => {
      const predicted = await attempt("your prediction", fn);
      if (!Array.isArray(predicted) || predicted.length === 0)
        throw new NotYet("write down your prediction first: one { shape, params } per layer");
      if (predicted.length !== model.layers.length)
        throw new NotYet(
          `one entry per layer, in order: the model has ${model.layers.length} layers (pooling and flatten count)`,
        );
      for (const [i, layer] of model.layers.entries()) {
        const p = predicted[i] as Partial<LayerPrediction> | undefined;
        if (!p || !Array.isArray(p.shape) || typeof p.params !== "number")
          throw new NotYet(`${describeLayer(layer, i)}: write it as { shape: [...], params: number }`);
        const shape = (layer.outputShape as number[]).slice(1);
        if (p.shape.length !== shape.length || p.shape.some((d, k) => d !== shape[k]))
          throw new NotYet(
            `${describeLayer(layer, i)}: the output shape is not right yet; per side ⌊(n + 2p − k)/s⌋ + 1, channels = filters, pooling divides each side, flatten multiplies them`,
          );
        if (p.params !== layer.countParams())
          throw new NotYet(
            `${describeLayer(layer, i)}: count its parameters again; a conv layer has k·k·c_in weights per filter plus one bias per filter, a dense layer inputs·units + units, pooling and flatten none`,
          );
      }
    },
    opts.print,
  );
}

/** Largest |response| of a kernel over an image ("valid" cross-correlation). */
async function peak(image: number[][], kernel: number[][]): Promise<number> {
  const r = await correlate(image, kernel, 1);
  return Math.max(...r.values.map(Math.abs));
}

/**
 * The filter, among `filters`, that detects vertical edges: it answers strongly across a vertical
 * edge, and (almost) nothing on a flat patch or across a horizontal edge.
 */
async function verticalEdgeFilter(filters: Record<string, number[][]>): Promise<string> {
  const size = 8;
  const img = (f: (r: number, c: number) => number) =>
    Array.from({ length: size }, (_, r) => Array.from({ length: size }, (_, c) => f(r, c)));
  const vertical = img((_, c) => (c < size / 2 ? 0 : 1));
  const horizontal = img((r) => (r < size / 2 ? 0 : 1));
  const flat = img(() => 1);
  let best = "";
  let bestScore = -Infinity;
  for (const [name, k] of Object.entries(filters)) {
    const other = Math.max(await peak(horizontal, k), await peak(flat, k));
    const score = (await peak(vertical, k)) - other;
    if (score > bestScore) [best, bestScore] = [name, score];
  }
  return best;
}

/**
 * Predict-then-run: `fn()` names the filter of `filters` that detects vertical edges; the check
 * measures each filter's answer to a vertical edge, a horizontal edge and a flat patch.
 * @example
 * await dl.check.edgeFilter(() => "B", { A: blur, B: sobelX, C: sobelY });
 */
export async function edgeFilter(
  fn: () => string,
  filters: Record<string, number[][]>,
  opts: CheckOptions = {},
): Promise<CheckResult> {
  const names = Object.keys(filters ?? {});
  if (names.length < 2)
    throw new ArgumentError(
      "dl.check.edgeFilter",
      "filters",
      "at least two named kernels",
      describeValue(filters),
    );
  return run(
    "vertical-edge filter",
    "not the one that measured so: an edge is where the brightness changes; which kernel gives 0 on a flat patch and on a horizontal edge, and a large value across a vertical one?",
    async () => {
      const choice = String(await attempt("your choice", fn)).trim();
      if (choice === "") throw new NotYet("write down your choice first, then run the cell");
      // "c" names filter "C": the names are compared case-blind, as dl.check.prediction does
      const named = names.find((n) => n.toLowerCase() === choice.toLowerCase());
      if (named === undefined)
        throw new NotYet(
          `pick one of ${names.map((n) => JSON.stringify(n)).join(", ")}; got ${JSON.stringify(choice)}`,
        );
      if (named !== (await verticalEdgeFilter(filters))) throw new NotYet("");
    },
    opts.print,
  );
}

/** Options of {@link trainedTo}. */
export interface TrainedToOptions extends CheckOptions {
  /** Test accuracy to reach, in [0, 1]. */
  atLeast: number;
  /** Seconds that training (the call of `fn`) may take. Defaults to no limit. */
  seconds?: number;
}

/**
 * An open task with a measured target: `fn()` builds and trains a classifier and resolves to it; the
 * check times the call and measures accuracy on `test` ({ x: a tensor of inputs, y: class indices }).
 * @example
 * await dl.check.trainedTo("Fashion-MNIST CNN", trainMyCnn, { x: xTest, y: fashion.test.y }, { atLeast: 0.85, seconds: 30 });
 */
export async function trainedTo(
  name: string,
  fn: () => tf.LayersModel | Promise<tf.LayersModel>,
  test: { x: tf.Tensor; y: ArrayLike<number> },
  opts: TrainedToOptions,
): Promise<CheckResult> {
  if (!(test?.x instanceof tf.Tensor))
    throw new ArgumentError(
      "dl.check.trainedTo",
      "test.x",
      "a tensor of test inputs",
      describeValue(test?.x),
    );
  return run(
    name,
    "",
    async () => {
      const start = performance.now();
      const model = await attempt("your training", fn);
      const seconds = (performance.now() - start) / 1000;
      if (typeof (model as { predict?: unknown }).predict !== "function")
        throw new NotYet("return the trained model (a tf.LayersModel)");
      const predicted = tf.tidy(() => tf.argMax(model.predict(test.x) as tf.Tensor, -1));
      const labels = await predicted.data();
      predicted.dispose();
      const right = Array.from(labels).filter((v, i) => v === test.y[i]).length;
      const acc = right / test.y.length;
      if (acc < opts.atLeast)
        throw new NotYet(
          `test accuracy is ${(100 * acc).toFixed(1)} %, the target is ≥ ${100 * opts.atLeast} %; more filters, more images or epochs, another learning rate?`,
        );
      if (opts.seconds !== undefined && seconds > opts.seconds)
        throw new NotYet(
          `training took ${seconds.toFixed(0)} s, the budget is ${opts.seconds} s; fewer images or epochs, fewer filters, a larger batch?`,
        );
    },
    opts.print,
  );
}
