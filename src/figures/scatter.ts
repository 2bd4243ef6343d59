/** Pure builder for `scatter` figures: free points or lines. */
import type { ScatterFigure, Series } from "../payload";
import { cleanTrace, fmt } from "./common";

/** One trace of {@link scatterFigure}. */
export type ScatterSeries = Series & { mode?: "markers" | "lines" | "lines+markers" };

/**
 * Build a scatter payload (each trace checked for NaN/Infinity and downsampled to ≤ 1,000 points).
 * @example
 * scatterFigure([{ name: "a", x: [0, 1], y: [1, 0], mode: "lines" }], { title: "two points" });
 */
export function scatterFigure(
  series: ScatterSeries[],
  opts: { title?: string; xLabel?: string; yLabel?: string; status?: string; final?: boolean } = {},
): ScatterFigure {
  const fig: ScatterFigure = {
    kind: "scatter",
    series: series.map((s) => {
      const out: ScatterSeries = { name: s.name, ...cleanTrace(s.name, s.x, s.y) };
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
