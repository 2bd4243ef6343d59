// The colours a figure is drawn in: light and dark presets; the widget reads the live ones from
// JupyterLab's CSS variables (theme.ts). Pure.

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
