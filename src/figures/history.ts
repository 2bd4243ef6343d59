/** Pure builder for `history` figures: loss and metrics over epochs, train vs validation, runs compared. */
import { ArgumentError } from "../errors";
import {
  MAX_HISTORY_POINTS,
  MAX_HISTORY_SERIES,
  type HistoryFigure,
  type HistorySeries,
  type Marker,
} from "../payload";
import { assertFinite, cleanTrace, fmt, markerShares, MAX_POINTS } from "./common";

/** One recorded curve before downsampling. */
export interface HistoryCurve {
  metric: string;
  split: "train" | "validation" | "test";
  x: number[];
  y: number[];
  /** "epoch" (main line) or "batch" (faint trace). Defaults to "epoch". */
  step?: "epoch" | "batch";
  /** The run it belongs to when runs are compared or kept as ghosts. Defaults to the run shown. */
  run?: string;
}

/** Options of {@link historyFigure}; every field is optional. */
export interface HistoryFigureOptions {
  /** Title above the figure. Defaults to "training history". */
  title?: string;
  /** x axis label. Defaults to "epoch". */
  xLabel?: string;
  /** Markers such as the best epoch or the early-stopping point. */
  markers?: Marker[];
  /** Log-scale loss axes. Defaults to false. */
  logY?: boolean;
  /** EMA weight of the batch traces (0 ≤ s < 1). Defaults to 0 (off). */
  smoothing?: number;
  /** Runs (by `run` name) that are earlier runs of the same cell, drawn faint. Defaults to none. */
  ghosts?: string[];
  /** The line under the title. */
  status?: string;
  /** True on the last frame of a live figure. */
  final?: boolean;
}

/** The series name a legend and the summary show: loss, val_loss, loss (batch), run 2: loss. */
function seriesName(c: HistoryCurve): string {
  const base = c.split === "train" ? c.metric : `${c.split === "validation" ? "val" : c.split}_${c.metric}`;
  const named = c.step === "batch" ? `${base} (batch)` : base;
  return c.run === undefined ? named : `${c.run}: ${named}`;
}

/**
 * Build a history payload from raw curves (each downsampled to ≤ 1,000 points, all together to
 * ≤ 12,000): epoch values as
 * the main lines, batch values as a faint trace, earlier runs (`ghosts`) drawn behind.
 * @example
 * historyFigure([
 *   { metric: "loss", split: "train", step: "batch", x: [0.5, 1, 1.5, 2], y: [1, 0.8, 0.6, 0.5] },
 *   { metric: "loss", split: "train", x: [1, 2], y: [0.9, 0.55] },
 * ]);
 */
export function historyFigure(curves: HistoryCurve[], opts: HistoryFigureOptions = {}): HistoryFigure {
  if (curves.length > MAX_HISTORY_SERIES)
    throw new ArgumentError(
      "dl.figures.historyFigure",
      "curves",
      `at most ${MAX_HISTORY_SERIES} curves (metrics × splits × runs)`,
      String(curves.length),
      "Compare fewer runs at once.",
    );
  const s = opts.smoothing;
  if (s !== undefined && !(s >= 0 && s < 1))
    throw new ArgumentError("dl.figures.historyFigure", "opts.smoothing", "a number 0 ≤ s < 1", String(s));
  // each curve ≤ MAX_POINTS, all together ≤ MAX_HISTORY_POINTS (shared by length)
  const shares = markerShares(
    curves.map((c) => Math.min(c.x.length, MAX_POINTS)),
    MAX_HISTORY_POINTS,
  );
  const series: HistorySeries[] = curves.map((c, i) => {
    const name = seriesName(c);
    const out: HistorySeries = {
      name,
      metric: c.metric,
      split: c.split,
      ...cleanTrace(name, c.x, c.y, Math.max(2, shares[i])),
    };
    if (c.step) out.step = c.step;
    if (c.run !== undefined) out.run = c.run;
    return out;
  });
  const markers = opts.markers ?? [];
  assertFinite(
    "markers[].x",
    markers.map((m) => m.x),
  );
  const fig: HistoryFigure = {
    kind: "history",
    title: opts.title ?? "training history",
    xLabel: opts.xLabel ?? "epoch",
    yLabel: "value",
    series,
  };
  if (markers.length) fig.markers = markers.map((m) => ({ ...m }));
  if (opts.logY) fig.logY = true;
  if (s) fig.smoothing = s;
  const ghosts = (opts.ghosts ?? []).filter((g) => series.some((c) => c.run === g));
  if (ghosts.length) fig.ghosts = ghosts;
  if (opts.status !== undefined) fig.status = opts.status;
  if (opts.final) fig.final = true;
  return fig;
}

/**
 * The series a summary reports: the run shown (not ghosts), its epoch values where it has them.
 * @example
 * headlineSeries(fig).map((s) => s.name); // ["loss", "val_loss"]
 */
export function headlineSeries(fig: HistoryFigure): HistoryFigure["series"] {
  const ghosts = new Set(fig.ghosts ?? []);
  const own = fig.series.filter((s) => s.y.length > 0 && !(s.run !== undefined && ghosts.has(s.run)));
  const hasEpoch = new Set(
    own.filter((s) => s.step !== "batch").map((s) => `${s.run}/${s.split}/${s.metric}`),
  );
  return own.filter((s) => s.step !== "batch" || !hasEpoch.has(`${s.run}/${s.split}/${s.metric}`));
}

/**
 * One line a person can read in a terminal: the last value of each series and the markers.
 * @example
 * historySummary(historyFigure([{ metric: "loss", split: "train", x: [1], y: [0.5] }])); // "history: loss 0.5 (epoch 1)"
 */
export function historySummary(fig: HistoryFigure): string {
  const shown = headlineSeries(fig);
  const parts = shown.map((s) => `${s.name} ${fmt(s.y[s.y.length - 1])}`);
  const lastX = Math.max(...shown.map((s) => s.x[s.x.length - 1]));
  let line = `history: ${parts.join(", ") || "no data yet"}`;
  if (Number.isFinite(lastX)) line += ` (${fig.xLabel ?? "x"} ${fmt(lastX)})`;
  if (fig.ghosts?.length) line += ` · ${fig.ghosts.length} earlier run${fig.ghosts.length > 1 ? "s" : ""}`;
  for (const m of fig.markers ?? []) line += ` · ${m.label} at ${fmt(m.x)}`;
  if (fig.status) line += ` · ${fig.status}`;
  return line;
}
