import * as tf from "@tensorflow/tfjs";
import { describe, expect, it, vi } from "vitest";
import { mlp } from "../../src/models";
import { train } from "../../src/train";
import { EarlyStopper } from "../../src/train/early-stopping";

// restoreBest: false never touches the model, so a stand-in is enough for the bookkeeping
const noModel = {} as tf.LayersModel;

/** Feed per-epoch values; return the epoch at which the stopper says stop (or null). */
function stopAt(stopper: EarlyStopper, key: string, values: number[]): number | null {
  for (let e = 1; e <= values.length; e++) if (stopper.check(noModel, e, { [key]: values[e - 1] })) return e;
  return null;
}

describe("early stopping bookkeeping", () => {
  it("minimises losses: best = argmin, stop after `patience` epochs without improvement", () => {
    const s = new EarlyStopper({ patience: 2, restoreBest: false }, true);
    expect(s.monitor).toBe("val_loss");
    expect(stopAt(s, "val_loss", [1, 0.8, 0.85, 0.7, 0.75, 0.9, 0.6])).toBe(6);
    expect(s.bestEpoch).toBe(4);
    expect(s.bestValue()).toBe(0.7);
  });
  it("maximises accuracies, honours minDelta, and defaults to loss without validation", () => {
    const s = new EarlyStopper({ patience: 1, monitor: "val_acc", minDelta: 0.05, restoreBest: false }, true);
    // 0.72 is not 0.05 better than 0.7: no improvement, stop at epoch 3
    expect(stopAt(s, "val_acc", [0.5, 0.7, 0.72, 0.9])).toBe(3);
    expect(s.bestEpoch).toBe(2);
    expect(new EarlyStopper({}, false).monitor).toBe("loss");
    expect(() => new EarlyStopper({ monitor: "val_acc" }, true).check(noModel, 1, { loss: 1 })).toThrow(
      'dl.train: argument "opts.earlyStopping.monitor": expected one of loss, got "val_acc".',
    );
  });
});

describe("dl.train.callbacks on a student's fit", () => {
  it("stops fit at the batch where the loss stops being finite, and says so", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    vi.spyOn(console, "log").mockImplementation(() => {});
    const m = mlp({
      inputs: 1,
      layers: [{ units: 8 }, { units: 1, activation: "linear" }],
      optimizer: "sgd",
      lr: 100,
    });
    const x = tf.tensor2d(Array.from({ length: 64 }, (_, i) => [i]));
    const y = tf.tensor2d(Array.from({ length: 64 }, (_, i) => [3 * i]));
    const h = await m.fit(x, y, { epochs: 20, batchSize: 8, callbacks: train.callbacks(), verbose: 0 });
    // fit stopped long before 20 epochs
    expect(h.epoch.length).toBeLessThan(20);
    const said = warn.mock.calls.map((c) => String(c[0])).filter((t) => t.startsWith("dl.train.callbacks"));
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(
      /loss became (NaN|Infinity) at epoch \d+, batch \d+: the learning rate is probably too large; try one 10× lower; training stopped/,
    );
    tf.dispose([x, y]);
    m.dispose();
    vi.restoreAllMocks();
  });
});
