/**
 * `dl.train(model, data, opts)`: a seeded mini-batch loop on `model.trainOnBatch` with ONE live
 * figure, a progress line, early stopping, divergence detection and prompt interrupts.
 */
import * as tf from "@tensorflow/tfjs";
import { ArgumentError, describeValue } from "../errors";
import { checkResolution } from "../plot/grid";
import { autoBackend } from "./auto-backend";
import { callbacks, checkSmoothing, live } from "./callbacks";
import type { TrainHistory, TrainOptions } from "./options";
import { prepare, type XY } from "./prepare";
import { Run } from "./run";

/**
 * Train a compiled model with a live figure and return its history. Before the first step it puts
 * tfjs on the preferred backend (dl.backend()'s choice, chosen now if nobody chose one) if that has
 * every kernel the model's training runs (measured by one profiled step), else on the fastest other
 * one that has them, saying so in one line; the next model the preferred one can train goes back to it.
 * @example
 * const data = dl.data.moons({ seed: 0 });
 * const model = dl.mlp({ inputs: 2, layers: [{ units: 16, activation: "relu" }, { units: 1, activation: "sigmoid" }] });
 * const h = await dl.train(model, data, { epochs: 20, validationSplit: 0.2, earlyStopping: { patience: 3 } });
 */
async function trainModel(
  model: tf.LayersModel,
  data: XY | { train: XY; validation?: XY },
  opts: TrainOptions = {},
): Promise<TrainHistory> {
  checkOptions(model, opts);
  // a backend that can train this model: tfjs would fail at the first step on one lacking a
  // gradient kernel (wasm has no Conv2DBackpropFilter), and in Node stays on its slow cpu if nobody chose;
  // a small model trains on wasm when TensorFlow's CPU kernels were chosen for it (small-model.ts)
  await autoBackend(model, "dl.train", opts.batchSize);
  const p = await prepare(model, data, opts);
  try {
    return await new Run(model, p, opts).all();
  } finally {
    p.dispose();
  }
}

/**
 * Train a compiled tf.LayersModel on seeded mini-batches with a live figure (see trainModel above);
 * `dl.train.callbacks()` gives the same figure to a student's own `fit`, `dl.train.live()` to a hand-written loop.
 * @example
 * const h = await dl.train(model, dl.data.moons({ seed: 0 }), { epochs: 20, validationSplit: 0.2 });
 * await model.fit(xs, ys, { callbacks: dl.train.callbacks() });
 * const live = dl.train.live(); live.step(0.5); live.finish();
 */
export const train = Object.assign(trainModel, { callbacks, live });

function checkOptions(model: tf.LayersModel, o: TrainOptions): void {
  if (!model || typeof (model as tf.LayersModel).trainOnBatch !== "function") {
    throw new ArgumentError(
      "dl.train",
      "model",
      "a tf.LayersModel (e.g. dl.mlp({...}))",
      describeValue(model),
    );
  }
  if (!model.optimizer)
    throw new ArgumentError(
      "dl.train",
      "model",
      "a compiled model",
      "one without compile()",
      "Call model.compile({ loss, optimizer }) first.",
    );
  for (const k of ["epochs", "batchSize"] as const) {
    const v = o[k];
    if (v !== undefined && !(Number.isInteger(v) && v > 0))
      throw new ArgumentError("dl.train", `opts.${k}`, "a positive integer", describeValue(v));
  }
  if (o.resolution !== undefined) checkResolution("dl.train", "opts.resolution", o.resolution);
  checkSmoothing("dl.train", o.smoothing);
  if (o.plot === "decision-boundary" && model.inputs[0].shape[1] !== 2) {
    throw new ArgumentError(
      "dl.train",
      "opts.plot",
      'a model with 2 inputs for "decision-boundary"',
      `a model with ${model.inputs[0].shape[1]} inputs`,
    );
  }
}
