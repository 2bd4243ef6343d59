/**
 * `dl.plot`: functions that build a figure payload AND display it (a rendered figure in the
 * kernel, its one-line summary in a terminal). The payloads come from the pure builders in figures/.
 */
import * as tf from "@tensorflow/tfjs";
import * as A from "./activations";
import { show } from "./display";
import { activationFigure } from "./figures/activation";
import { confusionFigure, confusionMatrix } from "./figures/confusion";
import { curveFitFigure } from "./figures/curve-fit";
import { decisionBoundaryFigure, linearBoundary, linearEquation } from "./figures/decision-boundary";
import { historyFigure, type HistoryCurve } from "./figures/history";
import { Figure } from "./figures/handle";
import { imageGridFigure } from "./figures/image-grid";
import { plotlyFigure } from "./figures/plotly";
import { scatterFigure, type ScatterSeries } from "./figures/scatter";
import type { FigurePayload, Series } from "./payload";
import { evaluateGrid, rangeOf, type Classifier } from "./train/boundary";

/** Numbers from an array, typed array or tensor (tensors read with `await data()`, which works on every backend). */
async function numbers(v: unknown): Promise<number[]> {
  if (v instanceof tf.Tensor) return Array.from(await v.data());
  return Array.from(v as ArrayLike<number>);
}

/** Rows of 2-D points from nested arrays or a [n, 2] tensor. */
async function points2(x: unknown, arg: string): Promise<{ x: number[]; y: number[] }> {
  const rows = x instanceof tf.Tensor ? ((await x.array()) as number[][]) : (x as number[][]);
  if (!Array.isArray(rows) || rows.some((r) => !Array.isArray(r) || r.length !== 2)) {
    throw new Error(
      `dl.plot: argument "${arg}": expected 2-D points (n × 2), got ${Array.isArray(rows) ? `rows of length ${rows.find((r) => !Array.isArray(r) || r.length !== 2)?.length}` : typeof rows}`,
    );
  }
  return { x: rows.map((r) => r[0]), y: rows.map((r) => r[1]) };
}

/**
 * Show a training history: what `dl.train` returned, a tf.History from `fit`, or `{ loss: [...] }`.
 * @example
 * dl.plot.history({ loss: [0.9, 0.5, 0.3], val_loss: [1, 0.7, 0.6] });
 */
export function history(
  h: { figure: FigurePayload } | { history: Record<string, number[]> } | Record<string, number[]>,
): Figure {
  if ("figure" in h && (h as { figure: FigurePayload }).figure?.kind)
    return done((h as { figure: FigurePayload }).figure);
  const logs = ("history" in h && !Array.isArray(h.history) ? h.history : h) as Record<string, number[]>;
  const curves: HistoryCurve[] = Object.entries(logs).map(([k, v]) => {
    const val = k.startsWith("val_");
    return {
      metric: val ? k.slice(4) : k,
      split: val ? "validation" : "train",
      x: v.map((_, i) => i + 1),
      y: v.map(Number),
    };
  });
  return done(historyFigure(curves, { final: true }));
}

/** Show the payload and hand back its one-line handle (a cell's last value prints as that line). */
function done<T extends FigurePayload>(fig: T): Figure<T> {
  show(fig);
  return new Figure(fig);
}

/** Options of {@link decisionBoundary}. */
export interface DecisionBoundaryOptions {
  /** Title. Defaults to "decision boundary". */
  title?: string;
  /** Grid cells per axis. Defaults to 60. */
  resolution?: number;
}

/**
 * Show a classifier's decision over the plane around 2-D data (model evaluated on a grid in tf.tidy).
 * @example
 * const data = dl.data.xor({ seed: 0 });
 * await dl.plot.decisionBoundary((x1, x2) => (x1 * x2 > 0 ? 1 : 0), data);
 */
