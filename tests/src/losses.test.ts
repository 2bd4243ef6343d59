import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { binaryCrossEntropy, mse, softmaxCrossEntropy } from "../../src/losses";
import { argumentError } from "./argument-error";

describe("losses against hand computation", () => {
  it("binary cross-entropy", async () => {
    // −(ln 0.9 + ln 0.8) / 2
    const want = -(Math.log(0.9) + Math.log(0.8)) / 2;
    expect(binaryCrossEntropy([1, 0], [0.9, 0.2])).toBeCloseTo(want, 14);
    const before = tf.memory().numTensors;
    const t = binaryCrossEntropy(tf.tensor1d([1, 0]), tf.tensor1d([0.9, 0.2]));
    expect((await t.data())[0]).toBeCloseTo(want, 6);
    // logits form: z = ln(9) gives p = 0.9
    expect(binaryCrossEntropy([1], [Math.log(9)], { fromLogits: true })).toBeCloseTo(-Math.log(0.9), 14);
    // stable for huge logits where the naive form gives Infinity
    expect(binaryCrossEntropy([0], [1000], { fromLogits: true })).toBeCloseTo(1000, 9);
    const big = binaryCrossEntropy(tf.tensor1d([0, 1]), tf.tensor1d([1000, -1000]), { fromLogits: true });
    expect((await big.data())[0]).toBeCloseTo(1000, 3);
    tf.dispose([t, big]);
    // p = 0 or 1 exactly is clipped, not Infinity
    expect(Number.isFinite(binaryCrossEntropy([1], [0]))).toBe(true);
    expect(tf.memory().numTensors).toBe(before + 4);
  });
  it("mse", async () => {
    expect(mse([1, 2], [1, 4])).toBe(2);
    const t = mse(tf.tensor1d([1, 2, 3]), tf.tensor1d([2, 2, 1]));
    expect((await t.data())[0]).toBeCloseTo(5 / 3, 6);
    expect(() => mse([1], [1, 2])).toThrow(
      'dl.losses.mse: argument "yPred": expected the same length as yTrue (1), got 2 values.',
    );
    expect(argumentError(() => mse([], [])).argument).toBe("yTrue");
    // tensors of different sizes are named too, not left to a reshape error from inside tfjs
    const before = tf.memory().numTensors;
    const [a, b] = [tf.tensor1d([1, 2, 3]), tf.tensor2d([[1, 2]])];
    const e = argumentError(() => mse(a, b));
    expect([e.fn, e.argument, e.expected, e.got]).toEqual([
      "dl.losses.mse",
      "yPred",
      "3 values, one per yTrue",
      "a tensor of shape [1, 2]",
    ]);
    expect(argumentError(() => binaryCrossEntropy(a, b)).fn).toBe("dl.losses.binaryCrossEntropy");
    tf.dispose([a, b]);
    expect(tf.memory().numTensors).toBe(before);
  });
  it("softmax cross-entropy with indices and one-hot, stable for large logits", async () => {
    const want = Math.log(Math.exp(2) + 2) - 2;
    expect(softmaxCrossEntropy([0], [[2, 0, 0]])).toBeCloseTo(want, 14);
    expect(softmaxCrossEntropy([[1, 0, 0]], [[2, 0, 0]])).toBeCloseTo(want, 14);
    // shift invariance: +1000 on every logit changes nothing (naive exp would overflow)
    expect(softmaxCrossEntropy([0], [[1002, 1000, 1000]])).toBeCloseTo(want, 10);
    const t = softmaxCrossEntropy(
      tf.tensor1d([0, 2], "int32"),
      tf.tensor2d([
        [2, 0, 0],
        [1000, 0, 1001],
      ]),
    );
    expect((await t.data())[0]).toBeCloseTo((want + Math.log(1 + Math.exp(-1) + Math.exp(-1001))) / 2, 5);
    t.dispose();
    expect(() => softmaxCrossEntropy([3], [[0, 0, 0]])).toThrow(
      /expected class indices in \[0, 3\), got 3 at index 0/,
    );
    const e = argumentError(() => softmaxCrossEntropy([0, 1], [[0, 0, 0]]));
    expect([e.fn, e.argument, e.got]).toEqual(["dl.losses.softmaxCrossEntropy", "labels", "2 labels"]);
  });
});
