import * as tf from "@tensorflow/tfjs";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { backend } from "../../src/backend";
import { moons } from "../../src/data/toy";
import { mlp } from "../../src/models";
import { train } from "../../src/train";
import { autoBackend } from "../../src/train/auto-backend";
import { largerModel, SMALL_STEP, smallOnWasm, stepSize } from "../../src/train/small-model";
import { nativeMissing } from "./native-backend";

// the native backend is tested where the set-up built its addon; elsewhere those tests are skipped, saying why
const missing = nativeMissing();

/** 2 → 64 → 64 → 1, lab 04's network: by hand 2·64+64 + 64·64+64 + 64·1+1 = 4,417 trainable weights. */
const labNet = () =>
  mlp({
    inputs: 2,
    layers: [
      { units: 64, activation: "relu" },
      { units: 64, activation: "relu" },
      { units: 1, activation: "sigmoid" },
    ],
    seed: 1,
  });

/** 784 → 128 → 10, lab 03's MNIST network: 784·128+128 + 128·10+10 = 101,770 weights. */
const mnistNet = () =>
  mlp({
    inputs: 784,
    layers: [
      { units: 128, activation: "relu" },
      { units: 10, activation: "softmax" },
    ],
    seed: 1,
  });

/** 9 → 100: 9·100+100 = 1,000 weights, so batch 299 is just under the threshold and 300 at it. */
const thousand = () => mlp({ inputs: 9, layers: [{ units: 100, activation: "sigmoid" }], seed: 1 });

const auto = { preferred: "tensorflow", how: "auto", gpu: false } as const;

describe("the small-model rule (trainable weights × batch size under SMALL_STEP)", () => {
  it("counts trainable weights, not frozen ones", () => {
    const m = labNet();
    expect(stepSize(m, 16)).toEqual({ weights: 4417, size: 4417 * 16 });
    m.layers[0].trainable = false; // 2·64+64 = 192 weights frozen
    expect(stepSize(m, 16).weights).toBe(4417 - 192);
    m.dispose();
    const t = thousand();
    expect(stepSize(t).weights).toBe(1000);
    t.dispose();
  });

  it("moves a step just under the threshold to wasm, not one at it", () => {
    expect(SMALL_STEP).toBe(300_000);
    expect(smallOnWasm({ ...auto, weights: 1000, batchSize: 299 })).toBe(
      "a model this small (1,000 weights × batch 299 = 299,000 < 300,000)",
    );
    expect(smallOnWasm({ ...auto, weights: 1000, batchSize: 300 })).toBeUndefined();
    // the labs: lab 04's net at its batch sizes moves; lab 03's MNIST net stays at its smallest batch (8)
    expect(smallOnWasm({ ...auto, weights: 4417, batchSize: 64 })).toContain("= 282,688 <");
    expect(smallOnWasm({ ...auto, weights: 101_770, batchSize: 8 })).toBeUndefined();
    // no batch size: dl.train's default, 32
    expect(smallOnWasm({ ...auto, weights: 4417 })).toContain("4,417 weights × batch 32 = 141,344");
  });

  it("keeps a backend chosen by DLAB_BACKEND, force or tf.setBackend, TensorFlow on a GPU, and other backends", () => {
    const tiny = { weights: 17, batchSize: 16 };
    for (const how of ["env", "force", "set"] as const)
      expect(smallOnWasm({ ...auto, ...tiny, how })).toBeUndefined();
    expect(smallOnWasm({ ...auto, ...tiny, gpu: true })).toBeUndefined();
    for (const preferred of ["webgpu", "wasm", "cpu"])
      expect(smallOnWasm({ ...auto, ...tiny, preferred })).toBeUndefined();
    expect(smallOnWasm({ ...auto, ...tiny })).toBeDefined();
  });

  it("says why a larger model goes back", () => {
    expect(largerModel(101_770, 32)).toBe(
      "a larger model: tensorflow is faster for it (101,770 weights × batch 32 = 3,256,640)",
    );
  });
});