export async function decisionBoundary(
  model: Classifier,
  data: { x: unknown; y: unknown; classes?: string[] },
  opts: DecisionBoundaryOptions = {},
): Promise<Figure> {
  const pts = await points2(data.x, "data.x");
  const label = await numbers(data.y);
  const { grid, meaning } = await evaluateGrid(model, pts, opts.resolution);
  return done(
    decisionBoundaryFigure({
      title: opts.title,
      points: { ...pts, label },
      grid,
      gridMeaning: meaning,
      classes: data.classes,
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
  w0: number,
  w: [number, number] | number[],
  data?: { x: number[][]; y: number[] },
  opts: { range?: [number, number]; title?: string } = {},
): Figure {
  if (w.length !== 2)
    throw new Error(`dl.plot.line: argument "w": expected 2 weights [w₁, w₂], got ${w.length}`);
  const xr = data ? rangeOf(data.x.map((p) => p[0])) : (opts.range ?? [-3, 3]);
  const yr = data ? rangeOf(data.x.map((p) => p[1])) : (opts.range ?? [-3, 3]);
  const n = 40;
  const gx = Array.from({ length: n }, (_, i) => xr[0] + ((xr[1] - xr[0]) * i) / (n - 1));
  const gy = Array.from({ length: n }, (_, i) => yr[0] + ((yr[1] - yr[0]) * i) / (n - 1));
  const name = linearEquation(w0, w);
  return done(
    decisionBoundaryFigure({
      title: opts.title ?? name,
      points: data
        ? { x: data.x.map((p) => p[0]), y: data.x.map((p) => p[1]), label: data.y }
        : { x: [], y: [], label: [] },
      grid: { x: gx, y: gy, z: gy.map((b) => gx.map((a) => w0 + w[0] * a + w[1] * b)) },
      gridMeaning: "score",
      lines: [linearBoundary(w0, w, xr, yr, name)],
      final: true,
    }),
  );
}

/** A fitted curve: sampled points, or a function of x evaluated over the data's range. */
export type FitSpec = Series | { name: string; f: (x: number) => number };

/**
 * Show noisy samples with fitted curves (and the true function, and validation points).
 * @example
 * const d = dl.data.sine({ n: 10, seed: 0 });
 * dl.plot.curveFit(d, [{ name: "line", f: (x) => 0.5 - x }], { truth: { name: "sin", f: (x) => Math.sin(2 * Math.PI * x) } });
 */
export function curveFit(
  data: { x: number[]; y: number[] },
  fits: FitSpec[],
  opts: { truth?: FitSpec; validation?: { x: number[]; y: number[] }; title?: string } = {},
): Figure {
  const xs = [...data.x, ...(opts.validation?.x ?? [])];
  const [lo, hi] = [Math.min(...xs), Math.max(...xs)];
  const grid = Array.from({ length: 200 }, (_, i) => lo + ((hi - lo) * i) / 199);
  const sample = (s: FitSpec): Series => ("f" in s ? { name: s.name, x: grid, y: grid.map(s.f) } : s);
  return done(
    curveFitFigure({
      title: opts.title,
      points: data,
      validation: opts.validation,
      truth: opts.truth && sample(opts.truth),
      fits: fits.map(sample),
    }),
  );
}

/**
 * Show one or more series as points or lines; `{x, y}` alone is one series of points.
 * @example
 * dl.plot.scatter([{ name: "loss", x: [1, 2, 3], y: [3, 2, 1], mode: "lines" }]);
 */
export function scatter(
  series: ScatterSeries[] | { x: number[]; y: number[] },
  opts: { title?: string; xLabel?: string; yLabel?: string } = {},
): Figure {
  const list = Array.isArray(series) ? series : [{ name: "points", mode: "markers" as const, ...series }];
  return done(scatterFigure(list, { ...opts, final: true }));
}

/**
 * Show activation functions and their derivatives: σ′ = σ(1−σ), tanh′ = 1−tanh², ReLU′ = [z>0].
 * @example
 * dl.plot.activations(["sigmoid", "relu"]);
 */
export function activations(
  names: Array<"sigmoid" | "tanh" | "relu" | "step" | "linear"> = ["sigmoid", "tanh", "relu"],
  opts: { derivatives?: boolean; range?: [number, number] } = {},
): Figure {
  const [lo, hi] = opts.range ?? [-5, 5];
  const z = Array.from({ length: 401 }, (_, i) => lo + ((hi - lo) * i) / 400);
  const curves = names.flatMap((n) => {
    const pair = A.byName[n];
    if (!pair)
      throw new Error(
        `dl.plot.activations: expected names among ${Object.keys(A.byName).join(", ")}, got "${n}"`,
      );
    const f = { name: n, y: z.map(pair.f) };
    return opts.derivatives === false ? [f] : [f, { name: `${n}′`, y: z.map(pair.df), derivative: true }];
  });
  return done(activationFigure(z, curves, { final: true }));
}

/**
 * Show the confusion matrix of a classifier on (x, y): rows are true classes, columns predictions.
 * @example
 * await dl.plot.confusion(model, xTest, yTest, ["0", "1", "2"]);
 */
export async function confusion(
  model: tf.LayersModel,
  x: unknown,
  y: unknown,
  labels?: string[],
): Promise<Figure> {
  // one-hot rows → class indices
  const yIdx = y instanceof tf.Tensor && y.rank === 2 && y.shape[1]! > 1 ? tf.argMax(y, -1) : undefined;
  const truth = await numbers(yIdx ?? y);
  yIdx?.dispose();
  const pred = tf.tidy(() => {
    const p = model.predict(x instanceof tf.Tensor ? x : tf.tensor(x as number[][])) as tf.Tensor;
    return p.shape[p.shape.length - 1] === 1 ? tf.reshape(tf.greater(p, 0.5), [-1]) : tf.argMax(p, -1);
  });
  const predicted = await numbers(pred);
  pred.dispose();
  const out = model.outputs[0].shape;
  const k = labels?.length ?? Math.max(2, out[out.length - 1] ?? 2);
  return done(confusionFigure(confusionMatrix(truth, predicted, k), labels));
}

/**
 * Show a grid of grayscale images, e.g. `dl.plot.images(dl.data.mnist({ train: 20, test: 0 }).train)`.
 * @example
 * dl.plot.images({ x: new Float32Array(4 * 784), y: new Int32Array(4), shape: [28, 28] });
 */
export function images(
  set: { x: ArrayLike<number>; y?: ArrayLike<number>; shape: number[]; classes?: string[] },
  opts: { count?: number; columns?: number; captions?: string[] } = {},
): Figure {
  const [h, w] = set.shape;
  const size = w * h;
  const n = Math.min(opts.count ?? 20, Math.floor(set.x.length / size));
  const imgs = Array.from({ length: n }, (_, i) => {
    const caption = opts.captions?.[i] ?? (set.y ? (set.classes?.[set.y[i]] ?? String(set.y[i])) : undefined);
    return { pixels: Array.from({ length: size }, (_, j) => set.x[i * size + j]), caption };
  });
  return done(imageGridFigure(imgs, w, h, { columns: opts.columns }));
}

/**
 * Show a raw plotly figure (data only: no scripts, no HTML).
 * @example
 * dl.plot.raw([{ type: "bar", x: ["a", "b"], y: [1, 2] }], { title: { text: "bars" } });
 */
export function raw(data: Array<Record<string, unknown>>, layout?: Record<string, unknown>): Figure {
  return done(plotlyFigure(data, layout));
}

// loss surfaces and optimizer races are built with the lessons (src/race.ts, owner package-lessons)
import { plotRace, plotSurface } from "./race";

export { Figure };

/**
 * Every plot function in one namespace; each returns a {@link Figure} handle: `dl.plot.history(h)`, `dl.plot.decisionBoundary(model, data)`, …
 * @example
 * dl.plot.activations();
 */
export const plot = {
  history,
  decisionBoundary,
  line,
  curveFit,
  scatter,
  activations,
  confusion,
  images,
  raw,
  surface: (...a: Parameters<typeof plotSurface>) => new Figure(plotSurface(...a)),
  race: (r: Parameters<typeof plotRace>[0]) => new Figure(plotRace(r)),
};
