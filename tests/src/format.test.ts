// One way to write numbers and the divergence advice, and the one ArgumentError.
import { describe, expect, it } from "vitest";
import { ArgumentError, describeValue } from "../../src/errors";
import { DataError } from "../../src/data/errors";
import { divergenceAdvice, fmt } from "../../src/format";

describe("fmt", () => {
  it("writes significant digits, exponent form only when very large or small", () => {
    expect(fmt(0.123456)).toBe("0.123");
    expect(fmt(178.4)).toBe("178");
    expect(fmt(7.92e9)).toBe("7.92e+9");
    expect(fmt(0.00042)).toBe("4.20e-4");
    expect(fmt(0)).toBe("0");
    expect(fmt(NaN)).toBe("NaN");
    expect(fmt(-Infinity)).toBe("-Infinity");
    expect(fmt(2.3333, 4)).toBe("2.333");
    expect(fmt(12345, 4)).toBe("12350");
    expect(fmt(123456, 4)).toBe("1.235e+5");
  });
});

describe("divergenceAdvice", () => {
  it("says what, where and what to try, with the next learning rate when known", () => {
    expect(divergenceAdvice("the loss became NaN", "at step 3")).toBe(
      "the loss became NaN at step 3: the learning rate is probably too large; try one 10× lower",
    );
    expect(divergenceAdvice("the loss went from 1 to 1e+9", "", 0.5)).toBe(
      "the loss went from 1 to 1e+9: the learning rate is probably too large; try one 10× lower (η = 0.05)",
    );
  });
});

describe("ArgumentError", () => {
  it("names the function, the argument, what was expected and what came, then the hint", () => {
    const e = new ArgumentError("dl.train", "opts.epochs", "a positive integer", "0", "Try 10.");
    expect(e).toBeInstanceOf(Error);
    expect(e.message).toBe('dl.train: argument "opts.epochs": expected a positive integer, got 0. Try 10.');
    expect(e).toMatchObject({
      name: "ArgumentError",
      fn: "dl.train",
      argument: "opts.epochs",
      hint: "Try 10.",
    });
  });

  it("DataError is an ArgumentError that also names the first offending index", () => {
    const e = new DataError("dl.data.split", "y", "class labels", "NaN", 3);
    expect(e).toBeInstanceOf(ArgumentError);
    expect(e.message).toBe(
      'dl.data.split: argument "y": expected class labels, got NaN (first offending index 3).',
    );
    expect(e.index).toBe(3);
  });

  it("describes what came in a few words", () => {
    expect(describeValue(undefined)).toBe("undefined");
    expect(describeValue([1, 2])).toBe("an array of 2");
    expect(describeValue(new Float32Array(3))).toBe("a Float32Array of 3");
    expect(describeValue({ shape: [2, 3] })).toBe("a tensor of shape [2, 3]");
    expect(describeValue("x".repeat(50))).toMatch(/^"x{40}…"$/);
  });
});
