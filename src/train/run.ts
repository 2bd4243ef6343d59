/** One training run of `dl.train`: the epoch and batch loop, its figure, and how it ends. */
import * as tf from "@tensorflow/tfjs";
import { batchIndices } from "../data/batches";
import { divergenceAdvice } from "../format";
import { currentSignal, LiveFigure } from "../display";
import type { FigurePayload } from "../payload";
import { EarlyStopper } from "./early-stopping";
import { boundaryFrame } from "../plot/boundary";
import type { TrainHistory, TrainOptions } from "./options";
import type { Prepared } from "./prepare";
import { compact } from "./history-print";
import { progressLine, Recorder } from "./recorder";
import { beginRun, type RunSlot } from "./runs";

/**
 * A run's default name: its number in the cell and its optimizer, e.g. "run 2 · sgd lr 0.1".
 * @example
 * runLabel(2, model); // "run 2 · adam lr 0.001"
 */
export function runLabel(n: number, model: { optimizer?: tf.Optimizer }): string {
  const opt = model.optimizer;
  if (!opt) return `run ${n}`;
  const name = opt
    .getClassName()
    .replace(/Optimizer$/, "")
    .toLowerCase();
  const lr = (opt.getConfig() as { learningRate?: unknown }).learningRate;
  return `run ${n} · ${name}${typeof lr === "number" ? ` lr ${Number(lr.toPrecision(3))}` : ""}`;
}

/**
 * Thrown when the kernel is interrupted during training (the kernel shows it as KeyboardInterrupt).
 * @example
 * try { await dl.train(model, data); } catch (e) { if (e instanceof dl.TrainingInterrupted) console.log(e.epoch, e.batch); }
 */
export class TrainingInterrupted extends Error {
  constructor(
    readonly epoch: number,
    readonly batch: number,
  ) {
    super(
      `dl.train: interrupted at epoch ${epoch}, batch ${batch}; the model keeps the weights of the last finished batch`,
    );
    this.name = "TrainingInterrupted";
  }
}

/** Yield to the event loop: the kernel's interrupt and display messages get through between batches. */
const tick = () => new Promise<void>((r) => setImmediate(r));

/**
 * One dl.train run: the seeded batch loop with its live figure, early stopping, divergence and
 * interrupt checks (one per batch), ending in the {@link TrainHistory} it returns.
 * @example
 * const history = await new Run(model, prepared, opts).all();
 */
export class Run {
  private readonly epochs: number;
  private readonly batchSize: number;
  private readonly names: string[];
  private readonly rec: Recorder;
  private readonly fig: LiveFigure | undefined;
  private readonly stopper: EarlyStopper | undefined;
  private readonly signal = currentSignal();
  private readonly t0 = Date.now();
  private readonly title: string;
  private readonly slot: RunSlot | undefined;
  private readonly name: string;
  private steps = 0;
  private seen = 0;
  private stopReason: TrainHistory["stopReason"] = "completed";
  private stoppedEpoch: number | undefined;
  private message = "";

  constructor(
    private readonly model: tf.LayersModel,
    private readonly p: Prepared,
    private readonly o: TrainOptions,
  ) {
    this.epochs = o.epochs ?? 10;
    this.batchSize = o.batchSize ?? 32;
    this.names = model.metricsNames;
    this.slot = o.compare === false ? undefined : beginRun();
    this.name = o.runName ?? runLabel(this.slot?.number ?? 1, model);
    this.rec = new Recorder(this.names, this.epochs * Math.ceil(p.n / this.batchSize), {
      smoothing: o.smoothing,
      logY: o.logY,
      ghosts: this.slot?.ghosts,
      name: this.name,
    });
    this.fig = o.plot === false ? undefined : new LiveFigure();
    const es = o.earlyStopping;
    this.stopper = es ? new EarlyStopper(es === true ? {} : es, !!p.val) : undefined;
    this.title = o.title ?? "training";
  }

  /** Run every epoch, then close the figure; on an interrupt or error the figure still gets a final state. */
  async all(): Promise<TrainHistory> {
    try {
      for (let e = 1; e <= this.epochs && this.stopReason === "completed"; e++) await this.epoch(e);
      return await this.end();
    } catch (err) {
      const why = err instanceof TrainingInterrupted ? err.message : `stopped by an error: ${String(err)}`;
      this.fig?.finish(this.rec.figure(why, this.title));
      throw err;
    } finally {
      // kept for the cell's next execution, however this run ended
      this.slot?.save(this.rec.ghost(this.name));
      this.stopper?.release();
    }
  }

  private async epoch(e: number): Promise<void> {
    const order = batchIndices(this.p.n, { batchSize: this.batchSize, seed: this.o.seed ?? 0, epoch: e - 1 });
    const sums = new Array<number>(this.names.length).fill(0);
    for (let b = 0; b < order.length; b++) {
      // the cell was interrupted: stop before the next batch, nothing keeps running
      if (this.signal.aborted) throw new TrainingInterrupted(e, b + 1);
      const values = await this.step(order[b]);
      if (!this.finite(values, e, b, order.length)) return;
      values.forEach((v, i) => (sums[i] += v * order[b].length));
      this.rec.batch(values, e - 1 + (b + 1) / order.length, b === order.length - 1);
      await this.o.onBatch?.(b, Object.fromEntries(this.names.map((m, i) => [m, values[i]])));
      if (this.fig?.due()) this.fig.update(await this.frame(this.progress(e, b + 1, order.length)));
      await tick();
    }
    const logs: Record<string, number> = Object.fromEntries(
      this.names.map((m, i) => [m, sums[i] / this.p.n]),
    );
    if (this.p.val) Object.assign(logs, await this.evaluate());
    this.rec.epoch(e, logs);
    await this.o.onEpoch?.(e, logs);
    if (this.stopper?.check(this.model, e, logs)) {
      this.stopReason = "early-stopping";
      this.stoppedEpoch = e;
    }
  }

