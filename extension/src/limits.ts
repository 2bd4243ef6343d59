// What one lab figure needs, with room to spare. The validator refuses a payload beyond any of
// these with a message naming the field, so a small payload from a downloaded notebook cannot make
// the figure builder or plotly freeze the page (40k one-point classes, 100k annotations). At these
// caps an update of any kind holds the page ≤ 100 ms (tests/integration/extension-figure-caps.test.ts).
// dl.plot's grid resolutions are checked against the same grid side (MAX_GRID_SIDE), and dl.figures
// thin marker traces to the same marker count (MAX_FIGURE_MARKERS). Pure.

import { MAX_FIGURE_MARKERS, MAX_GRID_SIDE, MAX_HISTORY_POINTS, MAX_HISTORY_SERIES } from "dlab/dist/payload";

/**
 * The caps a payload is checked against (counts; `stringLength` in characters).
 * @example
 * parsePayload({ kind: "scatter", series: new Array(LIMITS.traces + 1).fill({ name: "a", x: [], y: [] }) }); // throws
 */
export const LIMITS = {
  /** Distinct class labels (decision-boundary points and classes, confusion labels): MNIST's 10. */
  classes: 10,
  /** Traces: series, curves, fits, decision lines, trajectories, raw plotly traces (labs use ≤ 6). */
  traces: 10,
  /** Points of one trace: dl.figures thins every trace to MAX_POINTS (1000). */
  points: 1000,
  /**
   * Points drawn as markers in one figure, over all its traces (decision-boundary points, curve-fit
   * samples, scatter series in a markers mode, raw plotly markers and bars): MAX_FIGURE_MARKERS.
   */
  markers: MAX_FIGURE_MARKERS,
  /** Text annotations: history markers, image captions, surface minima, raw plotly annotations. */
  annotations: 50,
  /** Shapes: history markers (a line each), raw plotly shapes. */
  shapes: 10,
  /**
   * Series of a history figure: the run shown (epoch and batch curves per metric) and the runs it
   * compares or keeps from earlier (epoch curves): MAX_HISTORY_SERIES.
   */
  historySeries: MAX_HISTORY_SERIES,
  /** Points of a history figure over all its series: MAX_HISTORY_POINTS. */
  historyPoints: MAX_HISTORY_POINTS,
  /** Stacked panels of a history figure, one per metric. */
  panels: 6,
  /** Strings anywhere in one payload. */
  strings: 2_000,
  /** Characters in one string (what is shown is cut at sanitize's MAX_TEXT). */
  stringLength: 10_000,
  /** Points along one side of a grid (decision boundary, loss surface; labs use 30–60). */
  gridSide: MAX_GRID_SIDE,
  /** Images in an image grid (dl.figures.imageGrid shows at most 100). */
  images: 100,
  /** Pixels of an image grid's tiled picture, gaps included (100 MNIST digits take 84k). */
  tiledPixels: 100_000,
} as const;
