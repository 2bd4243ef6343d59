/**
 * Self-checks for exercises: each prints "✔ name: right" or "✘ name: not yet — hint" and returns
 * the same as an object. They compare with tolerance, accept numbers, arrays or tensors, turn a
 * stub that throws or returns nothing into a hint, and never print the expected answer.
 */
import * as tf from "@tensorflow/tfjs";
import { attemptSync, numbersSync, compare, runSync, type CheckResult, type Tolerance } from "./check/core";

export type { CheckResult } from "./check/core";
export type { CheckOptions } from "./check/neurons";
export { perceptronUpdate, gate, decisionLine, sigmoidViaTanh, sigmoidPrime, cost } from "./check/neurons";
export { backward } from "./check/backward";
export { optimizerStep } from "./check/optimizer-step";
export type { StepStates, StepHypers, StudentStep } from "./check/optimizer-step";
export { penalty, split } from "./check/regularization";
// the labs' extra checks (src/check-lab.ts, also dl.checkLab) belong in the same namespace: dl.check.softmax, …
export * from "./check-lab";

/** Options of {@link close}. */
export interface CloseOptions extends Tolerance {
  /** What to say when the value is not right yet (never the answer). Defaults to a generic hint. */
  hint?: string;
  /** Print the line. Defaults to true. */
  print?: boolean;
}

/**
 * Compare a student's value (number, array, tensor, or a function computing it) with a reference
 * value or a function computing it; prints right / not yet with your hint, never the reference.
 * @example
 * dl.check.close("z for x = (1, 1)", () => 1 + 3 * 1 - 2 * 1, () => 2, { hint: "z = w₀ + w₁x₁ + w₂x₂" });
 */
export function close(name: string, got: unknown, expected: unknown, opts: CloseOptions = {}): CheckResult {
  return runSync(
    name,
    opts.hint ?? "not the expected value yet: re-read the exercise's formula",
    () => {
      const value = attemptSync("your code", () =>
        typeof got === "function" ? (got as () => unknown)() : got,
      );
      const g = numbersSync("your value", value);
      // a tensor we got by calling the student's function is ours to free; one they passed stays theirs
      if (typeof got === "function" && value instanceof tf.Tensor) value.dispose();
      const ref = typeof expected === "function" ? (expected as () => unknown)() : expected;
      const e = numbersSync("the reference", ref);
      if (typeof expected === "function" && ref instanceof tf.Tensor) ref.dispose();
      compare("your value", g, e, opts);
    },
    opts.print,
  );
}
