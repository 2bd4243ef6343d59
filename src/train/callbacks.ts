/**
 * The same live figure for code that trains its own way: callbacks for a student's `model.fit`,
 * and a small object for a hand-written loop.
 */
import * as tf from "@tensorflow/tfjs";
import { currentSignal, LiveFigure } from "../display";
import { ArgumentError, describeValue } from "../errors";
import { divergenceAdvice } from "../format";
import type { HistoryFigure } from "../payload";
import { autoBackend } from "./auto-backend";
import { Recorder, type RecorderView } from "./recorder";
import { beginRun, type RunSlot } from "./runs";

/** Options of {@link callbacks} and {@link live}. */
export interface LiveOptions {
  /** Title of the figure. Defaults to "training". */
  title?: string;
  /** Metric names, in the order values are given to `step`. Defaults to ["loss"]. */
  metrics?: string[];
  /** Expected number of steps (keeps the curve to ≤ 500 averaged points). Defaults to unknown. */
  totalSteps?: number;
  /** Name of this run among the cell's earlier runs. Defaults to "run <n>". */
  runName?: string;
  /** Keep the cell's earlier runs (up to 3) as ghost curves. Defaults to true. */
  compare?: boolean;
  /** EMA weight of the faint batch trace, 0 ≤ s < 1. Defaults to 0 (off). */
  smoothing?: number;
  /** Start the loss axis on a log scale. Defaults to false. */
  logY?: boolean;
}

/** Throw unless `s` is a smoothing weight 0 ≤ s < 1 (or absent). */
export function checkSmoothing(fn: string, s: unknown): void {
  if (s !== undefined && !(typeof s === "number" && s >= 0 && s < 1))
    throw new ArgumentError(fn, "opts.smoothing", "a number 0 ≤ s < 1 (e.g. 0.6)", describeValue(s));
}

/** Parts of a status line, the empty ones left out. */
const joined = (...parts: string[]) => parts.filter(Boolean).join(" · ");

/** The cell's run slot and the figure's first view for a live training. */
function startRun(fn: string, opts: LiveOptions): { slot?: RunSlot; name: string; view: RecorderView } {
  checkSmoothing(fn, opts.smoothing);
  const slot = opts.compare === false ? undefined : beginRun();
  const name = opts.runName ?? `run ${slot?.number ?? 1}`;
  return { slot, name, view: { smoothing: opts.smoothing, logY: opts.logY, ghosts: slot?.ghosts, name } };
}

/** A live training figure for a hand-written loop. */
export interface LiveTraining {
  /** Record one step's loss (and further metrics, in `metrics` order); throws on a non-finite loss. */
  step(loss: number, ...metrics: number[]): void;
  /** Record an epoch's values, e.g. { loss: 0.3, val_loss: 0.4 }. */
  epoch(epoch: number, logs: Record<string, number>): void;
  /** Send the final state. */
  finish(message?: string): HistoryFigure;
  /** True once the cell is interrupted: check it in your loop and stop. */
  readonly aborted: boolean;
}

/**
 * A live loss figure for a custom loop: call `.step(loss)` each step, `.finish()` at the end.
 * @example
 * const live = dl.train.live();
 * for (let i = 0; i < 100 && !live.aborted; i++) live.step(Math.exp(-i / 20));
 * live.finish();
 */
export function live(opts: LiveOptions = {}): LiveTraining {
  const names = opts.metrics ?? ["loss"];
  const run = startRun("dl.train.live", opts);
  const rec = new Recorder(names, opts.totalSteps ?? 0, run.view);
  const fig = new LiveFigure();
  const signal = currentSignal();
  let steps = 0;
  const title = opts.title ?? "training";
  return {
    step(loss: number, ...metrics: number[]) {
      const values = [loss, ...metrics];
      steps++;
      const bad = values.findIndex((v) => !Number.isFinite(v));
      if (bad >= 0) {
        const msg = divergenceAdvice(
          `the ${names[bad] ?? "value"} became ${values[bad]}`,
          `at step ${steps}`,
        );
        fig.finish(rec.figure(msg, title));
        run.slot?.save(rec.ghost(run.name));
        throw new Error(`dl.train.live: ${msg}`);
      }
      rec.batch(values, steps);
      if (fig.due()) fig.update(rec.figure(joined(`step ${steps}`, rec.values()), title));
    },
    epoch(epoch: number, logs: Record<string, number>) {
      rec.epoch(epoch, logs);
    },
    finish(message?: string) {
      const f = rec.figure(message ?? `done: ${steps} steps`, title);
      fig.finish(f);
      run.slot?.save(rec.ghost(run.name));
      return { ...f, final: true };
    },
    get aborted() {
      return signal.aborted;
    },
  };
}

