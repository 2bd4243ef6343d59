/** Early stopping: watch a quantity per epoch, remember the best weights, stop after `patience` epochs without progress. */
import * as tf from "@tensorflow/tfjs";
import { ArgumentError } from "../errors";

/** Options of early stopping (as tfjs's EarlyStoppingCallbackArgs, plus restoreBest). */
export interface EarlyStoppingOptions {
  /** Epochs without improvement before stopping. Defaults to 5. */
  patience?: number;
  /** Quantity to monitor. Defaults to "val_loss" when there is validation data, else "loss". */
  monitor?: string;
  /** Smallest change that counts as an improvement. Defaults to 0. */
  minDelta?: number;
  /** Put back the weights of the best epoch when stopping. Defaults to true. */
  restoreBest?: boolean;
  /** "min" for losses, "max" for accuracies. Defaults to "max" if the name contains "acc", else "min". */
  mode?: "min" | "max";
}

export class EarlyStopper {
  best = Infinity;
  bestEpoch = 0;
  private wait = 0;
  private snapshot: tf.Tensor[] | undefined;
  readonly monitor: string;
  private readonly sign: number;

  constructor(
    private readonly opts: EarlyStoppingOptions,
    hasValidation: boolean,
  ) {
    this.monitor = opts.monitor ?? (hasValidation ? "val_loss" : "loss");
    this.sign = (opts.mode ?? (/acc/.test(this.monitor) ? "max" : "min")) === "max" ? -1 : 1;
  }

  /** Look at one epoch's logs; true when training should stop. */
  check(model: tf.LayersModel, epoch: number, logs: Record<string, number>): boolean {
    const v = logs[this.monitor];
    if (v === undefined) {
      throw new ArgumentError(
        "dl.train",
        "opts.earlyStopping.monitor",
        `one of ${Object.keys(logs).join(", ")}`,
        `"${this.monitor}"`,
      );
    }
    if (this.sign * v < this.best - (this.opts.minDelta ?? 0)) {
      this.best = this.sign * v;
      this.bestEpoch = epoch;
      this.wait = 0;
      if (this.opts.restoreBest ?? true) {
        tf.dispose(this.snapshot ?? []);
        this.snapshot = model.getWeights().map((w) => tf.clone(w));
      }
      return false;
    }
    return ++this.wait >= (this.opts.patience ?? 5);
  }

  /** The best value seen, in the monitored quantity's own sign. */
  bestValue(): number {
    return this.sign * this.best;
  }

  /** Put the best weights back (if kept) and free the copy. */
  restore(model: tf.LayersModel): boolean {
    if (!this.snapshot) return false;
    model.setWeights(this.snapshot);
    this.release();
    return true;
  }

  release(): void {
    tf.dispose(this.snapshot ?? []);
    this.snapshot = undefined;
  }
}
