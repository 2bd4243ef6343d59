/** Pure builder for `confusion` figures: matrix[trueClass][predictedClass] = count. */
import type { ConfusionFigure } from "../payload";
import { assertFinite } from "./common";
import { ArgumentError } from "../errors";

/**
 * Count a confusion matrix from true and predicted class indices.
 * @example
 * confusionMatrix([0, 1, 1], [0, 1, 0], 2); // [[1, 0], [1, 1]]
 */
export function confusionMatrix(
  truth: ArrayLike<number>,
  predicted: ArrayLike<number>,
  numClasses: number,
): number[][] {
  const fn = "dl.figures.confusionMatrix";
  if (truth.length !== predicted.length) {
    const want = `the same length as truth (${truth.length})`;
    throw new ArgumentError(fn, "predicted", want, `${predicted.length} values`);
  }
  const m = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  for (let i = 0; i < truth.length; i++) {
    const t = truth[i];
    const p = predicted[i];
    for (const [name, v] of [
      ["truth", t],
      ["predicted", p],
    ] as const) {
      if (!Number.isInteger(v) || v < 0 || v >= numClasses) {
        const want = `integer class indices in [0, ${numClasses})`;
        throw new ArgumentError(fn, name, want, `${v} at index ${i}`);
      }
    }
    m[t][p]++;
  }
  return m;
}

/**
 * Build a confusion payload from a square count matrix.
 * @example
 * confusionFigure([[5, 1], [0, 4]], ["cat", "dog"]);
 */
export function confusionFigure(
  matrix: number[][],
  labels?: string[],
  opts: { title?: string } = {},
): ConfusionFigure {
  const fn = "dl.figures.confusionFigure";
  const k = matrix.length;
  matrix.forEach((row, r) => {
    if (row.length !== k)
      throw new ArgumentError(fn, `matrix[${r}]`, `${k} counts (a square matrix)`, `${row.length}`);
    assertFinite(`matrix[${r}]`, row);
  });
  const names = labels ?? Array.from({ length: k }, (_, i) => String(i));
  if (names.length !== k)
    throw new ArgumentError(fn, "labels", `${k} names (one per class)`, `${names.length}`);
  return {
    kind: "confusion",
    title: opts.title ?? "confusion matrix",
    xLabel: "predicted",
    yLabel: "true",
    labels: names.slice(),
    matrix: matrix.map((r) => r.slice()),
    final: true,
  };
}

/**
 * One-line summary: accuracy and the most frequent confusion.
 * @example
 * confusionSummary(confusionFigure([[5, 1], [0, 4]])); // "confusion: 10 samples, accuracy 90%, most confused: 0 → 1 (1)"
 */
export function confusionSummary(fig: ConfusionFigure): string {
  let total = 0;
  let correct = 0;
  let worst: [number, number, number] = [-1, -1, 0];
  fig.matrix.forEach((row, t) =>
    row.forEach((c, p) => {
      total += c;
      if (t === p) correct += c;
      else if (c > worst[2]) worst = [t, p, c];
    }),
  );
  const acc = total ? `${((100 * correct) / total).toFixed(1).replace(/\.0$/, "")}%` : "n/a";
  const conf =
    worst[0] >= 0 ? `, most confused: ${fig.labels[worst[0]]} → ${fig.labels[worst[1]]} (${worst[2]})` : "";
  return `confusion: ${total} samples, accuracy ${acc}${conf}`;
}
