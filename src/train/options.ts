/** What `dl.train` takes and returns: its options (with their defaults) and its history. */
import type { FigurePayload } from "../payload";
import type { EarlyStoppingOptions } from "./early-stopping";
import type { ValidationOptions } from "./prepare";

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
  /**
   * Name of this run where runs are compared (the cell's earlier runs, `dl.plot.history(h1, h2)`).
   * Defaults to "run <n> · <optimizer> lr <rate>", n counting this cell's runs.
   */
  runName?: string;
  /** Keep the cell's earlier runs (up to 3) as ghost curves when it trains again. Defaults to true. */
  compare?: boolean;
  /** EMA weight of the faint batch trace, 0 ≤ s < 1 (TensorBoard's smoothing). Defaults to 0 (off). */
  smoothing?: number;
  /** Start the loss axis on a log scale (JupyterLab has a toggle). Defaults to false. */
  logY?: boolean;
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
  /** The run's name in comparisons: `runName`, or "run <n> · <optimizer> lr <rate>". */
  name: string;
  /** One sentence on how it ended. */
  message: string;
  /** Batches run, and mean throughput. */
  steps: number;
  samplesPerSecond: number;
  /** The final figure (what `dl.plot.history(h)` shows again). */
  figure: FigurePayload;
}
