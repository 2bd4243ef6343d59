// Payload → plotly figure: the pure core of the extension. Nothing here touches the DOM,
// JupyterLab or plotly.js, so it runs in Node tests and in the handout exporter's headless page
// alike. The widget only hands the result to Plotly.react.
import { parsePayload } from "./validate";
import { plainText } from "./sanitize";
import { LIGHT_THEME, type FigureTheme } from "./figure-theme";
import { axis, COLORWAY, type KindResult } from "./plotly-helpers";
import { KINDS, type Kind } from "./kinds";
import type { FigureView } from "./view";
import type { FigureKind, FigurePayload } from "dlab/dist/payload";

/**
 * What Plotly.react takes, plus whether the figure is final.
 * @example
 * const { data, layout, config }: PlotlySpec = figureToPlotly(payload);
 */
export interface PlotlySpec {
  data: Array<Record<string, unknown>>;
  layout: Record<string, unknown>;
  config: Record<string, unknown>;
  /** True when the payload says it will not change any more (the last update of a live figure). */
  final: boolean;
}

function baseLayout(p: FigurePayload, theme: FigureTheme): Record<string, unknown> {
  // The title and the live status line are the only markup we add ourselves; their text is escaped.
  const title = plainText(p.title);
  const status = p.status ? `<br><span style="font-size:12px">${plainText(p.status)}</span>` : "";
  return {
    title: { text: title + status, x: 0.02, xanchor: "left" },
    paper_bgcolor: theme.background,
    plot_bgcolor: theme.background,
    font: { color: theme.foreground, ...(theme.fontFamily ? { family: theme.fontFamily } : {}) },
    colorway: COLORWAY,
    xaxis: axis(p.xLabel, theme),
    yaxis: axis(p.yLabel, theme),
    legend: { bgcolor: "rgba(0,0,0,0)" },
    margin: { l: 60, r: 20, t: title || status ? 60 : 20, b: 50 },
    autosize: true,
    hovermode: "closest",
    // Kept stable so zoom and legend toggles survive live updates through Plotly.react.
    uirevision: "dlab",
  };
}

/** The traces of the payload's kind: a lookup in the registry, never a switch. */
function kindResult(p: FigurePayload, theme: FigureTheme, view: FigureView): KindResult {
  // KINDS is keyed by kind, so the entry found for p.kind is the one that takes p.
  const kind: Kind<FigureKind> = KINDS[p.kind];
  return kind.traces(p, theme, view);
}

/** Merges layout fields one level deep, so a kind can add to `xaxis` without losing its theme. */
function mergeLayout(
  base: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const out = { ...base };
  for (const [k, v] of Object.entries(extra)) {
    const b = out[k];
    const both = b && v && typeof b === "object" && typeof v === "object" && !Array.isArray(v);
    out[k] = both ? { ...(b as object), ...(v as object) } : v;
  }
  return out;
}

/**
 * Turns a dlab figure payload (object or JSON text) into plotly's data, layout and config, with
 * every string from the payload escaped. Throws a PayloadError naming the first problem. `view` is
 * how the JupyterLab controls are set (log scale, smoothing, earlier runs); absent, the payload decides.
 * @example
 * const spec = figureToPlotly({ kind: "scatter", series: [{ name: "a", x: [0, 1], y: [1, 0] }] }, LIGHT_THEME);
 * // Plotly.react(div, spec.data, spec.layout, spec.config)
 */
export function figureToPlotly(
  payload: unknown,
  theme: FigureTheme = LIGHT_THEME,
  view: FigureView = {},
): PlotlySpec {
  const p = parsePayload(payload);
  const result = kindResult(p, theme, view);
  return {
    data: result.data,
    layout: mergeLayout(baseLayout(p, theme), result.layout),
    final: p.final === true,
    // No plotly logo or cloud links; MathJax off so `$…$` text is never typeset.
    config: {
      responsive: false,
      displaylogo: false,
      showLink: false,
      showSendToCloud: false,
      typesetMath: false,
    },
  };
}

export { parsePayload, PayloadError } from "./validate";
export { LIGHT_THEME, DARK_THEME } from "./figure-theme";
export { COLORWAY } from "./plotly-helpers";
export type { FigureTheme } from "./figure-theme";
export type { FigureView } from "./view";
export type { KindResult } from "./plotly-helpers";
export { plainText, sanitizePlotly } from "./sanitize";
