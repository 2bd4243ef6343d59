/**
 * The dlab figure payload: what a figure shows, not how it is drawn.
 *
 * This is the one contract between the helper package (which builds payloads) and the
 * JupyterLab extension (which turns them into plotly figures). It travels as the MIME type
 * {@link FIGURE_MIME}; bump `v1` only on a breaking change.
 *
 * What depends on it, so a change here is a change there too:
 * - `src/figures/*` build the payloads (one file per kind) that `src/display.ts` sends;
 * - `extension/src/figure.ts` and its per-kind builders and validation (`extension/src/kinds/`)
 *   turn them into plotly figures; the extension compiles against `dlab/dist/payload`;
 * - the `dlab` command's handout and image export (`src/cli/handout/`) finds payloads by
 *   {@link FIGURE_MIME} and draws them with that same `extension/src/figure.ts`, bundled by path at
 *   run time (`EXTENSION_FIGURE_ENTRY` in `src/cli/handout/figure-renderer.ts`).
 *
 * @example
 * import { FIGURE_MIME, FigurePayload } from "dlab";
 * const fig: FigurePayload = { kind: "scatter", title: "two points",
 *   series: [{ name: "a", x: [0, 1], y: [1, 0] }] };
 * display({ [FIGURE_MIME]: fig, "text/plain": "scatter: two points" });
 */

/** The MIME type of every dlab figure. */
export const FIGURE_MIME = "application/vnd.dlab.figure.v1+json";

/** Every figure kind the helper package emits. */
export type FigureKind = FigurePayload["kind"];

/** Fields every figure may carry. */
export interface FigureCommon {
  /** Title above the figure. Plain text: never interpreted as HTML. */
  title?: string;
  /** Label of the x axis (plain text). */
  xLabel?: string;
  /** Label of the y axis (plain text). */
  yLabel?: string;
  /** One line under the figure while it updates, e.g. "epoch 3/20 · 1,200 samples/s". */
  status?: string;
  /** True once the figure will not change any more (the last update of a live figure). */
  final?: boolean;
}

/** A named line or set of points. */
export interface Series {
  /** Legend entry (plain text). */
  name: string;
  x: number[];
  y: number[];
}

/** A vertical marker on an x position, e.g. the best epoch or the early-stopping point. */
export interface Marker {
  x: number;
  /** Short label shown at the marker (plain text). */
  label: string;
  /** What it marks (sets its colour): "best" epoch, early "stop", "diverged". Absent: a neutral marker. */
  kind?: "best" | "stop" | "diverged";
}

/** One curve of a {@link HistoryFigure}. */
export interface HistorySeries extends Series {
  /** The quantity, e.g. "loss", "acc". Series with the same metric share an axis panel. */
  metric: string;
  /** Which data the value was measured on. */
  split: "train" | "validation" | "test";
  /**
   * "epoch": one value per epoch (the main lines); "batch": per batch or group of batches (a faint
   * trace behind them, smoothed on request). Absent: drawn as a main line (payloads before v1.1).
   */
  step?: "epoch" | "batch";
  /** The run it belongs to, when the figure compares runs (a name); absent: the one run shown. */
  run?: string;
}

/** A regular grid of values z[row][col] at y[row], x[col]. */
export interface Grid {
  x: number[];
  y: number[];
  z: number[][];
}

/** Loss and metrics over epochs or steps, train vs validation. */
export interface HistoryFigure extends FigureCommon {
  kind: "history";
  /** One series per metric, split, step and run. */
  series: HistorySeries[];
  /** Marked x positions: best epoch, early stop, divergence. */
  markers?: Marker[];
  /** Draw the loss axes on a log scale (the panels of metrics named "…loss"; all panels when none is). */
  logY?: boolean;
  /**
   * Exponential-moving-average weight for the batch traces, 0 ≤ smoothing < 1 (TensorBoard's
   * slider): drawn over the faint raw trace. Epoch values are never smoothed. Absent: 0 (off).
   */
  smoothing?: number;
  /** Names of earlier runs of the same cell among the series' `run`s: drawn faint, can be hidden. */
  ghosts?: string[];
}

/** Labelled 2-D points over a classifier's output, optionally with a linear boundary. */
export interface DecisionBoundaryFigure extends FigureCommon {
  kind: "decision-boundary";
  /** The model's output over the plane: a probability or score per grid point (class 1 vs 0), or a class index. */
  grid?: Grid;
  /** How to read grid values: "probability" (0..1), "score" (sign decides) or "class" (integer). */
  gridMeaning?: "probability" | "score" | "class";
  /** The data points; label is the class index of each. */
  points: { x: number[]; y: number[]; label: number[] };
  /** Names of the classes, indexed by label. */
  classes?: string[];
  /** Straight decision lines, e.g. a perceptron's w₀ + w₁x₁ + w₂x₂ = 0, clipped to the plot. */
  lines?: Series[];
  /** Points to highlight (e.g. the misclassified point of the current perceptron update). */
  highlight?: { x: number[]; y: number[] };
}

