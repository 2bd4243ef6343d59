// dl.check for lab 05 (convolutional networks), against independent references: a convolution
// written as plain loops, layer shapes and parameter counts worked out by the formula
// ⌊(n + 2p − k)/s⌋ + 1 and k·k·c_in·filters + filters, and kernels whose edge response is known.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import * as check from "../../src/check/index";
import { capturePrints, expectSecret, notYet } from "./check-helpers";

const out = capturePrints();
const quiet = { print: false };
const stub = () => {
  throw new Error("not implemented yet");
};

/** The reference of this file: a valid cross-correlation with stride s, as plain loops. */
function loops(image: number[][], kernel: number[][], s: number): number[][] {
  const [kh, kw] = [kernel.length, kernel[0].length];
  const rows = Math.floor((image.length - kh) / s) + 1;
  const cols = Math.floor((image[0].length - kw) / s) + 1;
  return Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => {
      let sum = 0;
      for (let u = 0; u < kh; u++)
        for (let v = 0; v < kw; v++) sum += image[s * i + u][s * j + v] * kernel[u][v];
      return sum;
    }),
  );
}

describe("dl.check.conv2d", () => {
  it("the loops agree with tf.conv2d (the check's reference) on random data", async () => {
    const image = Array.from({ length: 9 }, (_, r) =>
      Array.from({ length: 11 }, (_, c) => Math.sin(r * 3.1 + c)),
    );
    const kernel = [
      [0.5, -1, 2],
      [1, 0, -0.25],
    ];
    for (const s of [1, 2, 3]) {
      const t = tf.tidy(() =>
        tf.conv2d(
          tf.tensor4d(image.flat(), [1, 9, 11, 1]),
          tf.tensor4d(kernel.flat(), [2, 3, 1, 1]),
          s,
          "valid",
        ),
      );
      const want = loops(image, kernel, s);
      expect(t.shape).toEqual([1, want.length, want[0].length, 1]);
      const got = Array.from(await t.data());
      want.flat().forEach((v, i) => expect(got[i]).toBeCloseTo(v, 5));
      t.dispose();
    }
  });

  it("plain loops pass, also returned as a tensor; a stub says not implemented", async () => {
    expect((await check.conv2d(loops, quiet)).ok).toBe(true);
    expect((await check.conv2d((i, k, s) => tf.tensor2d(loops(i, k, s)), quiet)).ok).toBe(true);
    notYet(out.printed, await check.conv2d(stub), /not implemented yet/);
  });

  it("a flipped kernel (textbook convolution) is named; the answer is not shown", async () => {
    const flipped = (i: number[][], k: number[][], s: number) =>
      loops(
        i,
        k
          .slice()
          .reverse()
          .map((r) => r.slice().reverse()),
        s,
      );
    const r = await check.conv2d(flipped);
    notYet(out.printed, r, /flipped the kernel/);
    expect(r.message).not.toMatch(/\d{2,}/); // no value of the output is shown
  });

  it("a stride that is ignored, or padding added, gets the output-size hint", async () => {
    notYet(
      out.printed,
      await check.conv2d((i, k) => loops(i, k, 1)),
      /wrong output shape.*⌊\(n − k\)\/s⌋ \+ 1/,
    );
    const same = (i: number[][], k: number[][], s: number) => {
      const padded = [i[0].map(() => 0), ...i.map((r) => [0, ...r, 0]), i[0].map(() => 0)];
      return loops(
        padded.map((r) => r.slice(0, i[0].length + 2)),
        k,
        s,
      );
    };
    notYet(out.printed, await check.conv2d(same), /wrong output shape/);
    // the right shape, windows stepped by 1 instead of s
    const step1 = (i: number[][], k: number[][], s: number) => {
      const full = loops(i, k, 1);
      const rows = Math.floor((i.length - k.length) / s) + 1;
      const cols = Math.floor((i[0].length - k[0].length) / s) + 1;
      return full.slice(0, rows).map((r) => r.slice(0, cols));
    };
    notYet(out.printed, await check.conv2d(step1), /image\[s·i \+ u\]/);
  });
});

