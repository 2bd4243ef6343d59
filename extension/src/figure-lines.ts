// Builders for the line-and-point kinds: history, curve-fit, scatter, activation. Pure; every
// string from the payload goes through plainText.
import { plainText } from "./sanitize";
import { axis, COLORWAY, type FigureTheme, type KindResult } from "./figure-theme";
import type {
  ActivationFigure,
  CurveFitFigure,
  HistoryFigure,
  Marker,
  ScatterFigure,
  Series,
} from "dlab/dist/payload";

/** One colour per data split, the same in every panel, so train vs validation reads at a glance. */
const SPLIT_COLOR: Record<string, string> = {
  train: COLORWAY[0],
  validation: COLORWAY[1],
  test: COLORWAY[2],
};
const SPLIT_DASH: Record<string, string> = { train: "solid", validation: "dash", test: "dot" };

/**
 * A line or point trace from a series; `extra` adds plotly attributes.
 * @example
 * line({ name: "fit", x: [0, 1], y: [1, 2] }, "lines", { line: { dash: "dash" } });
 */
export function line(s: Series, mode: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: "scatter", mode, name: plainText(s.name), x: s.x, y: s.y, ...extra };
}

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
 * historyTraces({ kind: "history", series: [{ name: "loss", metric: "loss", split: "train", x: [1], y: [0.5] }] }, LIGHT_THEME);
 */
export function historyTraces(p: HistoryFigure, theme: FigureTheme): KindResult {
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
  const data = p.series.map((s) => {
    const i = metrics.indexOf(s.metric);
    return line(s, s.x.length > 60 ? "lines" : "lines+markers", {
      yaxis: i === 0 ? "y" : `y${i + 1}`,
      line: { color: SPLIT_COLOR[s.split], dash: SPLIT_DASH[s.split], width: 2 },
      marker: { color: SPLIT_COLOR[s.split], size: 5 },
      legendgroup: s.split,
    });
  });
  Object.assign(layout, markerLayout(p.markers ?? [], theme));
  return { data, layout };
}

/**
 * Training points, held-out points, the true function (dashed) and fitted curves.
 * @example
 * curveFitTraces({ kind: "curve-fit", points: { x: [0], y: [1] }, fits: [] }, LIGHT_THEME).data.length; // 1
 */
export function curveFitTraces(p: CurveFitFigure, theme: FigureTheme): KindResult {
  const data: Array<Record<string, unknown>> = [
    {
      type: "scatter",
      mode: "markers",
      name: "training data",
      x: p.points.x,
      y: p.points.y,
      marker: { color: COLORWAY[0], size: 6 },
    },
  ];
  if (p.validation) {
    data.push({
      type: "scatter",
      mode: "markers",
      name: "validation data",
      x: p.validation.x,
      y: p.validation.y,
      marker: { color: COLORWAY[1], size: 6, symbol: "diamond" },
    });
  }
  if (p.truth)
    data.push(line(p.truth, "lines", { line: { color: theme.foreground, dash: "dash", width: 1.5 } }));
  p.fits.forEach((f, i) =>
    data.push(line(f, "lines", { line: { color: COLORWAY[(i + 2) % COLORWAY.length], width: 2 } })),
  );
  return { data };
}

/**
 * Free scatter or line plot; each series picks its mode (default markers).
 * @example
 * scatterTraces({ kind: "scatter", series: [{ name: "a", x: [0], y: [0], mode: "lines" }] }).data[0].mode; // "lines"
 */
export function scatterTraces(p: ScatterFigure): KindResult {
  return { data: p.series.map((s) => line(s, s.mode ?? "markers")) };
}

/**
 * Activation functions as solid lines, their derivatives dashed in the same colour order.
 * @example
 * activationTraces({ kind: "activation", x: [0, 1], curves: [{ name: "relu", y: [0, 1] }] }).data.length; // 1
 */
export function activationTraces(p: ActivationFigure): KindResult {
  let fn = 0;
  let der = 0;
  const data = p.curves.map((c) => {
    // A derivative takes the colour of the function it follows (the i-th derivative, the i-th colour).
    const color = COLORWAY[(c.derivative ? der++ : fn++) % COLORWAY.length];
    return {
      type: "scatter",
      mode: "lines",
      name: plainText(c.name),
      x: p.x,
      y: c.y,
      line: { color, width: 2, dash: c.derivative ? "dash" : "solid" },
    };
  });
  return { data };
}