/**
 * Callbacks for a student's own `model.fit`: the live figure, a stop on interrupt, and a stop on a non-finite loss.
 * Before the first step they move tfjs to a backend that has every kernel the model needs, as `dl.train` does.
 * @example
 * await model.fit(xs, ys, { epochs: 5, callbacks: dl.train.callbacks() });
 */
export function callbacks(opts: LiveOptions = {}): tf.Callback {
  return new LiveCallback(opts);
}

class LiveCallback extends tf.Callback {
  private rec: Recorder | undefined;
  private run: { slot?: RunSlot; name: string; view: RecorderView } | undefined;
  private readonly fig = new LiveFigure();
  private readonly signal = currentSignal();
  private epochNow = 0;
  private batchesPerEpoch = 1;
  private message = "";

  constructor(private readonly opts: LiveOptions) {
    super();
  }

  override async onTrainBegin(): Promise<void> {
    // before fit's first step: a backend that has every kernel this model needs (see auto-backend.ts)
    await autoBackend(this.model, "dl.train.callbacks", (this.params as { batchSize?: number }).batchSize);
    const names = this.model.metricsNames;
    const p = this.params as { epochs?: number; steps?: number; samples?: number; batchSize?: number };
    this.batchesPerEpoch = p.steps ?? Math.ceil((p.samples ?? 1) / (p.batchSize ?? 32));
    this.run = startRun("dl.train.callbacks", this.opts);
    this.rec = new Recorder(names, (p.epochs ?? 1) * this.batchesPerEpoch, this.run.view);
  }

  override async onEpochBegin(epoch: number): Promise<void> {
    this.epochNow = epoch;
  }

  override async onBatchEnd(batch: number, logs?: tf.Logs): Promise<void> {
    const names = this.model.metricsNames;
    const values = await Promise.all(names.map((n) => resolve(logs?.[n])));
    const bad = values.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0 || this.signal.aborted) {
      // fit checks stopTraining between batches: this is how its loop stops
      this.model.stopTraining = true;
      this.message = this.signal.aborted
        ? `interrupted at epoch ${this.epochNow + 1}, batch ${batch + 1}`
        : `${divergenceAdvice(`the ${names[bad]} became ${values[bad]}`, `at epoch ${this.epochNow + 1}, batch ${batch + 1}`)}; training stopped`;
      return;
    }
    this.rec!.batch(values, this.epochNow + (batch + 1) / this.batchesPerEpoch);
    if (this.fig.due())
      this.fig.update(
        this.rec!.figure(
          joined(`epoch ${this.epochNow + 1} · batch ${batch + 1}`, this.rec!.values()),
          this.opts.title,
        ),
      );
    // let the kernel's messages (interrupt, display sends) through between batches
    await new Promise<void>((r) => setImmediate(r));
  }

  override async onEpochEnd(epoch: number, logs?: tf.Logs): Promise<void> {
    const entries = await Promise.all(
      Object.entries(logs ?? {}).map(async ([k, v]) => [k, await resolve(v)] as const),
    );
    const clean = Object.fromEntries(entries.filter(([, v]) => Number.isFinite(v)));
    this.rec!.epoch(epoch + 1, clean);
  }

  override async onTrainEnd(): Promise<void> {
    this.fig.finish(this.rec!.figure(this.message || joined("done", this.rec!.values()), this.opts.title));
    this.run?.slot?.save(this.rec!.ghost(this.run.name));
    if (this.message) console.warn(`dl.train.callbacks: ${this.message}`);
  }
}

/** fit hands a tf.Callback its logs as numbers or as scalar tensors, depending on the path. */
async function resolve(v: unknown): Promise<number> {
  if (typeof v === "number") return v;
  if (v instanceof tf.Tensor) return v.isDisposed ? NaN : (await v.data())[0];
  return NaN;
}
