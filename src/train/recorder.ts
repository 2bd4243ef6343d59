/**
 * What a training run records for its figure and its returned history: train values by groups of
 * batches (the faint trace) and by epoch (the main lines), validation by epoch, markers, earlier
 * runs of the cell, and the numbers the status line reports.
 */
import { historyFigure, type HistoryCurve } from "../figures/history";
import { fmt } from "../format";
import type { HistoryFigure, Marker } from "../payload";
import type { GhostRun } from "./runs";

/** Train points per run: a 10,000-step training still draws ≤ 500 averaged points. */
const TRAIN_POINTS = 500;

/** Per-epoch values, as Keras's History: `history.loss[e]`, `history.val_loss[e]`. */
export type EpochLogs = Record<string, number>;

/** How the figure is drawn at first (the JupyterLab controls change it there). */
export interface RecorderView {
  /** EMA weight of the batch trace. Defaults to 0 (off). */
  smoothing?: number;
  /** Log-scale loss axis. Defaults to false. */
  logY?: boolean;
  /** Earlier runs drawn as ghost curves. Defaults to none. */
  ghosts?: GhostRun[];
  /** This run's name when it has ghosts. Defaults to "this run". */
  name?: string;
}

export class Recorder {
  /** Per-epoch logs by name (loss, acc, val_loss, val_acc). */
  readonly history: Record<string, number[]> = {};
  readonly epochs: number[] = [];
  readonly markers: Marker[] = [];
  private readonly curves = new Map<string, HistoryCurve>();
  private readonly group: number;
  private sums: number[] = [];
  private inGroup = 0;

  /** `totalSteps` = epochs × batches per epoch (0 when unknown: every batch becomes a point, downsampled later). */
  constructor(
    private readonly metricNames: string[],
    totalSteps: number,
    private readonly view: RecorderView = {},
  ) {
    this.group = Math.max(1, Math.ceil(totalSteps / TRAIN_POINTS));
  }

  /** Add one batch's values (aligned with metricNames); `x` is the fractional epoch at its end. */
  batch(values: number[], x: number, last = false): void {
    values.forEach((v, i) => (this.sums[i] = (this.sums[i] ?? 0) + v));
    this.inGroup++;
    if (this.inGroup >= this.group || last) {
      this.metricNames.forEach((m, i) => this.push(m, "train", "batch", x, this.sums[i] / this.inGroup));
      this.sums = [];
      this.inGroup = 0;
    }
  }

  /** Close an epoch (1-based) with its mean train values and, if any, validation values. */
  epoch(epoch: number, logs: EpochLogs): void {
    this.epochs.push(epoch);
    for (const [k, v] of Object.entries(logs)) (this.history[k] ??= []).push(v);
    for (const m of this.metricNames) {
      if (logs[m] !== undefined) this.push(m, "train", "epoch", epoch, logs[m]);
      const v = logs[`val_${m}`];
      if (v !== undefined) this.push(m, "validation", "epoch", epoch, v);
    }
  }

  mark(x: number, label: string, kind?: Marker["kind"]): void {
    this.markers.push(kind ? { x, label, kind } : { x, label });
  }

  private push(
    metric: string,
    split: "train" | "validation",
    step: "epoch" | "batch",
    x: number,
    y: number,
  ): void {
    const key = `${step}/${split}/${metric}`;
    let c = this.curves.get(key);
    if (!c) this.curves.set(key, (c = { metric, split, step, x: [], y: [] }));
    c.x.push(x);
    c.y.push(y);
  }

  /** The line's numbers, each saying what it is: "last batches: loss 0.29 · epoch 2: loss 0.31, val_loss 0.35". */
  values(): string {
    const parts: string[] = [];
    const batch = this.metricNames.map((m) => this.curves.get(`batch/train/${m}`)).filter((c) => c?.y.length);
    if (batch.length)
      parts.push(`last batches: ${batch.map((c) => `${c!.metric} ${fmt(c!.y.at(-1)!)}`).join(", ")}`);
    const e = this.epochs.at(-1);
    if (e !== undefined) {
      const logs = Object.entries(this.history).map(([k, v]) => `${k} ${fmt(v.at(-1)!)}`);
      if (logs.length) parts.push(`epoch ${e}: ${logs.join(", ")}`);
    }
    return parts.join(" · ");
  }

  /** This run as a ghost for the cell's next execution: its epoch curves (its batch trace where it has no epochs). */
  ghost(name: string): GhostRun {
    const all = [...this.curves.values()];
    const epochKeys = new Set(all.filter((c) => c.step === "epoch").map((c) => `${c.split}/${c.metric}`));
    const curves = all
      .filter((c) => c.step === "epoch" || !epochKeys.has(`${c.split}/${c.metric}`))
      .map((c) => ({ ...c, x: c.x.slice(), y: c.y.slice() }));
    return { name, curves };
  }

  /** The figure now (curves downsampled by the builder), earlier runs behind it. */
  figure(status?: string, title?: string): HistoryFigure {
    const own = [...this.curves.values()];
    const metrics = new Set(own.map((c) => c.metric));
    const ghosts = (this.view.ghosts ?? []).map((g) => ({
      ...g,
      // an earlier run's other metrics would add panels this run does not have
      curves: g.curves.filter((c) => metrics.size === 0 || metrics.has(c.metric)),
    }));
    const name = this.view.name ?? "this run";
    const curves = [
      ...ghosts.flatMap((g) => g.curves.map((c) => ({ ...c, run: g.name }))),
      ...own.map((c) => (ghosts.length ? { ...c, run: name } : c)),
    ];
    return historyFigure(curves, {
      markers: this.markers,
      status,
      title,
      smoothing: this.view.smoothing,
      logY: this.view.logY,
      ghosts: ghosts.map((g) => g.name),
    });
  }
}

/** "1,234" */
const int = (v: number) => Math.round(v).toLocaleString("en-US");

/** "12 s", "3 min 5 s" */
export function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  if (seconds < 60) return `${Math.round(seconds)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

/**
 * The progress line: epoch, batch, the numbers (each named), samples/s, time left.
 * @example
 * progressLine({ epoch: 2, epochs: 10, batch: 5, batches: 20, samples: 3200, seconds: 2, remaining: 12800, values: "epoch 1: loss 0.4" });
 */
export function progressLine(p: {
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  samples: number;
  seconds: number;
  remaining: number;
  values?: string;
}): string {
  const rate = p.seconds > 0 ? p.samples / p.seconds : 0;
  const left = rate > 0 ? duration(p.remaining / rate) : "?";
  const values = p.values ? ` · ${p.values}` : "";
  return `epoch ${p.epoch}/${p.epochs} · batch ${p.batch}/${p.batches}${values} · ${int(rate)} samples/s · ${left} left`;
}
