/**
 * The perceptron: a step neuron and Rosenblatt's learning algorithm, recording every update so
 * a figure can replay how the boundary moved.
 */
import { validateArrays } from "./data/validate";
import { currentSignal, inKernel, LiveFigure } from "./display";
import { linearBoundaryFigure } from "./figures/decision-boundary";
import type { DecisionBoundaryFigure } from "./payload";
import { rng as makeRng } from "./data/rng";
import { ArgumentError, describeValue } from "./errors";

/** The perceptron's state as a figure: points, the line w₁x₁ + w₂x₂ + b = 0, the current mistake. */
function stateFigure(
  data: { x: number[][]; y: number[]; classes?: string[]; features?: string[] },
  w: number[],
  b: number,
  highlight?: number[],
  status?: string,
  title = "Rosenblatt's perceptron algorithm",
): DecisionBoundaryFigure {
  return linearBoundaryFigure({
    w0: b,
    w,
    data,
    highlight,
    status,
    title,
    // the axes named by the data's features where it has them (x₁, x₂ otherwise)
    xLabel: data.features?.[0],
    yLabel: data.features?.[1],
    resolution: 30,
    caller: "dl.perceptron",
  });
}
/** One correction of Rosenblatt's algorithm: a misclassified point and the weights around it. */
export interface PerceptronUpdate {
  /** Epoch (pass over the data), from 1. */
  epoch: number;
  /** Index of the misclassified sample in the data. */
  index: number;
  point: number[];
  label: number;
  /** The perceptron's wrong output on it. */
  predicted: number;
  before: { w: number[]; b: number };
  after: { w: number[]; b: number };
}

/** What {@link train} returns. */
export interface PerceptronResult {
  w: number[];
  b: number;
  /** True when an epoch went by without a mistake. */
  converged: boolean;
  /** Epochs run. */
  epochs: number;
  /** Every update, in order. */
  updates: PerceptronUpdate[];
  /** Mistakes in the last epoch (0 when converged). */
  mistakes: number;
  /** One sentence on how it ended. */
  message: string;
}

/** Options of {@link train}. */
export interface PerceptronOptions {
  /** Give up after this many epochs. Defaults to 100. */
  maxEpochs?: number;
  /** Learning rate η in w ← w + η (y − ŷ) x. Defaults to 1. */
  lr?: number;
  /** Seed of the order in which points are visited each epoch. Defaults to 0. */
  seed?: number;
  /** Show the boundary in one live figure (≤ 4 updates/s; small data finishes in milliseconds, so watch it step by step with {@link replay}). Defaults to false. */
  live?: boolean;
  /** Starting weights. Defaults to zeros. */
  w?: number[];
  /** Starting bias. Defaults to 0. */
  b?: number;
}

const dot = (w: number[], x: number[]) => w.reduce((s, wi, i) => s + wi * x[i], 0);

/**
 * The step neuron's output for one point (0 or 1), or for each point of a list.
 * @example
 * dl.perceptron.predict([4, 2, 1], -5, [0, 1, 1]); // 0: raining, long grass, easy start → −2
 */
export function predict(w: number[], b: number, x: number[]): number;
export function predict(w: number[], b: number, x: number[][]): number[];
export function predict(w: number[], b: number, x: number[] | number[][]): number | number[] {
  if (Array.isArray(x[0])) return (x as number[][]).map((p) => predict(w, b, p));
  const p = x as number[];
  if (p.length !== w.length) {
    throw new ArgumentError(
      "dl.perceptron.predict",
      "x",
      `${w.length} inputs (one per weight)`,
      `${p.length}`,
    );
  }
  return weightedSum(w, b, p) > 0 ? 1 : 0;
}

/**
 * The weighted sum z = w·x + b before the step.
 * @example
 * dl.perceptron.weightedSum([4, 2, 1], -5, [1, 1, 0]); // 1: clear, long grass, slow start
 */
export function weightedSum(w: number[], b: number, x: number[]): number {
  return dot(w, x) + b;
}

/**
 * Rosenblatt's algorithm: visit points in a seeded order, and on each mistake move the weights
 * towards it (w ← w + η(y − ŷ)x, b ← b + η(y − ŷ)); stop after an epoch without mistakes.
 * @example
 * const r = dl.perceptron.train(dl.data.linear({ seed: 0 }), { maxEpochs: 50 });
 * r.converged; // true, after r.updates.length updates
 */
