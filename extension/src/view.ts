// How a person has set a figure's controls in JupyterLab (log scale, smoothing, earlier runs).
// A view only changes how a payload is drawn, never the payload: the stored image and handouts
// show the figure as it was saved. Pure.

/**
 * The controls' state; every field absent means "as the payload says".
 * @example
 * figureToPlotly(payload, LIGHT_THEME, { logY: true, smoothing: 0.6, ghosts: false });
 */
export interface FigureView {
  /** Log-scale loss axes (history). */
  logY?: boolean;
  /** EMA weight of batch traces, 0 ≤ s < 1 (history). */
  smoothing?: number;
  /** Show earlier runs of the cell as ghost curves (history). Default true. */
  ghosts?: boolean;
}
