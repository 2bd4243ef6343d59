/** Pictures of data and results: grayscale image grids (`dl.plot.images`), confusion matrices (`dl.plot.confusion`). */
import * as tf from "@tensorflow/tfjs";
import { ArgumentError, describeValue } from "../errors";
import { confusionFigure, confusionMatrix } from "../figures/confusion";
import { imageGridFigure } from "../figures/image-grid";
import type { ConfusionFigure, ImageGridFigure } from "../payload";
import { draw, numbers, type PlotTarget } from "./draw";
import type { Figure } from "./figure";

/**
 * Show the confusion matrix of a classifier on (x, y): rows are true classes, columns predictions.
 * @example
 * await dl.plot.confusion(model, xTest, yTest, ["0", "1", "2"]);
 */
export async function confusion(
  this: PlotTarget,
  model: tf.LayersModel,
  x: unknown,
  y: unknown,
  labels?: string[],
): Promise<Figure<ConfusionFigure>> {
  if (typeof (model as { predict?: unknown })?.predict !== "function")
    throw new ArgumentError("dl.plot.confusion", "model", "a tf.LayersModel", describeValue(model));
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
  return draw(this, confusionFigure(confusionMatrix(truth, predicted, k), labels));
}

/**
 * Show a grid of grayscale images, e.g. `dl.plot.images(dl.data.mnist({ train: 20, test: 0 }).train)`.
 * @example
 * dl.plot.images({ x: new Float32Array(4 * 784), y: new Int32Array(4), shape: [28, 28] });
 */
export function images(
  this: PlotTarget,
  set: { x: ArrayLike<number>; y?: ArrayLike<number>; shape: number[]; classes?: string[] },
  opts: { count?: number; columns?: number; captions?: string[]; title?: string } = {},
): Figure<ImageGridFigure> {
  if (!set || !Array.isArray(set.shape) || set.shape.length < 2)
    throw new ArgumentError(
      "dl.plot.images",
      "set",
      "{ x, shape: [height, width] } (e.g. a dl.data.mnist split)",
      describeValue(set),
    );
  const [h, w] = set.shape;
  const size = w * h;
  const n = Math.min(opts.count ?? 20, Math.floor(set.x.length / size));
  const imgs = Array.from({ length: n }, (_, i) => {
    const caption = opts.captions?.[i] ?? (set.y ? (set.classes?.[set.y[i]] ?? String(set.y[i])) : undefined);
    return { pixels: Array.from({ length: size }, (_, j) => set.x[i * size + j]), caption };
  });
  return draw(this, imageGridFigure(imgs, w, h, { columns: opts.columns, title: opts.title }));
}