describe.skipIf(missing !== undefined)(
  `dl.train on tensorflow chosen by dl.backend(): small models train on wasm${missing ? ` [skipped: ${missing}]` : ""}`,
  () => {
    const lines: string[] = [];
    const log = vi.spyOn(console, "log").mockImplementation((l: unknown) => void lines.push(String(l)));
    afterEach(() => {
      lines.length = 0;
      delete process.env.DLAB_BACKEND;
    });
    afterAll(async () => {
      log.mockRestore();
      await tf.setBackend("cpu");
    });

    /** Train one epoch with dl.train; the backends its batches ran on. */
    async function trainedOn(m: tf.LayersModel, data: { x: number[][]; y: number[] }): Promise<string[]> {
      const on = new Set<string>();
      await train(m, data, {
        epochs: 1,
        batchSize: 32,
        plot: false,
        onBatch: () => void on.add(tf.getBackend()),
      });
      return [...on];
    }
    const digits = () => ({
      x: Array.from({ length: 64 }, (_, i) => Array.from({ length: 784 }, (_, k) => ((i * 7 + k) % 13) / 13)),
      y: Array.from({ length: 64 }, (_, i) => i % 10),
    });

    it("moves a small model to wasm with one line saying why, and a larger one back to tensorflow", async () => {
      const r = await backend();
      expect([r.name, r.forced, r.native?.gpu ?? false]).toEqual(["tensorflow", false, false]);
      const before = tf.memory().numTensors;
      const small = labNet();
      expect(await trainedOn(small, moons({ n: 64, seed: 1 }))).toEqual(["wasm"]);
      expect(lines.filter((l) => l.startsWith("dl.train"))).toEqual([
        "dl.train: trains on wasm, faster than tensorflow for a model this small (4,417 weights × batch 32 = " +
          '141,344 < 300,000); await dl.backend({ force: "tensorflow" }) keeps tensorflow',
      ]);
      lines.length = 0;
      const again = labNet(); // already on wasm: nothing to say
      expect(await trainedOn(again, moons({ n: 64, seed: 2 }))).toEqual(["wasm"]);
      expect(lines.filter((l) => l.startsWith("dl.train"))).toEqual([]);
      const large = mnistNet();
      expect(await trainedOn(large, digits())).toEqual(["tensorflow"]);
      expect(lines.filter((l) => l.startsWith("dl.train"))).toEqual([
        "dl.train: back on tensorflow (dl.backend()'s choice): a larger model: tensorflow is faster for it " +
          "(101,770 weights × batch 32 = 3,256,640)",
      ]);
      [small, again, large].forEach((m) => m.dispose());
      expect(tf.memory().numTensors).toBe(before); // nothing leaked moving between backends
    });

    it("decides by weights × batch size both ways: 1,000 × 299 on wasm, 1,000 × 300 on tensorflow", async () => {
      await backend();
      const m = thousand();
      expect(await autoBackend(m, "dl.train", 299)).toMatch(
        /trains on wasm, faster than tensorflow .*= 299,000 < 300,000/,
      );
      expect(tf.getBackend()).toBe("wasm");
      expect(await autoBackend(m, "dl.train", 300)).toBe(
        "dl.train: back on tensorflow (dl.backend()'s choice): a larger model: tensorflow is faster for it " +
          "(1,000 weights × batch 300 = 300,000)",
      );
      expect(tf.getBackend()).toBe("tensorflow");
      m.dispose();
    });

    it("keeps tensorflow chosen with DLAB_BACKEND or dl.backend({ force }), saying nothing", async () => {
      process.env.DLAB_BACKEND = "tensorflow";
      await backend();
      const m = labNet();
      expect(await autoBackend(m, "dl.train", 16)).toBeUndefined();
      expect(tf.getBackend()).toBe("tensorflow");
      delete process.env.DLAB_BACKEND;
      await backend({ force: "tensorflow" });
      expect(await trainedOn(m, moons({ n: 64, seed: 3 }))).toEqual(["tensorflow"]);
      expect(lines.filter((l) => l.startsWith("dl.train"))).toEqual([]);
      m.dispose();
    });

    it("keeps a small model on tensorflow when wasm lacks a kernel its training needs", async () => {
      await backend();
      const conv = tf.sequential({
        layers: [
          tf.layers.conv2d({ inputShape: [4, 4, 1], filters: 1, kernelSize: 3 }),
          tf.layers.flatten(),
          tf.layers.dense({ units: 1 }),
        ],
      });
      conv.compile({ optimizer: "sgd", loss: "meanSquaredError" });
      expect(stepSize(conv).size).toBeLessThan(SMALL_STEP); // small: 10 + 5 weights
      expect(await autoBackend(conv, "dl.train", 16)).toBeUndefined(); // wasm has no Conv2DBackpropFilter
      expect(tf.getBackend()).toBe("tensorflow");
      conv.dispose();
    });
  },
);
