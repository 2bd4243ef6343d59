// Reads the current JupyterLab theme's colours from its CSS variables, so figures match the
// light and dark themes (and custom ones).
import { DARK_THEME, LIGHT_THEME, type FigureTheme } from "./figure";

function cssVar(style: CSSStyleDeclaration, name: string, fallback: string): string {
  const v = style.getPropertyValue(name).trim();
  return v || fallback;
}

/**
 * The figure colours of the theme JupyterLab shows now.
 * @example
 * figureToPlotly(payload, currentTheme());
 */
export function currentTheme(): FigureTheme {
  const body = document.body;
  const dark = body.dataset.jpThemeLight === "false";
  const base = dark ? DARK_THEME : LIGHT_THEME;
  const style = getComputedStyle(body);
  return {
    dark,
    foreground: cssVar(style, "--jp-ui-font-color1", base.foreground),
    background: cssVar(style, "--jp-layout-color0", base.background),
    grid: cssVar(style, "--jp-border-color2", base.grid),
    fontFamily: cssVar(style, "--jp-ui-font-family", "") || undefined,
  };
}
