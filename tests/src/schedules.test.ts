// Learning-rate schedules: their formulas, and the callback changing a real tfjs model's rate during fit.
import { describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import * as schedules from "../../src/schedules";
import * as optimizers from "../../src/optimizers";
import { argumentError } from "./argument-error";

describe("dl.schedules", () => {
  it("step, exponential, 1/t and constant follow their formulas", () => {
    const s = schedules.step({ lr0: 0.1, drop: 0.5, every: 10 });
    expect([0, 9, 10, 25].map(s)).toEqual([0.1, 0.1, 0.05, 0.025]);
    const e = schedules.exponential({ lr0: 0.2, rate: 0.5, decaySteps: 4 });
    expect(e(2)).toBeCloseTo(0.2 * Math.SQRT1_2, 12);
    const inv = schedules.inverseTime({ lr0: 0.3, k: 0.5 });
    expect(inv(4)).toBeCloseTo(0.1, 12);
    expect(schedules.constant({ lr0: 0.7 })(1000)).toBe(0.7);
    expect(s.description).toBe("η = 0.1 · 0.5^⌊t/10⌋");
    expect(() => schedules.step({ lr0: -1 })).toThrow(/"opts.lr0": expected a positive number, got -1/);
    expect(() => s(-1)).toThrow(/"t"/);
    const bad = argumentError(() => schedules.exponential({ lr0: 0.1, rate: 0 }));
    expect([bad.fn, bad.argument, bad.got]).toEqual(["dl.schedules.exponential", "opts.rate", "0"]);
    expect(argumentError(() => s(NaN)).argument).toBe("t");
    expect(argumentError(() => schedules.setLearningRate({} as never, 0.1)).argument).toBe("opt");
    expect(argumentError(() => schedules.callback(s, { per: "step" as never })).argument).toBe("opts.per");
  });

  it("drives a dlab optimizer in a hand-written loop", () => {
    const opt = optimizers.sgd({ lr: 1 });
    const sched = schedules.inverseTime({ lr0: 0.5, k: 1 });
    let x = [4];
    for (let t = 0; t < 3; t++) {
      schedules.setLearningRate(opt, sched(t));
      x = opt.step(x, [1]);
    }
    expect(x[0]).toBeCloseTo(4 - 0.5 - 0.25 - 0.5 / 3, 12);
  });

  for (const name of ["sgd", "momentum", "adam", "rmsprop"] as const) {
    it(`callback sets tf ${name}'s learning rate before each epoch of fit, and it takes effect`, async () => {
      const before = tf.memory().numTensors;
      const model = tf.sequential({
        layers: [tf.layers.dense({ units: 1, inputShape: [1], kernelInitializer: "zeros" })],
      });
      const opt = optimizers.byName(name, 0.1).toTf();
      model.compile({ optimizer: opt, loss: "meanSquaredError" });
      const seen: number[] = [];
      const spy = new tf.CustomCallback({
        onEpochEnd: async () => void seen.push((opt as unknown as { learningRate: number }).learningRate),
      });
      const [x, y] = [tf.tensor2d([[1], [2]]), tf.tensor2d([[2], [4]])];
      await model.fit(x, y, {
        epochs: 4,
        batchSize: 2,
        verbose: 0,
        callbacks: [schedules.callback(schedules.step({ lr0: 0.1, drop: 0.5, every: 2 })), spy],
      });
      expect(seen).toEqual([0.1, 0.1, 0.05, 0.05]);
      if (name === "sgd") {
        // with lr 0 from the start, SGD must not move: proof the value reaches the update, not just a field
        const w0 = model.getWeights().map((w) => w.dataSync()[0]);
        await model.fit(x, y, {
          epochs: 1,
          batchSize: 2,
          verbose: 0,
          callbacks: [schedules.callback((() => 0) as unknown as schedules.Schedule)],
        });
        expect(model.getWeights().map((w) => w.dataSync()[0])).toEqual(w0);
      }
      tf.dispose([x, y]);
      model.dispose();
      opt.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });
  }
});
