/** Pure builder for `history` figures: loss and metrics over epochs, train vs validation. */
import type { HistoryFigure, Marker } from "../payload";
import { assertFinite, cleanTrace, fmt } from "./common";

/** One recorded curve before downsampling. */
export interface HistoryCurve {
  metric: string;
  split: "train" | "validation" | "test";
  x: number[];
  y: number[];
}

/** Options of {@link historyFigure}; every field is optional. */
export interface HistoryFigureOptions {
  /** Title above the figure. Defaults to "training history". */
  title?: string;
  /** x axis label. Defaults to "epoch". */
  xLabel?: string;
  /** Markers such as the best epoch or the early-stopping point. */
  markers?: Marker[];
  /** Log-scale y axis. Defaults to false. */
  logY?: boolean;
  status?: string;
  final?: boolean;
}

/**
 * Build a history payload from raw curves (each downsampled to ≤ 1,000 points).
 * @example
 * historyFigure([{ metric: "loss", split: "train", x: [1, 2], y: [0.9, 0.5] }]);
 */
export function historyFigure(curves: HistoryCurve[], opts: HistoryFigureOptions = {}): HistoryFigure {
  const series = curves.map((c) => {
    const name = c.split === "train" ? c.metric : `${c.split === "validation" ? "val" : c.split}_${c.metric}`;
    return { name, metric: c.metric, split: c.split, ...cleanTrace(name, c.x, c.y) };
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
  if (opts.status !== undefined) fig.status = opts.status;
  if (opts.final) fig.final = true;
  return fig;
}

/**
 * One line a person can read in a terminal: the last value of each series and the markers.
 * @example
 * historySummary(historyFigure([{ metric: "loss", split: "train", x: [1], y: [0.5] }])); // "history: loss 0.5 (epoch 1)"
 */
export function historySummary(fig: HistoryFigure): string {
  const parts = fig.series.filter((s) => s.y.length > 0).map((s) => `${s.name} ${fmt(s.y[s.y.length - 1])}`);
  const lastX = Math.max(...fig.series.map((s) => (s.x.length ? s.x[s.x.length - 1] : -Infinity)));
  let line = `history: ${parts.join(", ") || "no data yet"}`;
  if (Number.isFinite(lastX)) line += ` (${fig.xLabel ?? "x"} ${fmt(lastX)})`;
  for (const m of fig.markers ?? []) line += ` · ${m.label} at ${fmt(m.x)}`;
  if (fig.status) line += ` · ${fig.status}`;
  return line;
}
