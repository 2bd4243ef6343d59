// The history kind: loss and metric curves over epochs, one stacked panel per metric, colour by
// data split, with labelled vertical markers (best epoch, early stop, divergence).
import { fail, need, checkSeries } from "../validate-fields";
import { LIMITS } from "../limits";
import { plainText } from "../sanitize";
import { axis, COLORWAY, line, type KindResult } from "../plotly-helpers";
import type { FigureTheme } from "../figure-theme";
import type { HistoryFigure, Marker } from "dlab/dist/payload";

/**
 * Checks a history payload's series (metric and split) and markers.
 * @example
 * validate({ kind: "history", series: [{ name: "loss", metric: "loss", split: "train", x: [1], y: [0.5] }] });
 */
export function validate(o: Record<string, unknown>): void {
  const metrics = new Set<unknown>();
  need.capped(o.series, "series", LIMITS.traces, "series").forEach((s, i) => {
    const r = checkSeries(s, `series[${i}]`);
    need.str(r.metric, `series[${i}].metric`);
    metrics.add(r.metric);
    if (metrics.size > LIMITS.panels)
      fail(`series[${i}].metric`, `at most ${LIMITS.panels} metrics (one panel each)`, r.metric);
    if (!["train", "validation", "test"].includes(r.split as string)) {
      fail(`series[${i}].split`, '"train", "validation" or "test"', r.split);
    }
  });
  need
    .capped(o.markers, "markers", Math.min(LIMITS.shapes, LIMITS.annotations), "markers", true)
    .forEach((m, i) => {
      need.num(need.obj(m, `markers[${i}]`).x, `markers[${i}].x`);
      need.str((m as Record<string, unknown>).label, `markers[${i}].label`);
    });
}

/** One colour per data split, the same in every panel, so train vs validation reads at a glance. */
const SPLIT_COLOR: Record<string, string> = {
  train: COLORWAY[0],
  validation: COLORWAY[1],
  test: COLORWAY[2],
};
const SPLIT_DASH: Record<string, string> = { train: "solid", validation: "dash", test: "dot" };

/** Dotted vertical lines across all panels, each labelled at the top (best epoch, early stop…). */
function markerLayout(markers: Marker[], theme: FigureTheme): Record<string, unknown> {
  const color = theme.foreground;
  return {
    shapes: markers.map((m) => ({
      type: "line",
      xref: "x",
      yref: "paper",
      x0: m.x,
      x1: m.x,
      y0: 0,
      y1: 1,
      line: { color, width: 1, dash: "dot" },
    })),
    annotations: markers.map((m) => ({
      x: m.x,
      xref: "x",
      yref: "paper",
      y: 1,
      yanchor: "bottom",
      text: plainText(m.label),
      showarrow: false,
      font: { size: 11, color },
    })),
  };
}

/**
 * Loss/metric curves: one stacked panel per metric sharing the x axis, colour by split,
 * vertical marker lines with labels.
 * @example
 * traces({ kind: "history", series: [{ name: "loss", metric: "loss", split: "train", x: [1], y: [0.5] }] }, LIGHT_THEME);
 */
export function traces(p: HistoryFigure, theme: FigureTheme): KindResult {
  const metrics = [...new Set(p.series.map((s) => s.metric))];
  const n = Math.max(metrics.length, 1);
  const gap = n > 1 ? 0.08 : 0;
  const height = (1 - gap * (n - 1)) / n;
  const layout: Record<string, unknown> = {};
  metrics.forEach((m, i) => {
    // Panel 0 is at the top; plotly names axes y, y2, y3, …
    const top = 1 - i * (height + gap);
    const title = n === 1 && p.yLabel ? p.yLabel : m;
    layout[i === 0 ? "yaxis" : `yaxis${i + 1}`] = axis(title, theme, {
      domain: [Math.max(0, top - height), top],
      anchor: "x",
      ...(p.logY ? { type: "log" } : {}),
    });
  });
  layout.xaxis = axis(p.xLabel ?? "epoch", theme, { anchor: n === 1 ? "y" : `y${n}` });
  const panel = new Map(metrics.map((m, i) => [m, i]));
  // short series get a dot per point, as long as the figure stays within its marker count
  const dotted = (s: { x: unknown[] }) => s.x.length <= 60;
  const dots = p.series.reduce((n, s) => n + (dotted(s) ? s.x.length : 0), 0);
  const data = p.series.map((s) => {
    const i = panel.get(s.metric)!;
    return line(s, dotted(s) && dots <= LIMITS.markers ? "lines+markers" : "lines", {
      yaxis: i === 0 ? "y" : `y${i + 1}`,
      line: { color: SPLIT_COLOR[s.split], dash: SPLIT_DASH[s.split], width: 2 },
      marker: { color: SPLIT_COLOR[s.split], size: 5 },
      legendgroup: s.split,
    });
  });
  Object.assign(layout, markerLayout(p.markers ?? [], theme));
  return { data, layout };
}
