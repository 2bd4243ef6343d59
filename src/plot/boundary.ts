/** Decision boundaries: a classifier's output over the plane (`dl.plot.decisionBoundary`), a line (`dl.plot.line`). */
import { decisionBoundaryFigure, linearBoundaryFigure } from "../figures/decision-boundary";
import type { DecisionBoundaryFigure } from "../payload";
import { draw, numbers, points2, type PlotTarget } from "./draw";
import type { Figure } from "./figure";
import { evaluateGrid, TRAIN_GRID_SIZE, type Classifier } from "./grid";

/** Options of {@link decisionBoundary}. */
export interface DecisionBoundaryOptions {
  /** Title. Defaults to "decision boundary". */
  title?: string;
  /** Grid cells per axis. Defaults to 60. */
  resolution?: number;
  /** A line under the title, e.g. "step 25" in a live plot. Defaults to none. */
  status?: string;
  /** Points to ring, e.g. `[[4, 5]]` for the student asked about. Defaults to none. */
  highlight?: number[][];
  /** How to read the classifier's values when it is a function: "probability" or "score" (a sign). Defaults to "probability". */
  meaning?: "probability" | "score";
  /** Axis titles. Default to "x₁" and "x₂". */
  xLabel?: string;
  yLabel?: string;
}

/**
 * Show a classifier's decision over the plane around 2-D data: a tf.LayersModel (evaluated on a grid
 * in one tf.tidy batch), anything with `predict(x)`, or a function f(x₁, x₂).
 * @example
 * const data = dl.data.xor({ seed: 0 });
 * await dl.plot.decisionBoundary((x1, x2) => (x1 * x2 > 0 ? 1 : 0), data);
 */
export async function decisionBoundary(
  this: PlotTarget,
  model: Classifier,
  data: { x: unknown; y: unknown; classes?: string[] },
  opts: DecisionBoundaryOptions = {},
): Promise<Figure<DecisionBoundaryFigure>> {
  const fn = "dl.plot.decisionBoundary";
  const pts = await points2(fn, "data.x", data?.x);
  const label = await numbers(data.y);
  const { grid, meaning } = await evaluateGrid(model, pts, opts.resolution, fn);
  const ring = opts.highlight && (await points2(fn, "opts.highlight", opts.highlight));
  return draw(
    this,
    decisionBoundaryFigure({
      title: opts.title,
      points: { ...pts, label },
      grid,
      gridMeaning: typeof model === "function" ? (opts.meaning ?? meaning) : meaning,
      classes: data.classes,
      highlight: ring,
      status: opts.status,
      xLabel: opts.xLabel,
      yLabel: opts.yLabel,
      final: true,
    }),
  );
}

/**
 * Show the line w₀ + w₁x₁ + w₂x₂ = 0 over the plane with both sides coloured (and data, if given).
 * @example
 * dl.plot.line(1, [3, -2]); // the lecture's 1 + 3x₁ − 2x₂ = 0
 */
export function line(
  this: PlotTarget,
  w0: number,
  w: [number, number] | number[],
  data?: { x: number[][]; y: number[]; classes?: string[] },
  opts: { range?: [number, number]; title?: string; highlight?: number[]; status?: string } = {},
): Figure<DecisionBoundaryFigure> {
  return draw(this, linearBoundaryFigure({ w0, w, data, ...opts, final: true, caller: "dl.plot.line" }));
}

/**
 * The decision-boundary frame of a training run: a 2-input model's output over its training points, now.
 * @example
 * await boundaryFrame(model, { x: [0, 1], y: [1, 0], label: [0, 1] }, "epoch 1/10", "xor", 40);
 */
export async function boundaryFrame(
  model: Classifier,
  points: { x: number[]; y: number[]; label: number[] },
  status: string,
  title?: string,
  resolution?: number,
): Promise<DecisionBoundaryFigure> {
  const { grid, meaning } = await evaluateGrid(model, points, resolution ?? TRAIN_GRID_SIZE, "dl.train");
  return decisionBoundaryFigure({
    title: title ?? "decision boundary while training",
    points,
    grid,
    gridMeaning: meaning,
    status,
  });
}
