// The scatter kind: free points or lines, each series in its own mode.
import { checkMarkers, checkSeries, fail, need } from "../validate-fields";
import { LIMITS } from "../limits";
import { line, type KindResult } from "../plotly-helpers";
import type { ScatterFigure } from "dlab/dist/payload";

/**
 * Checks a scatter payload's series and their optional modes.
 * @example
 * validate({ kind: "scatter", series: [{ name: "a", x: [0], y: [1], mode: "lines" }] });
 */
export function validate(o: Record<string, unknown>): void {
  const marked: unknown[][] = [];
  need.capped(o.series, "series", LIMITS.traces, "series").forEach((s, i) => {
    const r = checkSeries(s, `series[${i}]`);
    if (r.mode !== undefined && !["markers", "lines", "lines+markers"].includes(r.mode as string)) {
      fail(`series[${i}].mode`, '"markers", "lines" or "lines+markers"', r.mode);
    }
    if (r.mode !== "lines") marked.push(r.x as unknown[]);
  });
  checkMarkers(marked, "series");
}

/**
 * Free scatter or line plot; each series picks its mode (default markers).
 * @example
 * traces({ kind: "scatter", series: [{ name: "a", x: [0], y: [0], mode: "lines" }] }).data[0].mode; // "lines"
 */
export function traces(p: ScatterFigure): KindResult {
  return { data: p.series.map((s) => line(s, s.mode ?? "markers")) };
}