/** A 2-D loss surface as contours, with optimizer trajectories over it. */
export interface SurfaceFigure extends FigureCommon {
  kind: "surface";
  grid: Grid;
  /** One path per optimizer; the last point is where it stands now. */
  trajectories: Series[];
  /** Known minima (or saddle points) to mark. */
  minima?: Array<{ x: number; y: number; label?: string }>;
  /** Draw contour levels on a log scale of the loss. */
  logZ?: boolean;
}

/** Noisy samples, the true function, and one or more fitted curves. */
export interface CurveFitFigure extends FigureCommon {
  kind: "curve-fit";
  /** Training points. */
  points: { x: number[]; y: number[] };
  /** Held-out points, drawn in a second colour. */
  validation?: { x: number[]; y: number[] };
  /** The function the data came from, if known. */
  truth?: Series;
  /** Fitted curves (e.g. one per polynomial degree). */
  fits: Series[];
}

/** Free scatter or line plot of one or more series. */
export interface ScatterFigure extends FigureCommon {
  kind: "scatter";
  series: Array<Series & { mode?: "markers" | "lines" | "lines+markers" }>;
}

/** Activation functions and, optionally, their derivatives. */
export interface ActivationFigure extends FigureCommon {
  kind: "activation";
  x: number[];
  curves: Array<{ name: string; y: number[]; derivative?: boolean }>;
}

/** A confusion matrix: matrix[trueClass][predictedClass] = count. */
export interface ConfusionFigure extends FigureCommon {
  kind: "confusion";
  labels: string[];
  matrix: number[][];
}

/** A grid of small grayscale images (e.g. MNIST digits), with captions. */
export interface ImageGridFigure extends FigureCommon {
  kind: "image-grid";
  /** Pixel width and height of every image. */
  width: number;
  height: number;
  /** Images as row-major grayscale intensities in [0, 1], width × height values each. */
  images: Array<{ pixels: number[]; caption?: string }>;
  /** Images per row. Defaults to 10. */
  columns?: number;
}

/** A raw plotly figure, for what the other kinds do not cover. Data only: no scripts, no HTML. */
export interface PlotlyFigure extends FigureCommon {
  kind: "plotly";
  data: Array<Record<string, unknown>>;
  layout?: Record<string, unknown>;
}

/** Any dlab figure. */
export type FigurePayload =
  | HistoryFigure
  | DecisionBoundaryFigure
  | SurfaceFigure
  | CurveFitFigure
  | ScatterFigure
  | ActivationFigure
  | ConfusionFigure
  | ImageGridFigure
  | PlotlyFigure;

/** Every figure kind, in a fixed order (for validation and tests). */
export const FIGURE_KINDS: readonly FigureKind[] = [
  "history",
  "decision-boundary",
  "surface",
  "curve-fit",
  "scatter",
  "activation",
  "confusion",
  "image-grid",
  "plotly",
];

/**
 * Most points along one side of a figure's grid (decision boundary, loss surface): the extension
 * refuses larger grids (they would hold the page for more than 100 ms per update), so dl's figure
 * builders accept resolutions up to this.
 */
export const MAX_GRID_SIDE = 64;

/**
 * Most points one figure draws as markers, over all its traces: decision-boundary points,
 * curve-fit samples, scatter series in a markers mode, raw plotly markers and bars. Each is an SVG
 * element of its own, so markers are what makes an update slow (about 40 µs each on a 2-core
 * machine, against about 2 µs per point of a line); dl's figure builders thin marker traces to
 * share this, the extension refuses more, and dotted paths (optimizer trajectories) show every
 * k-th dot beyond it. The labs draw at most 400.
 */
export const MAX_FIGURE_MARKERS = 500;

/**
 * Most series of one history figure: the run shown (epoch and batch curves per metric) plus its
 * earlier runs or the runs it compares (epoch curves only).
 */
export const MAX_HISTORY_SERIES = 32;

/**
 * Most points of one history figure over all its series (each line point costs about 2 µs an
 * update, a batch trace twice: drawn faint and smoothed): dl.figures shares it among the series in
 * proportion to their lengths. 8,000 keeps an update at the caps within 100 ms of CPU in Chromium on a
 * loaded 2-core machine (12,000 took 90 ms idle, 114 ms at load 6.5); still more points per curve than
 * a figure has pixels across.
 */
export const MAX_HISTORY_POINTS = 8_000;

/** Earlier runs of a cell a history figure keeps as ghost curves. */
export const MAX_GHOST_RUNS = 3;

/**
 * Whether a raw plotly trace draws one element per point (markers, text, bars), i.e. counts
 * towards {@link MAX_FIGURE_MARKERS}. A scatter trace without a mode counts: plotly picks markers
 * for short ones.
 */
export function drawsPerPoint(trace: { type?: unknown; mode?: unknown }): boolean {
  const type = trace.type ?? "scatter";
  if (type === "bar" || type === "waterfall" || type === "funnel") return true;
  if (type !== "scatter" && type !== "scatterpolar") return false;
  return typeof trace.mode !== "string" || /markers|text/.test(trace.mode);
}
