/**
 * `dl.train(model, data, opts)`: a seeded mini-batch loop on `model.trainOnBatch` with ONE live
 * figure, a progress line, early stopping, divergence detection and prompt interrupts.
 */
import * as tf from "@tensorflow/tfjs";
import type { FigurePayload } from "../payload";
import { autoBackend } from "./auto-backend";
import type { EarlyStoppingOptions } from "./early-stopping";
import { checkResolution } from "./boundary";
import { prepare, type ValidationOptions, type XY } from "./prepare";
import { Run } from "./run";

/** Options of {@link train}; the fields document their defaults. */
export interface TrainOptions extends ValidationOptions {
  /** Passes over the training data. Defaults to 10. */
  epochs?: number;
  /** Samples per batch. Defaults to 32. */
  batchSize?: number;
  /** Seed of the batch order (dlab's own RNG, never Math.random). Defaults to 0. */
  seed?: number;
  /** Stop when the monitored quantity stops improving. Defaults to no early stopping. */
  earlyStopping?: EarlyStoppingOptions | boolean;
  /** The live figure: "history" (loss and metrics), "decision-boundary" (2-D inputs), or false. Defaults to "history". */
  plot?: "history" | "decision-boundary" | false;
  /** Grid points per axis of the "decision-boundary" figure. Defaults to 40 (the saved figure stays ≤ ~80 KB). */
  resolution?: number;
  /** Title of the figure. Defaults to "training". */
  title?: string;
  /** Called after every batch with its 0-based index in the epoch and its values (loss, metrics). */
  onBatch?: (batch: number, logs: Record<string, number>) => void | Promise<void>;
  /** Called after every epoch (1-based) with its mean train values and validation values. */
  onEpoch?: (epoch: number, logs: Record<string, number>) => void | Promise<void>;
}

/** What {@link train} returns: Keras-like per-epoch values plus how and where it ended. */
export interface TrainHistory {
  /** Epoch numbers, from 1. */
  epoch: number[];
  /** Per-epoch values by name: loss, acc, val_loss, val_acc, … */
  history: Record<string, number[]>;
  /** "completed", "early-stopping" or "diverged". */
  stopReason: "completed" | "early-stopping" | "diverged";
  /** Epoch of the best monitored value (with early stopping). */
  bestEpoch?: number;
  /** Epoch at which early stopping or divergence stopped the run. */
  stoppedEpoch?: number;
  /** One sentence on how it ended. */
  message: string;
  /** Batches run, and mean throughput. */
  steps: number;
  samplesPerSecond: number;
  /** The final figure (what `dl.plot.history(h)` shows again). */
  figure: FigurePayload;
}

export { TrainingInterrupted } from "./run";

/**
 * Train a compiled model with a live figure and return its history. When no backend was chosen
 * (tfjs on its default cpu), it first calls `dl.backendFor(model)` and prints what that chose.
 * @example
 * const data = dl.data.moons({ seed: 0 });
 * const model = dl.mlp({ inputs: 2, layers: [{ units: 16, activation: "relu" }, { units: 1, activation: "sigmoid" }] });
 * const h = await dl.train(model, data, { epochs: 20, validationSplit: 0.2, earlyStopping: { patience: 3 } });
 */
export async function train(
  model: tf.LayersModel,
  data: XY | { train: XY; validation?: XY },
  opts: TrainOptions = {},
): Promise<TrainHistory> {
  checkOptions(model, opts);
  // tfjs in Node silently trains on its slow cpu backend unless a backend was chosen
  await autoBackend(model);
  const p = await prepare(model, data, opts);
  try {
    return await new Run(model, p, opts).all();
  } finally {
    p.dispose();
  }
}

function checkOptions(model: tf.LayersModel, o: TrainOptions): void {
  if (!model || typeof (model as tf.LayersModel).trainOnBatch !== "function") {
    throw new Error(
      `dl.train: argument "model": expected a tf.LayersModel (e.g. dl.mlp({...})), got ${typeof model}`,
    );
  }
  if (!model.optimizer)
    throw new Error(
      `dl.train: argument "model": expected a compiled model, got one without compile(); call model.compile({loss, optimizer}) first`,
    );
  for (const k of ["epochs", "batchSize"] as const) {
    const v = o[k];
    if (v !== undefined && !(Number.isInteger(v) && v > 0))
      throw new Error(`dl.train: option "${k}": expected a positive integer, got ${v}`);
  }
  if (o.resolution !== undefined) checkResolution("dl.train", "resolution", o.resolution);
  if (o.plot === "decision-boundary" && model.inputs[0].shape[1] !== 2) {
    throw new Error(
      `dl.train: option "plot": "decision-boundary" expected a model with 2 inputs, got ${model.inputs[0].shape[1]}`,
    );
  }
}
