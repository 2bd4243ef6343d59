/**
 * Reasoning self-checks of lab 04 (overfitting): how much patience early stopping needs to find the
 * lowest point of a validation curve. The predict-then-run and measured-target exercises of the lab
 * use the generic dl.check.prediction and dl.check.target.
 */
import { attempt, NotYet, numbers, run, type CheckOptions, type CheckResult } from "./core";

/**
 * Early stopping as dl.train does it: the best epoch so far (the first one on ties) and the epoch
 * where training stops, the first at which the best is `patience` epochs old (else the last one).
 * Epochs count from 1.
 * @example
 * earlyStop([1, 0.8, 0.9, 0.95], 2); // { stop: 4, best: 2 }
 */
export function earlyStop(valLoss: number[], patience: number): { stop: number; best: number } {
  let best = 1;
  for (let epoch = 1; epoch <= valLoss.length; epoch++) {
    if (valLoss[epoch - 1] < valLoss[best - 1]) best = epoch;
    if (epoch - best >= patience) return { stop: epoch, best };
  }
  return { stop: valLoss.length, best };
}

/**
 * The smallest patience (≥ 1) with which early stopping still reaches the curve's lowest point
 * (its first minimum), by trying patience 1, 2, … (the last epoch always works).
 * @example
 * patienceNeeded([1, 0.8, 0.85, 0.9, 0.7, 0.9]); // 3: the dip after epoch 2 lasts 3 epochs
 */
export function patienceNeeded(valLoss: number[]): number {
  const lowest = valLoss.indexOf(Math.min(...valLoss)) + 1;
  for (let p = 1; p < valLoss.length; p++) if (earlyStop(valLoss, p).best === lowest) return p;
  return Math.max(1, valLoss.length);
}

/** Validation curves the check asks about: plateaus, a late minimum, ties, a minimum at epoch 1. */
const CURVES: number[][] = [
  [1, 0.8, 0.85, 0.9, 0.7, 0.75, 0.8, 0.9, 1.0],
  [0.9, 0.7, 0.8, 0.7, 0.6, 0.65, 0.7],
  [0.5, 0.6, 0.7, 0.8],
  [1, 0.9, 0.8, 0.7, 0.6, 0.5],
  [0.8, 0.6, 0.62, 0.64, 0.66, 0.63, 0.61, 0.59, 0.58, 0.7, 0.9],
  [0.7, 0.65, 0.66, 0.64, 0.66, 0.68, 0.67, 0.69, 0.63, 0.7, 0.75, 0.8, 0.85],
];

/**
 * Check `fn(valLoss)` → the smallest patience with which early stopping (dl.train's rule: stop once
 * the best epoch so far is `patience` epochs old) still finds the lowest point of the whole curve.
 * Tried on curves with plateaus and late minima; the hint says whether the student's patience
 * stops too early or is larger than needed, never the number.
 * @example
 * await dl.check.smallestPatience((v) => v.length);
 */
export async function smallestPatience(
  fn: (valLoss: number[]) => number,
  opts: CheckOptions = {},
): Promise<CheckResult> {
  return run(
    "smallest patience",
    "",
    async () => {
      for (const curve of CURVES) {
        const out = await attempt("your function", () => fn(curve.slice()));
        const got = await numbers("your patience", out);
        if (got.values.length !== 1) throw new NotYet("return one number: the patience, in epochs");
        const p = got.values[0];
        if (!Number.isInteger(p) || p < 1)
          throw new NotYet("a patience is a whole number of epochs, at least 1");
        const lowest = curve.indexOf(Math.min(...curve)) + 1;
        if (p === patienceNeeded(curve)) continue;
        if (earlyStop(curve, p).best !== lowest)
          throw new NotYet(
            "with your patience training stops before the curve's lowest point: a dip can last longer than that",
          );
        if (p > 1 && earlyStop(curve, p - 1).best === lowest)
          throw new NotYet(
            "your patience finds the lowest point, but a smaller one would too: find the smallest",
          );
      }
    },
    opts.print,
  );
}
