/** Test helper: run a call that must fail with an ArgumentError and return the error for its fields. */
import { expect } from "vitest";
import { ArgumentError } from "../../src/errors";

/**
 * The ArgumentError `f` throws (or rejects with); fails the test if it throws anything else or nothing.
 * @example
 * expect(argumentError(() => dl.mlp({ inputs: 0, layers: [] })).argument).toBe("opts.inputs");
 */
export function argumentError(f: () => unknown): ArgumentError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ArgumentError);
    return e as ArgumentError;
  }
  throw new Error("expected an ArgumentError, nothing was thrown");
}
