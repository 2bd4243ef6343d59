/** Dense networks for the labs: `dl.mlp({...})` builds and compiles a seeded tf.LayersModel. */
import * as tf from "@tensorflow/tfjs";
import { momentumTf } from "./optimizers/core";
import { SeededDropout } from "./seeded-dropout";
import { ArgumentError, describeValue } from "./errors";

const INITS = ["glorot", "he", "lecun", "normal", "zeros"];
const OPTIMIZERS = ["sgd", "momentum", "adam", "rmsprop", "adagrad", "adadelta"];
/** "a", "b" or "c", for the allowed choices in an error. */
const choices = (names: string[]): string =>
  names
    .map((n) => `"${n}"`)
    .join(", ")
    .replace(/, ([^,]*)$/, " or $1");

/** One dense layer of {@link mlp}. */
export interface LayerSpec {
  units: number;
  /** "relu", "sigmoid", "tanh", "softmax", "linear", … Defaults to "relu". */
  activation?: "relu" | "sigmoid" | "tanh" | "softmax" | "linear" | "elu" | "selu" | "softplus";
}

/** Options of {@link mlp}; the fields document their defaults. */
export interface MlpOptions {
  /** Number of input features. */
  inputs: number;
  /** The dense layers, last one is the output. */
  layers: LayerSpec[];
  /** Dropout rate after each hidden layer (0.5 in the lecture). Defaults to 0 (none). */
  dropout?: number;
  /** L1 penalty λ on every kernel (sparse weights). Defaults to 0. */
  l1?: number;
  /** L2 penalty λ on every kernel (weight decay). Defaults to 0. */
  l2?: number;
  /** Weight initialiser: "glorot" (uniform, t = √6/√(fan_in+fan_out)), "he", "lecun", "normal" (N(0, 0.05²)), "zeros". Defaults to "glorot". */
  init?: "glorot" | "he" | "lecun" | "normal" | "zeros";
  /** Seed of the initial weights and dropout masks. Defaults to 0. */
  seed?: number;
  /** Loss. Defaults from the output: sigmoid → binaryCrossentropy, softmax → sparseCategoricalCrossentropy (integer labels), else meanSquaredError. */
  loss?: string;
  /** Optimizer name ("sgd", "momentum", "adam", "rmsprop", "adagrad", "adadelta") or a tf.Optimizer. Defaults to "adam". */
  optimizer?: string | tf.Optimizer;
  /** Learning rate of a named optimizer. Defaults to 0.01. */
  lr?: number;
}

function initializer(kind: MlpOptions["init"], seed: number): ReturnType<typeof tf.initializers.zeros> {
  switch (kind ?? "glorot") {
    case "glorot":
      return tf.initializers.glorotUniform({ seed });
    case "he":
      return tf.initializers.heNormal({ seed });
    case "lecun":
      return tf.initializers.leCunNormal({ seed });
    case "normal":
      return tf.initializers.randomNormal({ mean: 0, stddev: 0.05, seed });
    case "zeros":
      return tf.initializers.zeros();
    default:
      throw new ArgumentError("dl.mlp", "opts.init", choices(INITS), describeValue(kind));
  }
}

/**
 * A named optimizer with a learning rate.
 * @example
 * dl.optimizer("adam", 0.01);
 */
export function optimizer(name: string, lr = 0.01): tf.Optimizer {
  return namedOptimizer("dl.optimizer", "name", name, lr);
}

// fn and arg name the student's call in errors: dl.optimizer(name) or dl.mlp({ optimizer })
function namedOptimizer(fn: string, arg: string, name: string, lr: number): tf.Optimizer {
  switch (typeof name === "string" ? name.toLowerCase() : name) {
    case "sgd":
      return tf.train.sgd(lr);
    case "momentum":
      return momentumTf(lr, 0.9); // tf.train.momentum(lr, 0.9) whose dispose() frees its lr scalar too
    case "adam":
      return tf.train.adam(lr);
    case "rmsprop":
      return tf.train.rmsprop(lr);
    case "adagrad":
      return tf.train.adagrad(lr);
    case "adadelta":
      return tf.train.adadelta(lr);
    default: {
      const hint = "Pass one of these names, or a tf.Optimizer such as tf.train.sgd(0.1).";
      throw new ArgumentError(fn, arg, choices(OPTIMIZERS), describeValue(name), hint);
    }
  }
}

function defaultLoss(last: LayerSpec): string {
  if (last.activation === "sigmoid") return "binaryCrossentropy";
  if (last.activation === "softmax") return "sparseCategoricalCrossentropy";
  return "meanSquaredError";
}