describe("dl.check.layerShapes", () => {
  // input 28×28×1 → conv 3×3, 8 filters, valid → pool 2 → conv 3×3, 16 filters, same, stride 2 → flatten → dense 10
  let model: tf.Sequential;
  beforeAll(() => {
    model = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 8, kernelSize: 3 }),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.conv2d({ filters: 16, kernelSize: 3, strides: 2, padding: "same" }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 10 }),
      ],
    });
  });
  afterAll(() => model.dispose());
  // by hand: 28 − 3 + 1 = 26; 26 / 2 = 13; same padding, stride 2: ⌈13 / 2⌉ = 7; 7·7·16 = 784
  const byHand = [
    { shape: [26, 26, 8], params: 3 * 3 * 1 * 8 + 8 },
    { shape: [13, 13, 8], params: 0 },
    { shape: [7, 7, 16], params: 3 * 3 * 8 * 16 + 16 },
    { shape: [784], params: 0 },
    { shape: [10], params: 784 * 10 + 10 },
  ];

  it("the prediction worked out by hand passes; a stub or an empty prediction does not", async () => {
    expect((await check.layerShapes(() => byHand, model, quiet)).ok).toBe(true);
    notYet(out.printed, await check.layerShapes(stub, model), /not implemented yet/);
    notYet(out.printed, await check.layerShapes(() => [], model), /write down your prediction first/);
  });

  it("names the first layer that is off and what to recount, never the number", async () => {
    const noBias = byHand.map((l, i) => (i === 2 ? { ...l, params: 3 * 3 * 8 * 16 } : l));
    const r = await check.layerShapes(() => noBias, model);
    notYet(out.printed, r, /layer 3 \(Conv2D\): count its parameters again/);
    expectSecret(out.printed, r, [1168, 7850]);
    const unpadded = byHand.map((l, i) => (i === 2 ? { ...l, shape: [6, 6, 16] } : l));
    notYet(
      out.printed,
      await check.layerShapes(() => unpadded, model),
      /layer 3 \(Conv2D\): the output shape/,
    );
    notYet(out.printed, await check.layerShapes(() => byHand.slice(0, 4), model), /the model has 5 layers/);
  });

  it("rejects a model that is not one", async () => {
    await expect(check.layerShapes(() => byHand, {} as tf.LayersModel)).rejects.toThrow(/tf.LayersModel/);
  });
});

describe("dl.check.edgeFilter", () => {
  const filters = {
    A: [
      [1, 2, 1],
      [0, 0, 0],
      [-1, -2, -1],
    ], // horizontal edges
    B: [
      [1 / 9, 1 / 9, 1 / 9],
      [1 / 9, 1 / 9, 1 / 9],
      [1 / 9, 1 / 9, 1 / 9],
    ], // blur: answers a flat patch
    C: [
      [-1, 0, 1],
      [-2, 0, 2],
      [-1, 0, 1],
    ], // vertical edges (Sobel)
    D: [
      [0, -1, 0],
      [-1, 4, -1],
      [0, -1, 0],
    ], // Laplacian: both edges alike
  };
  it("the Sobel kernel across x is the vertical-edge filter; the others are not", async () => {
    expect((await check.edgeFilter(() => "C", filters, quiet)).ok).toBe(true);
    expect((await check.edgeFilter(() => " c ", filters, quiet)).ok).toBe(true);
    for (const wrong of ["A", "B", "D"]) {
      const r = await check.edgeFilter(() => wrong, filters);
      notYet(out.printed, r, /which kernel gives 0 on a flat patch/);
      expect(r.message).not.toMatch(/"C"|\bC\b/);
    }
  });
  it("asks for a choice from the list; a stub says not implemented", async () => {
    notYet(out.printed, await check.edgeFilter(() => "E", filters), /pick one of "A", "B", "C", "D"/);
    notYet(out.printed, await check.edgeFilter(() => "", filters), /write down your choice/);
    notYet(out.printed, await check.edgeFilter(stub, filters), /not implemented yet/);
  });
});

describe("dl.check.trainedTo", () => {
  // two separable classes: a model that learned them reaches 100 %, an untrained one does not
  const y = [0, 1, 0, 1];
  const fixed = (w: number) => {
    const m = tf.sequential({
      layers: [tf.layers.dense({ inputShape: [1], units: 2, activation: "softmax" })],
    });
    tf.tidy(() => m.layers[0].setWeights([tf.tensor2d([[-w, w]]), tf.tensor1d([w / 2, -w / 2])]));
    return m;
  };
  it("right when accuracy and time are within the target; the measured accuracy is the hint", async () => {
    const x = tf.tensor2d([[0], [1], [0], [1]]);
    const good = fixed(10);
    expect(
      (await check.trainedTo("toy", () => good, { x, y }, { atLeast: 1, seconds: 60, print: false })).ok,
    ).toBe(true);
    const bad = fixed(-10);
    notYet(
      out.printed,
      await check.trainedTo("toy", () => bad, { x, y }, { atLeast: 0.9 }),
      /test accuracy is 0\.0 %, the target is ≥ 90 %/,
    );
    const slow = async () => {
      await new Promise((r) => setTimeout(r, 1100));
      return good;
    };
    notYet(
      out.printed,
      await check.trainedTo("toy", slow, { x, y }, { atLeast: 0.5, seconds: 1 }),
      /the budget is 1 s/,
    );
    notYet(
      out.printed,
      await check.trainedTo("toy", stub, { x, y }, { atLeast: 0.5 }),
      /not implemented yet/,
    );
    good.dispose();
    bad.dispose();
    x.dispose();
  });
});
