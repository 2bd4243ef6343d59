// Plotly building blocks shared by the figure kinds (kinds/*.ts): the colour order, themed axes,
// line traces, data extents and the legend under the plot. Pure; every string from the payload
// goes through plainText.
import { plainText } from "./sanitize";
import type { FigureTheme } from "./figure-theme";
import type { Series } from "dlab/dist/payload";

/**
 * Line colours in order: colour-blind safe (Okabe–Ito), readable on light and dark backgrounds.
 * @example
 * COLORWAY[0]; // "#0072B2", the first series
 */
export const COLORWAY = [
  "#0072B2",
  "#E69F00",
  "#009E73",
  "#CC79A7",
  "#56B4E9",
  "#D55E00",
  "#F0E442",
  "#999999",
];

/**
 * What a kind's `traces` returns: traces plus layout fields that override the common ones.
 * @example
 * const r: KindResult = { data: [{ type: "scatter", x: [0], y: [0] }], layout: { showlegend: false } };
 */
export interface KindResult {
  data: Array<Record<string, unknown>>;
  layout?: Record<string, unknown>;
}

/**
 * Axis settings shared by every kind: themed grid, escaped title.
 * @example
 * axis("epoch", LIGHT_THEME, { type: "log" });
 */
export function axis(title: string | undefined, theme: FigureTheme, extra: Record<string, unknown> = {}) {
  return {
    title: { text: plainText(title) },
    gridcolor: theme.grid,
    zerolinecolor: theme.grid,
    linecolor: theme.grid,
    automargin: true,
    ...extra,
  };
}

/**
 * A line or point trace from a series; `extra` adds plotly attributes.
 * @example
 * line({ name: "fit", x: [0, 1], y: [1, 2] }, "lines", { line: { dash: "dash" } });
 */
export function line(s: Series, mode: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: "scatter", mode, name: plainText(s.name), x: s.x, y: s.y, ...extra };
}

/**
 * Smallest and largest finite value in some arrays (null gaps skipped).
 * @example
 * extent([3, null, 1]); // [1, 3]
 */
export function extent(...arrays: Array<Array<number | null>>): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const a of arrays) {
    for (const v of a) {
      if (typeof v === "number") {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
  }
  return lo <= hi ? [lo, hi] : undefined;
}

/**
 * Layout of the kinds with a colour bar: legend in rows under the x axis, never under the colour
 * bar on the right, and never over the title however many rows it wraps into (plotly grows the
 * bottom margin to fit it).
 * @example
 * return { data, layout: { xaxis: { range: [0, 1] }, ...LEGEND_BELOW } };
 */
export const LEGEND_BELOW = {
  legend: { orientation: "h", x: 0, xanchor: "left", y: -0.2, yanchor: "top", bgcolor: "rgba(0,0,0,0)" },
  margin: { l: 60, r: 20, t: 60, b: 50 },
};