function checkOptions(o: MlpOptions): void {
  if (!o || typeof o !== "object") {
    const hint =
      'Pass an options object, e.g. dl.mlp({ inputs: 2, layers: [{ units: 1, activation: "sigmoid" }] }).';
    throw new ArgumentError("dl.mlp", "opts", "{ inputs, layers, … }", describeValue(o), hint);
  }
  if (!Number.isInteger(o.inputs) || o.inputs < 1)
    throw new ArgumentError("dl.mlp", "opts.inputs", "a positive integer", describeValue(o.inputs));
  if (!Array.isArray(o.layers) || o.layers.length === 0) {
    const got = Array.isArray(o.layers) ? "an empty array" : describeValue(o.layers);
    throw new ArgumentError("dl.mlp", "opts.layers", "at least one {units, activation}", got);
  }
  o.layers.forEach((l, i) => {
    if (!Number.isInteger(l?.units) || l.units < 1)
      throw new ArgumentError(
        "dl.mlp",
        `opts.layers[${i}].units`,
        "a positive integer",
        describeValue(l?.units),
      );
  });
  if (o.dropout !== undefined && !(o.dropout >= 0 && o.dropout < 1)) {
    const hint = "dropout is the fraction of hidden units dropped while training, e.g. 0.5.";
    throw new ArgumentError("dl.mlp", "opts.dropout", "a number in [0, 1)", describeValue(o.dropout), hint);
  }
}

/**
 * A compiled dense network with seeded initial weights.
 * @example
 * const model = dl.mlp({ inputs: 2, layers: [{ units: 8, activation: "tanh" }, { units: 1, activation: "sigmoid" }], seed: 0 });
 */
export function mlp(opts: MlpOptions): tf.LayersModel {
  checkOptions(opts);
  const seed = opts.seed ?? 0;
  const reg = opts.l1 || opts.l2 ? tf.regularizers.l1l2({ l1: opts.l1 ?? 0, l2: opts.l2 ?? 0 }) : undefined;
  const model = tf.sequential();
  opts.layers.forEach((spec, i) => {
    const hidden = i < opts.layers.length - 1;
    model.add(
      tf.layers.dense({
        units: spec.units,
        activation: spec.activation ?? "relu",
        inputShape: i === 0 ? [opts.inputs] : undefined,
        // each layer its own seed, so layers do not start with copies of each other's weights
        kernelInitializer: initializer(opts.init, seed * 100 + i),
        kernelRegularizer: reg,
        name: `dense_${i + 1}`,
      }),
    );
    if (hidden && opts.dropout)
      model.add(new SeededDropout({ rate: opts.dropout, seed: seed * 100 + i, name: `dropout_${i + 1}` }));
  });
  const last = opts.layers[opts.layers.length - 1];
  const loss = opts.loss ?? defaultLoss(last);
  const classify = loss !== "meanSquaredError" && loss !== "meanAbsoluteError";
  const opt =
    typeof opts.optimizer === "object"
      ? opts.optimizer
      : namedOptimizer("dl.mlp", "opts.optimizer", opts.optimizer ?? "adam", opts.lr ?? 0.01);
  model.compile({ loss, optimizer: opt, metrics: classify ? ["acc"] : [] });
  // an optimizer made here belongs to the model: model.dispose() frees its slots too (tfjs only
  // does that for optimizers given by name, and ours are made with a learning rate)
  if (typeof opts.optimizer !== "object")
    (model as unknown as { isOptimizerOwned: boolean }).isOptimizerOwned = true;
  return model;
}

/**
 * A readable summary: one line per layer with its output shape, activation and parameter count.
 * @example
 * console.log(dl.summary(dl.mlp({ inputs: 2, layers: [{ units: 1, activation: "sigmoid" }] })));
 */
export function summary(model: tf.LayersModel): string {
  const rows = model.layers.map((l) => {
    const cfg = l.getConfig();
    const shape = JSON.stringify(l.outputShape).replace(/null/g, "batch");
    const act = typeof cfg["activation"] === "string" ? String(cfg["activation"]) : "";
    const extra = l instanceof SeededDropout ? `rate ${l.rate}` : act;
    return [l.name, l.getClassName(), shape, extra, String(l.countParams())];
  });
  const head = ["layer", "type", "output shape", "activation", "params"];
  const all = [head, ...rows];
  const width = head.map((_, c) => Math.max(...all.map((r) => r[c].length)));
  const line = (r: string[]) =>
    r.map((v, c) => (c === 4 ? v.padStart(width[c]) : v.padEnd(width[c]))).join("  ");
  const total = model.countParams();
  const loss = typeof model.loss === "string" ? model.loss : "custom";
  return [line(head), ...rows.map(line), `total ${total} parameters · loss ${loss}`].join("\n");
}
