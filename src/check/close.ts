/**
 * The generic self-check: any value a student computed against a reference, with tolerance.
 */
import * as tf from "@tensorflow/tfjs";
import { attempt, compare, numbers, run, type CheckResult, type Tolerance } from "./core";

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
 * await dl.check.close("z for x = (1, 1)", () => 1 + 3 * 1 - 2 * 1, () => 2, { hint: "z = w₀ + w₁x₁ + w₂x₂" });
 */
export async function close(
  name: string,
  got: unknown,
  expected: unknown,
  opts: CloseOptions = {},
): Promise<CheckResult> {
  return run(
    name,
    opts.hint ?? "not the expected value yet: re-read the exercise's formula",
    async () => {
      const value = await attempt("your code", () =>
        typeof got === "function" ? (got as () => unknown)() : got,
      );
      const g = await numbers("your value", value);
      // a tensor we got by calling the student's function is ours to free; one they passed stays theirs
      if (typeof got === "function" && value instanceof tf.Tensor) value.dispose();
      const ref = typeof expected === "function" ? await (expected as () => unknown)() : expected;
      const e = await numbers("the reference", ref);
      if (typeof expected === "function" && ref instanceof tf.Tensor) ref.dispose();
      compare("your value", g, e, opts);
    },
    opts.print,
  );
}
