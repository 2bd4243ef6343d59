/**
 * What a training run records for its figure and its returned history: train curves by groups of
 * batches, validation by epoch, markers, and the progress line.
 */
import { historyFigure, type HistoryCurve } from "../figures/history";
import type { HistoryFigure, Marker } from "../payload";

/** Train points per run: a 10,000-step training still draws ≤ 500 averaged points. */
const TRAIN_POINTS = 500;

/** Per-epoch values, as Keras's History: `history.loss[e]`, `history.val_loss[e]`. */
export type EpochLogs = Record<string, number>;

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
  ) {
    this.group = Math.max(1, Math.ceil(totalSteps / TRAIN_POINTS));
  }

  /** Add one batch's values (aligned with metricNames); `x` is the fractional epoch at its end. */
  batch(values: number[], x: number, last = false): void {
    values.forEach((v, i) => (this.sums[i] = (this.sums[i] ?? 0) + v));
    this.inGroup++;
    if (this.inGroup >= this.group || last) {
      this.metricNames.forEach((m, i) => this.push(m, "train", x, this.sums[i] / this.inGroup));
      this.sums = [];
      this.inGroup = 0;
    }
  }

  /** Close an epoch (1-based) with its mean train values and, if any, validation values. */
  epoch(epoch: number, logs: EpochLogs): void {
    this.epochs.push(epoch);
    for (const [k, v] of Object.entries(logs)) (this.history[k] ??= []).push(v);
    for (const m of this.metricNames) {
      const v = logs[`val_${m}`];
      if (v !== undefined) this.push(m, "validation", epoch, v);
    }
  }

  mark(x: number, label: string): void {
    this.markers.push({ x, label });
  }

  private push(metric: string, split: "train" | "validation", x: number, y: number): void {
    const key = `${split}/${metric}`;
    let c = this.curves.get(key);
    if (!c) this.curves.set(key, (c = { metric, split, x: [], y: [] }));
    c.x.push(x);
    c.y.push(y);
  }

  /** The figure now (curves downsampled by the builder). */
  figure(status?: string, title?: string): HistoryFigure {
    return historyFigure([...this.curves.values()], { markers: this.markers, status, title });
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
 * The progress line: epoch, batch, samples/s, time left.
 * @example
 * progressLine({ epoch: 2, epochs: 10, batch: 5, batches: 20, samples: 3200, seconds: 2, remaining: 12800 });
 */
export function progressLine(p: {
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  samples: number;
  seconds: number;
  remaining: number;
}): string {
  const rate = p.seconds > 0 ? p.samples / p.seconds : 0;
  const left = rate > 0 ? duration(p.remaining / rate) : "?";
  return `epoch ${p.epoch}/${p.epochs} · batch ${p.batch}/${p.batches} · ${int(rate)} samples/s · ${left} left`;
}
