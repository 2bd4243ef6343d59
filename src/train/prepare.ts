/**
 * From what a student passes (arrays, typed arrays, tensors; {x, y} or {train, validation}) to
 * the tensors a training loop needs — validated BEFORE any step runs, labels shaped for the loss.
 */
import * as tf from "@tensorflow/tfjs";
import { DataError } from "../data/errors";
import { validateDataset } from "../data/validate";

/** Inputs and targets: nested arrays, flat typed arrays (one row per target) or tensors. */
export interface XY {
  x: unknown;
  y: unknown;
}

/** Tensors ready for `trainOnBatch`; `dispose()` frees what this module created. */
export interface Prepared {
  x: tf.Tensor;
  y: tf.Tensor;
  n: number;
  val?: { x: tf.Tensor; y: tf.Tensor; n: number };
  /** The 2-D points and labels when the inputs are 2-D (for a decision-boundary figure). */
  points?: { x: number[]; y: number[]; label: number[] };
  dispose(): void;
}

/** How the model's loss wants its targets. */
type TargetKind = "binary" | "sparse" | "categorical" | "regression";

function targetKind(model: tf.LayersModel): TargetKind {
  const loss = Array.isArray(model.loss) ? model.loss[0] : model.loss;
  const name = typeof loss === "string" ? loss : "";
  if (/^binaryCrossentropy$/i.test(name)) return "binary";
  if (/^sparseCategoricalCrossentropy$/i.test(name)) return "sparse";
  if (/^categoricalCrossentropy$/i.test(name)) return "categorical";
  return "regression";
}

/** x as a float32 tensor, reshaping a flat typed array to [n, size]. */
function asX(x: unknown, n: number, owned: tf.Tensor[]): unknown {
  if (x instanceof tf.Tensor) return x;
  if (ArrayBuffer.isView(x) && n > 0) {
    const flat = x as unknown as Float32Array;
    if (flat.length % n !== 0) {
      const want = `a flat array of ${n} samples (a multiple of ${n} values)`;
      throw new DataError("dl.train", "x", want, `${flat.length} values`, null, "Check that x and y match.");
    }
    // a Float32Array goes in as it is (no copy of a 188 MB MNIST array); other typed arrays are converted
    const values = flat instanceof Float32Array ? flat : Float32Array.from(flat);
    const t = tf.tensor2d(values, [n, flat.length / n]);
    owned.push(t);
    return t;
  }
  return x;
}

function lengthOf(v: unknown): number {
  if (v instanceof tf.Tensor) return v.shape[0] ?? 0;
  return (v as ArrayLike<unknown>)?.length ?? 0;
}

/** Validate one (x, y) pair against the model and return its training tensors. */
async function tensorsFor(model: tf.LayersModel, d: XY, which: "" | "validation ", owned: tf.Tensor[]) {
  const kind = targetKind(model);
  const out = model.outputs[0].shape;
  const k = out[out.length - 1] ?? 1;
  const numClasses = kind === "regression" ? undefined : kind === "binary" ? 2 : k;
  const sampleShape = model.inputs[0].shape.slice(1);
  const xIn = asX(d.x, lengthOf(d.y), owned);
  const names = which ? { xName: "validationData.x", yName: "validationData.y" } : {};
  const info = await validateDataset(xIn, d.y, { numClasses, name: "dl.train", sampleShape, ...names });
  const x =
    xIn instanceof tf.Tensor ? tf.cast(xIn, "float32") : tf.tensor(xIn as number[][], undefined, "float32");
  const y = tf.tidy(() => {
    const raw =
      d.y instanceof tf.Tensor
        ? tf.cast(d.y, "float32")
        : tf.tensor(Array.from(d.y as ArrayLike<number>), undefined, "float32");
    if (kind === "categorical" && info.targets === "index")
      return tf.oneHot(tf.cast(tf.reshape(raw, [-1]), "int32"), k).toFloat();
    if (kind === "sparse" || info.targets === "onehot") return raw;
    return tf.reshape(raw, [info.n, -1]);
  });
  owned.push(x, y);
  return { x, y, n: info.n };
}

/** Options that decide where validation data comes from. */
export interface ValidationOptions {
  /** Hold out this fraction (the LAST samples, as Keras does) for validation. */
  validationSplit?: number;
  /** Separate validation data. */
  validationData?: XY;
}

/**
 * Validate and convert the training (and validation) data for `model`.
 * @example
 * const p = await prepare(model, { x: [[0, 1]], y: [1] }, {}); p.dispose();
 */
export async function prepare(
  model: tf.LayersModel,
  data: XY | { train: XY; validation?: XY },
  opts: ValidationOptions,
): Promise<Prepared> {
  if (!data || typeof data !== "object")
    throw new DataError("dl.train", "data", "an object {x, y} (or {train, validation})", String(data));
  const train = "train" in data ? data.train : data;
  const validationData = opts.validationData ?? ("train" in data ? data.validation : undefined);
  const owned: tf.Tensor[] = [];
  const dispose = () => tf.dispose(owned);
  try {
    const t = await tensorsFor(model, train, "", owned);
    let { x, y, n } = t;
    let val: Prepared["val"];
    if (validationData) {
      val = await tensorsFor(model, validationData, "validation ", owned);
    } else if (opts.validationSplit) {
      const s = opts.validationSplit;
      const nVal = Math.floor(n * s);
      if (!(s > 0 && s < 1) || nVal < 1 || nVal >= n) {
        throw new DataError(
          "dl.train",
          "validationSplit",
          `a fraction in (0, 1) leaving samples on both sides of ${n}`,
          String(s),
        );
      }
      const nTrain = n - nVal;
      const parts = [x.slice(0, nTrain), y.slice(0, nTrain), x.slice(nTrain), y.slice(nTrain)];
      owned.push(...parts);
      val = { x: parts[2], y: parts[3], n: nVal };
      [x, y, n] = [parts[0], parts[1], nTrain];
    }
    return { x, y, n, val, points: await points2d(x, y), dispose };
  } catch (e) {
    dispose();
    throw e;
  }
}

/** Points and integer labels of 2-D inputs, for a decision-boundary figure. */
async function points2d(x: tf.Tensor, y: tf.Tensor): Promise<Prepared["points"]> {
  if (x.rank !== 2 || x.shape[1] !== 2) return undefined;
  const xs = await x.data();
  const lab = tf.tidy(() =>
    y.rank === 2 && y.shape[1]! > 1 ? tf.argMax(y, -1) : tf.round(tf.reshape(y, [-1])),
  );
  const ls = Array.from(await lab.data());
  lab.dispose();
  const n = x.shape[0];
  // 4 significant digits are plenty on screen and keep a saved figure small (float32 → 19 chars)
  const r4 = (v: number) => Number(v.toPrecision(4));
  return {
    x: Array.from({ length: n }, (_, i) => r4(xs[2 * i])),
    y: Array.from({ length: n }, (_, i) => r4(xs[2 * i + 1])),
    label: ls,
  };
}
