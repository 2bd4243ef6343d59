import * as tf from "@tensorflow/tfjs";
import { afterAll, describe, expect, it, vi } from "vitest";
import { backendFor } from "../../src/backend";
import { moons } from "../../src/data/toy";
import { mlp } from "../../src/models";
import { train } from "../../src/train";

const small = () =>
  mlp({
    inputs: 2,
    layers: [
      { units: 4, activation: "tanh" },
      { units: 1, activation: "sigmoid" },
    ],
  });

// Its own file: the first test needs a process where no backend was chosen yet.
describe("dl.train chooses a backend when nobody did", () => {
  afterAll(async () => {
    await tf.setBackend("cpu");
  });

  it("leaves tfjs's default cpu for what dl.backendFor(model) chooses (wasm for a small model when that is TensorFlow on the CPU), and says so", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const before = tf.memory().numTensors;
    const m = small(); // creating the weights puts tfjs on its default backend
    expect(tf.getBackend()).toBe("cpu");
    const h = await train(m, moons({ n: 64, seed: 1 }), { epochs: 1, batchSize: 32, plot: false });
    const trainedOn = tf.getBackend(); // read before backendFor, which sets its choice itself
    const chosen = await backendFor(m); // memoised: the same report dl.train got
    expect(h.history.loss[0]).toBeGreaterThan(0);
    const lines = log.mock.calls.map((c) => String(c[0])).filter((l) => l.startsWith("dl.train:"));
    if (chosen.name === "tensorflow" && !chosen.native?.gpu) {
      // 2·4+4 + 4·1+1 = 17 weights × batch 32: a small model (src/train/small-model.ts)
      expect(trainedOn).toBe("wasm");
      expect(lines).toEqual([
        "dl.train: trains on wasm, faster than tensorflow for a model this small (17 weights × batch 32 = 544 < 300,000); " +
          'await dl.backend({ force: "tensorflow" }) keeps tensorflow',
      ]);
    } else {
      expect(trainedOn).toBe(chosen.name);
      expect(lines).toEqual([
        expect.stringContaining(`so dl.backend() chose ${chosen.name}: ${chosen.reason}`),
      ]);
    }
    m.dispose();
    expect(tf.memory().numTensors).toBe(before); // the weights moved backends, none leaked
    log.mockRestore();
  });

  it("keeps a backend the student chose with tf.setBackend, and chooses nothing again", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    await tf.setBackend("cpu"); // explicit: a faster backend is registered by now, cpu was a choice
    const m = small();
    await train(m, moons({ n: 32, seed: 2 }), { epochs: 1, batchSize: 16, plot: false });
    expect(tf.getBackend()).toBe("cpu");
    expect(log.mock.calls.some((c) => String(c[0]).startsWith("dl.train: no backend"))).toBe(false);
    m.dispose();
    log.mockRestore();
  });
});
