/**
 * `dl.train(model, data, opts)`: a seeded mini-batch loop on `model.trainOnBatch` with ONE live
 * figure, a progress line, early stopping, divergence detection and prompt interrupts.
 */
import * as tf from "@tensorflow/tfjs";
import { batchIndices } from "../data/batches";
import { currentSignal, LiveFigure } from "../display";
import type { FigurePayload } from "../payload";
import { EarlyStopper, type EarlyStoppingOptions } from "./early-stopping";
import { prepare, type Prepared, type ValidationOptions, type XY } from "./prepare";
import { progressLine, Recorder } from "./recorder";
import { boundaryFrame } from "./frames";

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

/** Thrown when the kernel is interrupted during training. */
export class TrainingInterrupted extends Error {
  constructor(readonly epoch: number, readonly batch: number) {
    super(`dl.train: interrupted at epoch ${epoch}, batch ${batch}; the model keeps the weights of the last finished batch`);
    this.name = "TrainingInterrupted";
  }
}

const tick = () => new Promise<void>((r) => setImmediate(r));

/** Mean validation values (val_loss, val_acc, …) of the model on the held-out tensors. */
async function evaluate(model: tf.LayersModel, val: NonNullable<Prepared["val"]>, batchSize: number): Promise<Record<string, number>> {
  const out = model.evaluate(val.x, val.y, { batchSize: Math.max(batchSize, 256) });
  const ts = Array.isArray(out) ? out : [out];
  const vs = await Promise.all(ts.map(async (t) => (await t.data())[0]));
  tf.dispose(ts);
  return Object.fromEntries(model.metricsNames.map((m, i) => [`val_${m}`, vs[i]]));
}

/**
 * Train a compiled model with a live figure and return its history.
 * @example
 * const data = dl.data.moons({ seed: 0 });
 * const model = dl.mlp({ inputs: 2, layers: [{ units: 16, activation: "relu" }, { units: 1, activation: "sigmoid" }] });
 * const h = await dl.train(model, data, { epochs: 20, validationSplit: 0.2, earlyStopping: { patience: 3 } });
 */
export async function train(model: tf.LayersModel, data: XY | { train: XY; validation?: XY }, opts: TrainOptions = {}): Promise<TrainHistory> {
  checkOptions(model, opts);
  const p = await prepare(model, data, opts);
  try {
    return await run(model, p, opts);
  } finally {
    p.dispose();
  }
}

function checkOptions(model: tf.LayersModel, o: TrainOptions): void {
  if (!model || typeof (model as tf.LayersModel).trainOnBatch !== "function") {
    throw new Error(`dl.train: argument "model": expected a tf.LayersModel (e.g. dl.mlp({...})), got ${typeof model}`);
  }
  if (!model.optimizer) throw new Error(`dl.train: argument "model": expected a compiled model, got one without compile(); call model.compile({loss, optimizer}) first`);
  for (const k of ["epochs", "batchSize"] as const) {
    const v = o[k];
    if (v !== undefined && !(Number.isInteger(v) && v > 0)) throw new Error(`dl.train: option "${k}": expected a positive integer, got ${v}`);
  }
  if (o.plot === "decision-boundary" && model.inputs[0].shape[1] !== 2) {
    throw new Error(`dl.train: option "plot": "decision-boundary" expected a model with 2 inputs, got ${model.inputs[0].shape[1]}`);
  }
}

