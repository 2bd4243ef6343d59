// Theme, colours and shared axis settings for the figure builders (pure).
import { plainText } from "./sanitize";

/**
 * Colours a figure is drawn in; the widget reads them from JupyterLab's CSS variables.
 * @example
 * const theme: FigureTheme = { dark: false, foreground: "#000", background: "#fff", grid: "#ddd" };
 */
export interface FigureTheme {
  /** True for a dark background (picks the dark colour scales). */
  dark: boolean;
  /** Text and axis colour. */
  foreground: string;
  /** Background of the plot and the paper around it. */
  background: string;
  /** Grid-line colour. */
  grid: string;
  /** Font family for all text. Defaults to plotly's. */
  fontFamily?: string;
}

/**
 * JupyterLab's light theme colours.
 * @example
 * figureToPlotly(payload, LIGHT_THEME);
 */
export const LIGHT_THEME: FigureTheme = {
  dark: false,
  foreground: "#212121",
  background: "#ffffff",
  grid: "#e0e0e0",
};
/**
 * JupyterLab's dark theme colours.
 * @example
 * figureToPlotly(payload, DARK_THEME);
 */
export const DARK_THEME: FigureTheme = {
  dark: true,
  foreground: "#e0e0e0",
  background: "#111111",
  grid: "#424242",
};

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

/**
 * What a kind builder returns: traces plus layout fields that override the common ones.
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
