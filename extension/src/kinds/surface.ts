// The surface kind: a 2-D loss surface as filled contours with optimizer trajectories over it
// and its marked minima.
import { checkGrid, checkSeries, need } from "../validate-fields";
import { LIMITS } from "../limits";
import { plainText } from "../sanitize";
import { COLORWAY, extent, LEGEND_BELOW, line, type KindResult } from "../plotly-helpers";
import type { FigureTheme } from "../figure-theme";
import type { SurfaceFigure } from "dlab/dist/payload";

/**
 * Checks a surface payload: the grid, the trajectories and the optional labelled minima.
 * @example
 * validate({ kind: "surface", grid: { x: [0, 1], y: [0], z: [[1, 2]] }, trajectories: [] });
 */
export function validate(o: Record<string, unknown>): void {
  checkGrid(o.grid, "grid");
  need
    .capped(o.trajectories, "trajectories", LIMITS.traces, "trajectories")
    .forEach((s, i) => checkSeries(s, `trajectories[${i}]`));
  need.capped(o.minima, "minima", LIMITS.annotations, "labelled minima", true).forEach((m, i) => {
    const r = need.obj(m, `minima[${i}]`);
    need.num(r.x, `minima[${i}].x`);
    need.num(r.y, `minima[${i}].y`);
    need.str(r.label, `minima[${i}].label`, true);
  });
}

/** The loss surface as filled contours (of log10 loss when logZ). */
function lossContour(p: SurfaceFigure, theme: FigureTheme): Record<string, unknown> {
  // On a log scale, contour the log10 of the loss (losses are ≥ 0; non-positive values become gaps).
  const z = p.logZ
    ? p.grid.z.map((row) => row.map((v) => (typeof v === "number" && v > 0 ? Math.log10(v) : null)))
    : p.grid.z;
  const label = p.logZ ? "log10 loss" : "loss";
  return {
    type: "contour",
    name: label,
    x: p.grid.x,
    y: p.grid.y,
    z,
    colorscale: theme.dark ? "Viridis" : "YlGnBu",
    reversescale: !theme.dark,
    ncontours: 25,
    contours: { coloring: "fill", showlines: true },
    line: { width: 0.5, color: theme.background },
    colorbar: { title: { text: label }, outlinewidth: 0 },
    hoverinfo: "x+y+z",
  };
}

/**
 * Loss contours with one optimizer path per trajectory; the current position is the big marker.
 * @example
 * traces({ kind: "surface", grid: { x: [0, 1], y: [0, 1], z: [[0, 1], [1, 2]] }, trajectories: [] }, LIGHT_THEME);
 */
export function traces(p: SurfaceFigure, theme: FigureTheme): KindResult {
  const data: Array<Record<string, unknown>> = [lossContour(p, theme)];
  p.trajectories.forEach((t, i) => {
    const n = t.x.length;
    data.push(
      line(t, "lines+markers", {
        line: { color: COLORWAY[i % COLORWAY.length], width: 2 },
        // Small dots along the path, a large one where the optimizer stands now.
        marker: { color: COLORWAY[i % COLORWAY.length], size: t.x.map((_, j) => (j === n - 1 ? 12 : 4)) },
      }),
    );
  });
  if (p.minima?.length) {
    data.push({
      type: "scatter",
      mode: "markers+text",
      name: "minima",
      x: p.minima.map((m) => m.x),
      y: p.minima.map((m) => m.y),
      text: p.minima.map((m) => plainText(m.label ?? "")),
      textposition: "top center",
      marker: { symbol: "star", size: 14, color: theme.foreground },
    });
  }
  const xr = extent(p.grid.x);
  const yr = extent(p.grid.y);
  return {
    data,
    layout: { xaxis: xr ? { range: xr } : {}, yaxis: yr ? { range: yr } : {}, ...LEGEND_BELOW },
  };
}