  /** False (and the run marked diverged) when a batch's loss or metric is NaN or ±Infinity. */
  private finite(values: number[], e: number, b: number, batches: number): boolean {
    const bad = values.findIndex((v) => !Number.isFinite(v));
    if (bad < 0) return true;
    this.stopReason = "diverged";
    this.stoppedEpoch = e;
    this.message =
      `dl.train: ${divergenceAdvice(`the ${this.names[bad]} became ${values[bad]}`, `at epoch ${e}, batch ${b + 1} (step ${this.steps})`)}. ` +
      `Training stopped there; re-create the model before training again (its weights are no longer finite).`;
    this.rec.mark(e - 1 + b / batches, `diverged (step ${this.steps})`, "diverged");
    return false;
  }

  /** One batch: gather its samples, take one optimizer step, read loss and metrics. */
  private async step(idx: Int32Array): Promise<number[]> {
    const [xb, yb] = tf.tidy(() => {
      const i = tf.tensor1d(idx, "int32");
      return [tf.gather(this.p.x, i), tf.gather(this.p.y, i)];
    });
    try {
      const out = await this.model.trainOnBatch(xb, yb);
      this.steps++;
      this.seen += idx.length;
      return Array.isArray(out) ? out : [out];
    } finally {
      tf.dispose([xb, yb]);
    }
  }

  /** Mean validation values (val_loss, val_acc, …) on the held-out tensors. */
  private async evaluate(): Promise<Record<string, number>> {
    const val = this.p.val!;
    const out = this.model.evaluate(val.x, val.y, { batchSize: Math.max(this.batchSize, 256) });
    const ts = Array.isArray(out) ? out : [out];
    const vs = await Promise.all(ts.map(async (t) => (await t.data())[0]));
    tf.dispose(ts);
    return Object.fromEntries(this.names.map((m, i) => [`val_${m}`, vs[i]]));
  }

  private progress(epoch: number, batch: number, batches: number): string {
    const seconds = (Date.now() - this.t0) / 1000;
    const remaining = this.epochs * this.p.n - this.seen;
    return progressLine({
      epoch,
      epochs: this.epochs,
      batch,
      batches,
      samples: this.seen,
      seconds,
      remaining,
      values: this.rec.values(),
    });
  }

  private async frame(status: string): Promise<FigurePayload> {
    if (this.o.plot === "decision-boundary" && this.p.points) {
      return boundaryFrame(this.model, this.p.points, status, this.o.title, this.o.resolution);
    }
    return this.rec.figure(status, this.title);
  }

  /** Restore the best weights if asked, mark the figure, send its final state, return the history. */
  private async end(): Promise<TrainHistory> {
    const secs = (Date.now() - this.t0) / 1000;
    const s = this.stopper;
    if (!this.message) this.message = this.endMessage();
    if (s?.bestEpoch) this.rec.mark(s.bestEpoch, `best epoch ${s.bestEpoch}`, "best");
    if (this.stopReason === "early-stopping")
      this.rec.mark(this.stoppedEpoch!, `early stop at epoch ${this.stoppedEpoch}`, "stop");
    // a diverged model's output is not finite: show its curves, never a NaN boundary
    const final =
      this.stopReason === "diverged"
        ? this.rec.figure(this.message, this.title)
        : await this.frame(this.message);
    this.fig?.finish(final);
    if (this.stopReason === "diverged") console.warn(this.message);
    return compact({
      epoch: this.rec.epochs,
      history: this.rec.history,
      name: this.name,
      stopReason: this.stopReason,
      bestEpoch: s?.bestEpoch || undefined,
      stoppedEpoch: this.stoppedEpoch,
      message: this.message,
      steps: this.steps,
      samplesPerSecond: secs > 0 ? this.seen / secs : 0,
      figure: { ...final, final: true },
    });
  }

  private endMessage(): string {
    const s = this.stopper;
    if (this.stopReason === "early-stopping" && s) {
      const restored = s.restore(this.model) ? `; weights of epoch ${s.bestEpoch} restored` : "";
      const best = Number(s.bestValue().toPrecision(4));
      return `early stop at epoch ${this.stoppedEpoch}: ${s.monitor} best at epoch ${s.bestEpoch} (${best})${restored}`;
    }
    const vals = Object.entries(this.rec.history).map(
      ([k, v]) => `${k} ${Number(v[v.length - 1].toPrecision(4))}`,
    );
    // train values are the epoch's batch mean, validation at its end: "epoch 10:" says they are per epoch
    return `done: ${this.rec.epochs.length} epochs · epoch ${this.rec.epochs.at(-1) ?? 0}: ${vals.join(", ")}`;
  }
}