export function train(data: { x: number[][]; y: number[] }, opts: PerceptronOptions = {}): PerceptronResult {
  const fn = "dl.perceptron.train";
  if (!data || typeof data !== "object")
    throw new ArgumentError(fn, "data", "a dataset { x, y }", describeValue(data), "e.g. dl.data.spam().");
  validateArrays(data.x, data.y, { numClasses: 2, name: fn, xName: "data.x", yName: "data.y" });
  const maxEpochs = opts.maxEpochs ?? 100;
  const lr = opts.lr ?? 1;
  const d = data.x[0].length;
  if (!Number.isInteger(maxEpochs) || maxEpochs < 1)
    throw new ArgumentError(fn, "opts.maxEpochs", "a positive integer", describeValue(maxEpochs));
  if (!(lr > 0 && Number.isFinite(lr)))
    throw new ArgumentError(fn, "opts.lr", "a positive number", describeValue(lr));
  if (opts.w && (!Array.isArray(opts.w) || opts.w.length !== d)) {
    const got = Array.isArray(opts.w) ? `${opts.w.length} weights` : describeValue(opts.w);
    throw new ArgumentError(fn, "opts.w", `${d} weights (one per feature of data.x)`, got);
  }
  let w = opts.w ? opts.w.slice() : new Array<number>(d).fill(0);
  let b = opts.b ?? 0;
  const updates: PerceptronUpdate[] = [];
  const live = opts.live ? new LiveFigure() : undefined;
  const r = makeRng(opts.seed ?? 0);
  let mistakes = 0;
  let epoch = 0;
  while (epoch < maxEpochs) {
    epoch++;
    mistakes = 0;
    for (const i of r.permutation(data.y.length)) {
      const x = data.x[i];
      const yHat = predict(w, b, x);
      const err = data.y[i] - yHat;
      if (err === 0) continue;
      mistakes++;
      const before = { w: w.slice(), b };
      w = w.map((wi, j) => wi + lr * err * x[j]);
      b = b + lr * err;
      updates.push({
        epoch,
        index: i,
        point: x.slice(),
        label: data.y[i],
        predicted: yHat,
        before,
        after: { w: w.slice(), b },
      });
      if (live && live.due())
        live.update(stateFigure(data, w, b, x, `epoch ${epoch} · update ${updates.length}`));
    }
    if (mistakes === 0) break;
  }
  const converged = mistakes === 0;
  const message = converged
    ? `converged after ${epoch} epochs and ${updates.length} updates: every point is on its side of the line`
    : `did not converge in ${maxEpochs} epochs (${mistakes} mistakes in the last one): the classes are not linearly separable, ` +
      `as Minsky & Papert showed for XOR — no single line works; a hidden layer (dl.mlp) can separate them`;
  live?.finish(stateFigure(data, w, b, undefined, message));
  return { w, b, converged, epochs: epoch, updates, mistakes, message };
}

/** Options of {@link replay}. */
export interface ReplayOptions {
  /** Updates shown per second. Defaults to 4 (the live-figure limit). */
  perSecond?: number;
  /** The figure's title. Defaults to "Rosenblatt's perceptron algorithm". */
  title?: string;
}

/**
 * Replay a finished training in one live figure, one update at a time: the misclassified point
 * highlighted and the line before and after it moved. Stops when the cell is interrupted.
 * @example
 * const data = dl.data.spam({ seed: 0 });
 * await dl.perceptron.replay(data, dl.perceptron.train(data));
 */
export async function replay(
  data: { x: number[][]; y: number[]; classes?: string[]; features?: string[] },
  result: PerceptronResult,
  opts: ReplayOptions = {},
): Promise<void> {
  const fig = new LiveFigure();
  const signal = currentSignal();
  const wait = 1000 / (opts.perSecond ?? 4);
  const n = result.updates.length;
  for (let k = 0; k < n && !signal.aborted; k++) {
    const u = result.updates[k];
    const frame = stateFigure(
      data,
      u.after.w,
      u.after.b,
      u.point,
      `update ${k + 1}/${n} · epoch ${u.epoch} · point ${u.index} was labelled ${u.label}, predicted ${u.predicted}`,
      opts.title,
    );
    frame.lines = [
      ...(frame.lines ?? []),
      { ...stateFigure(data, u.before.w, u.before.b).lines![0], name: "before this update" },
    ];
    fig.update(frame);
    // outside a kernel nobody watches: do not make a script or a test wait
    if (inKernel()) await new Promise((r) => setTimeout(r, wait));
  }
  fig.finish(stateFigure(data, result.w, result.b, undefined, result.message, opts.title));
}
