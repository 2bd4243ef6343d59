import { describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import * as data from "../../src/data/index";
import { ArgumentError } from "../../src/errors";

const { validateArrays, validateDataset, DataError } = data;

/** Run a check and return the DataError it throws (failing the test if it throws nothing else). */
function caught(f: () => unknown): InstanceType<typeof DataError> {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    return e as InstanceType<typeof DataError>;
  }
  throw new Error("expected a DataError, nothing was thrown");
}

describe("validateArrays: every bad input names the argument, the expectation, what came and where", () => {
  const x = [
    [0, 1],
    [1, 0],
    [1, 1],
    [0, 0],
  ];
  it("accepts good data and says what it is", () => {
    expect(validateArrays(x, [0, 1, 1, 0], { numClasses: 2 })).toEqual({
      n: 4,
      sampleShape: [2],
      targets: "index",
    });
    expect(
      validateArrays(
        x,
        [
          [1, 0],
          [0, 1],
          [0, 1],
          [1, 0],
        ],
        { numClasses: 2 },
      ).targets,
    ).toBe("onehot");
    expect(validateArrays([1, 2, 3], [0.5, 1.5, 2.5]).targets).toBe("values");
  });
  it("empty dataset", () => {
    const e = caught(() => validateArrays([], [], { name: "dl.train" }));
    expect(e.message).toBe(
      'dl.train: argument "x": expected at least one sample, got an empty dataset (0 samples). Check the data loading or the split sizes.',
    );
  });
  it("sample-count mismatch", () => {
    const e = caught(() => validateArrays(x, [0, 1, 1], { numClasses: 2 }));
    expect([e.argument, e.index]).toEqual(["y", 3]);
    expect(e.message).toMatch(
      /"y": expected one target per sample of x \(4\), got 3 targets \(first offending index 3\)/,
    );
  });
  it("ragged rows (shape mismatch inside x)", () => {
    const e = caught(() =>
      validateArrays(
        [
          [0, 1],
          [1, 0],
          [1, 1, 5],
        ],
        [0, 1, 0],
      ),
    );
    expect([e.argument, e.index]).toEqual(["x", 2]);
    expect(e.message).toMatch(
      /expected every sample to have length 2 \(like x\[0\]\), got length 3 at x\[2\] \(first offending index 2\)/,
    );
  });
  it("shape mismatch with the model's input", () => {
    const e = caught(() => validateArrays(x, [0, 1, 1, 0], { sampleShape: [784] }));
    expect(e.message).toMatch(/"x": expected samples of shape \[784\], got samples of shape \[2\]/);
    expect(validateArrays(x, [0, 1, 1, 0], { sampleShape: [null] }).n).toBe(4);
  });
  it("labels outside [0, K)", () => {
    const e = caught(() => validateArrays(x, [0, 1, 2, 1], { numClasses: 2 }));
    expect([e.argument, e.index]).toEqual(["y", 2]);
    expect(e.message).toMatch(
      /"y": expected class labels in \[0, 2\), got 2 at index 2 \(first offending index 2\)/,
    );
    expect(caught(() => validateArrays(x, [0, -1, 0, 1], { numClasses: 2 })).index).toBe(1);
  });
  it("non-integer labels", () => {
    const e = caught(() => validateArrays(x, [0, 1, 0.5, 1], { numClasses: 2 }));
    expect(e.message).toMatch(
      /expected integer class labels in \[0, 2\), got 0.5 at index 2 \(first offending index 2\)/,
    );
  });
  it("wrong dtype: strings in x or y, a tensor of strings", async () => {
    const e = caught(() =>
      validateArrays(
        [
          [0, 1],
          [1, "a"],
        ],
        [0, 1],
      ),
    );
    expect(e.message).toMatch(
      /"x": expected numbers, got string "a" at x\[1\]\[1\] \(first offending index 1\)/,
    );
    expect(caught(() => validateArrays(x, ["0", "1", "1", "0"])).argument).toBe("y");
    expect(caught(() => validateArrays("not data", [0])).message).toMatch(
      /"x": expected an array \(or a tensor\) of numbers, got string "not data"/,
    );
    const s = tf.tensor(["a", "b"]);
    await expect(validateDataset(s, [0, 1])).rejects.toThrow(
      /"x": expected a tensor of dtype float32, int32 or bool, got dtype string/,
    );
    s.dispose();
  });
  it("NaN and Infinity in the inputs", () => {
    const e = caught(() =>
      validateArrays(
        [
          [0, 1],
          [1, 0],
          [NaN, 1],
          [Infinity, 0],
        ],
        [0, 1, 1, 0],
      ),
    );
    expect(e.message).toMatch(
      /"x": expected finite numbers, got NaN in sample 2 \(first offending index 2\)/,
    );
    expect(caught(() => validateArrays([1, 2], [0, NaN])).message).toMatch(
      /"y": expected finite numbers, got NaN at target 1/,
    );
  });
  it("one-hot rows that are not one-hot", () => {
    const e = caught(() =>
      validateArrays(
        x,
        [
          [1, 0],
          [1, 1],
          [0, 1],
          [1, 0],
        ],
        { numClasses: 2 },
      ),
    );
    expect(e.message).toMatch(
      /expected exactly one 1 per one-hot row, got 2 ones in row 1 \(first offending index 1\)/,
    );
  });
  it("uses the caller's argument names", () => {
    const e = caught(() =>
      validateArrays(x, [0, 1, 1], { name: "dl.train", xName: "data.x", yName: "data.y" }),
    );
    expect(e.message.startsWith('dl.train: argument "data.y"')).toBe(true);
  });
  it("is an ArgumentError named after the function called, with the offending index", async () => {
    const e = caught(() => validateArrays(x, [0, 1, 2, 0], { numClasses: 2 }));
    expect(e).toBeInstanceOf(ArgumentError);
    expect([e.fn, e.argument, e.index]).toEqual(["dl.data.validateArrays", "y", 2]);
    const r = await validateDataset(x, [0, 1]).catch((err: unknown) => err);
    expect(r).toBeInstanceOf(ArgumentError);
    expect((r as ArgumentError).fn).toBe("dl.data.validateDataset");
  });
});

describe("validateDataset on tensors", () => {
  it("finds the same problems in tensors and leaks nothing", async () => {
    const before = tf.memory().numTensors;
    const xs = tf.tensor2d([
      [0, 1],
      [NaN, 0],
      [1, 1],
    ]);
    const ys = tf.tensor1d([0, 1, 3], "int32");
    const good = tf.tensor2d([
      [0, 1],
      [1, 0],
      [1, 1],
    ]);
    await expect(validateDataset(xs, ys, { numClasses: 3 })).rejects.toThrow(
      /"x": expected finite numbers, got NaN in sample 1/,
    );
    await expect(validateDataset(good, ys, { numClasses: 3 })).rejects.toThrow(
      /labels in \[0, 3\), got 3 at index 2/,
    );
    await expect(validateDataset(good, ys, { numClasses: 4 })).resolves.toEqual({
      n: 3,
      sampleShape: [2],
      targets: "index",
    });
    tf.dispose([xs, ys, good]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