async function run(model: tf.LayersModel, p: Prepared, o: TrainOptions): Promise<TrainHistory> {
  const epochs = o.epochs ?? 10;
  const batchSize = o.batchSize ?? 32;
  const names = model.metricsNames;
  const nb = Math.ceil(p.n / batchSize);
  const rec = new Recorder(names, epochs * nb);
  const fig = o.plot === false ? undefined : new LiveFigure();
  const stopper = o.earlyStopping ? new EarlyStopper(o.earlyStopping === true ? {} : o.earlyStopping, !!p.val) : undefined;
  const signal = currentSignal();
  const frame = async (status: string) =>
    o.plot === "decision-boundary" && p.points ? boundaryFrame(model, p.points, status, o.title) : rec.figure(status, o.title ?? "training");
  const t0 = Date.now();
  let steps = 0;
  let seen = 0;
  let stopReason: TrainHistory["stopReason"] = "completed";
  let message = "";
  let stoppedEpoch: number | undefined;
  try {
    for (let e = 1; e <= epochs && stopReason === "completed"; e++) {
      const order = batchIndices(p.n, { batchSize, seed: o.seed ?? 0, epoch: e - 1 });
      const sums = new Array<number>(names.length).fill(0);
      for (let b = 0; b < order.length; b++) {
        // the cell was interrupted: stop before the next batch, nothing keeps running
        if (signal.aborted) throw new TrainingInterrupted(e, b + 1);
        const values = await step(model, p, order[b]);
        steps++;
        seen += order[b].length;
        const bad = values.findIndex((v) => !Number.isFinite(v));
        if (bad >= 0) {
          stopReason = "diverged";
          stoppedEpoch = e;
          message = `dl.train: the ${names[bad]} became ${values[bad]} at epoch ${e}, batch ${b + 1} (step ${steps}); training stopped there. ` +
            `The learning rate is probably too large: try one 10× lower (and re-create the model, its weights are no longer finite).`;
          rec.mark(e - 1 + b / order.length, `diverged (step ${steps})`);
          break;
        }
        values.forEach((v, i) => (sums[i] += v * order[b].length));
        rec.batch(values, e - 1 + (b + 1) / order.length, b === order.length - 1);
        await o.onBatch?.(b, Object.fromEntries(names.map((m, i) => [m, values[i]])));
        if (fig?.due()) {
          const secs = (Date.now() - t0) / 1000;
          fig.update(await frame(progressLine({ epoch: e, epochs, batch: b + 1, batches: nb, samples: seen, seconds: secs, remaining: epochs * p.n - seen })));
        }
        await tick();
      }
      if (stopReason !== "completed") break;
      const logs: Record<string, number> = Object.fromEntries(names.map((m, i) => [m, sums[i] / p.n]));
      if (p.val) Object.assign(logs, await evaluate(model, p.val, batchSize));
      rec.epoch(e, logs);
      await o.onEpoch?.(e, logs);
      if (stopper?.check(model, e, logs)) {
        stopReason = "early-stopping";
        stoppedEpoch = e;
      }
    }
    const secs = (Date.now() - t0) / 1000;
    message ||= endMessage(stopReason, rec, stopper, model, stoppedEpoch);
    if (stopper?.bestEpoch) rec.mark(stopper.bestEpoch, `best epoch ${stopper.bestEpoch}`);
    if (stopReason === "early-stopping") rec.mark(stoppedEpoch!, `early stop at epoch ${stoppedEpoch}`);
    const final = stopReason === "diverged" ? rec.figure(message, o.title ?? "training") : await frame(message);
    fig?.finish(final);
    if (stopReason === "diverged") console.warn(message);
    const sps = secs > 0 ? seen / secs : 0;
    return { epoch: rec.epochs, history: rec.history, stopReason, bestEpoch: stopper?.bestEpoch || undefined, stoppedEpoch, message, steps, samplesPerSecond: sps, figure: { ...final, final: true } };
  } catch (err) {
    fig?.finish(rec.figure(err instanceof TrainingInterrupted ? err.message : `stopped by an error: ${String(err)}`, o.title ?? "training"));
    throw err;
  } finally {
    stopper?.release();
  }
}

function endMessage(reason: TrainHistory["stopReason"], rec: Recorder, stopper: EarlyStopper | undefined, model: tf.LayersModel, stopped?: number): string {
  const last = rec.epochs.length;
  const vals = Object.entries(rec.history).map(([k, v]) => `${k} ${Number(v[v.length - 1].toPrecision(4))}`).join(", ");
  if (reason === "early-stopping" && stopper) {
    const restored = stopper.restore(model) ? `; weights of epoch ${stopper.bestEpoch} restored` : "";
    return `early stop at epoch ${stopped}: ${stopper.monitor} best at epoch ${stopper.bestEpoch} (${Number(stopper.bestValue().toPrecision(4))})${restored}`;
  }
  return `done: ${last} epochs · ${vals}`;
}

/** One batch: gather its samples, take one optimizer step, read loss and metrics. */
async function step(model: tf.LayersModel, p: Prepared, idx: Int32Array): Promise<number[]> {
  const [xb, yb] = tf.tidy(() => {
    const i = tf.tensor1d(idx, "int32");
    return [tf.gather(p.x, i), tf.gather(p.y, i)];
  });
  try {
    const out = await model.trainOnBatch(xb, yb);
    return Array.isArray(out) ? out : [out];
  } finally {
    tf.dispose([xb, yb]);
  }
}
