/** Pure builder for `scatter` figures: free points or lines. */
import type { ScatterFigure, Series } from "../payload";
import { cleanTrace, fmt, markerShares, MAX_POINTS } from "./common";

/** One trace of {@link scatterFigure}. */
export type ScatterSeries = Series & { mode?: "markers" | "lines" | "lines+markers" };

/**
 * Build a scatter payload (each trace checked for NaN/Infinity and downsampled to ≤ 1,000 points;
 * series drawn with markers to ≤ 500 in all, MAX_FIGURE_MARKERS).
 * @example
 * scatterFigure([{ name: "a", x: [0, 1], y: [1, 0], mode: "lines" }], { title: "two points" });
 */
export function scatterFigure(
  series: ScatterSeries[],
  opts: { title?: string; xLabel?: string; yLabel?: string; status?: string; final?: boolean } = {},
): ScatterFigure {
  // series drawn with markers share the figure's marker count; lines keep up to MAX_POINTS
  const marked = series.map((s) => s.mode !== "lines");
  const shares = markerShares(series.filter((_, i) => marked[i]).map((s) => s.x.length));
  let k = 0;
  const fig: ScatterFigure = {
    kind: "scatter",
    series: series.map((s, i) => {
      const max = marked[i] ? Math.min(MAX_POINTS, shares[k++]) : MAX_POINTS;
      const out: ScatterSeries = { name: s.name, ...cleanTrace(s.name, s.x, s.y, max) };
      if (s.mode) out.mode = s.mode;
      return out;
    }),
  };
  if (opts.title !== undefined) fig.title = opts.title;
  if (opts.xLabel !== undefined) fig.xLabel = opts.xLabel;
  if (opts.yLabel !== undefined) fig.yLabel = opts.yLabel;
  if (opts.status !== undefined) fig.status = opts.status;
  if (opts.final) fig.final = true;
  return fig;
}

/**
 * One-line summary: each trace's name, length and y range.
 * @example
 * scatterSummary(scatterFigure([{ name: "a", x: [0], y: [1] }])); // "scatter: a (1 points, y 1…1)"
 */
export function scatterSummary(fig: ScatterFigure): string {
  const parts = fig.series.map((s) => {
    const range = s.y.length ? `, y ${fmt(Math.min(...s.y))}…${fmt(Math.max(...s.y))}` : "";
    return `${s.name} (${s.x.length} points${range})`;
  });
  return `scatter${fig.title ? ` "${fig.title}"` : ""}: ${parts.join(", ") || "empty"}`;
}
