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

/** The loss surface as filled contours (of log10 loss when logZ), without lines between the bands. */
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
    // the filled bands show the levels; lines between them would double the contour's drawing time
    contours: { coloring: "fill", showlines: false },
    colorbar: { title: { text: label }, outlinewidth: 0 },
    hoverinfo: "x+y+z",
  };
}

/**
 * One line per optimizer path with a small dot per step (every k-th step where the paths hold more
 * points than a figure may draw as markers, LIMITS.markers: each dot is an SVG element), and one
 * trace of large markers where the optimizers stand now.
 */
function trajectoryTraces(p: SurfaceFigure): Array<Record<string, unknown>> {
  const total = p.trajectories.reduce((n, t) => n + t.x.length, 0);
  const every = Math.ceil(total / LIMITS.markers);
  const color = (i: number) => COLORWAY[i % COLORWAY.length];
  const paths = p.trajectories.map((t, i) =>
    line(t, "lines+markers", {
      line: { color: color(i), width: 2 },
      // plotly's maxdisplayed keeps evenly spaced dots among those in view
      marker: {
        color: color(i),
        size: 4,
        maxdisplayed: every > 1 ? Math.max(1, Math.floor(t.x.length / every)) : 0,
      },
    }),
  );
  const now = p.trajectories.flatMap((t, i) => (t.x.length ? [i] : []));
  if (!now.length) return paths;
  const last = (a: number[]) => a[a.length - 1];
  const ends = {
    type: "scatter",
    mode: "markers",
    name: "now",
    showlegend: false,
    x: now.map((i) => last(p.trajectories[i].x)),
    y: now.map((i) => last(p.trajectories[i].y)),
    text: now.map((i) => plainText(p.trajectories[i].name)),
    hoverinfo: "x+y+text",
    marker: { color: now.map(color), size: 12 },
  };
  return [...paths, ends];
}

/**
 * Loss contours with one optimizer path per trajectory; the current position is the big marker.
 * @example
 * traces({ kind: "surface", grid: { x: [0, 1], y: [0, 1], z: [[0, 1], [1, 2]] }, trajectories: [] }, LIGHT_THEME);
 */
export function traces(p: SurfaceFigure, theme: FigureTheme): KindResult {
  const data: Array<Record<string, unknown>> = [lossContour(p, theme), ...trajectoryTraces(p)];
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
