import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { mlp, optimizer, summary } from "../../src/models";
import { SeededDropout } from "../../src/seeded-dropout";
import { argumentError } from "./argument-error";

const spec = {
  inputs: 3,
  layers: [
    { units: 5, activation: "tanh" as const },
    { units: 2, activation: "softmax" as const },
  ],
};

async function weights(m: tf.LayersModel) {
  return Promise.all(m.getWeights().map(async (w) => Array.from(await w.data())));
}

describe("mlp", () => {
  it("has the asked shapes and a readable summary", () => {
    const m = mlp({ ...spec, dropout: 0.5, l2: 0.01 });
    expect(m.inputs[0].shape).toEqual([null, 3]);
    expect(m.outputs[0].shape).toEqual([null, 2]);
    // 3·5 + 5 and 5·2 + 2 parameters
    expect(m.countParams()).toBe(20 + 12);
    const s = summary(m);
    expect(s).toMatch(/dense_1\s+Dense\s+\[batch,5\]\s+tanh\s+20/);
    expect(s).toMatch(/dropout_1\s+DlabSeededDropout\s+\[batch,5\]\s+rate 0.5\s+0/);
    expect(s).toMatch(/total 32 parameters · loss sparseCategoricalCrossentropy/);
    m.dispose();
  });
  it("is seeded: same seed same weights, other seed other weights", async () => {
    const [a, b, c] = [mlp({ ...spec, seed: 1 }), mlp({ ...spec, seed: 1 }), mlp({ ...spec, seed: 2 })];
    expect(await weights(a)).toEqual(await weights(b));
    expect(await weights(a)).not.toEqual(await weights(c));
    // glorot uniform bound t = √6/√(3+5) for the first kernel
    const k = (await weights(a))[0];
    expect(Math.max(...k.map(Math.abs))).toBeLessThanOrEqual(Math.sqrt(6) / Math.sqrt(8));
    [a, b, c].forEach((m) => m.dispose());
  });
  it("frees its weights and its optimizer's slots on dispose()", async () => {
    const before = tf.memory().numTensors;
    const m = mlp({ ...spec, optimizer: "adam" });
    const [x, y] = [tf.tensor2d([[1, 2, 3]]), tf.tensor1d([1])];
    await m.trainOnBatch(x, y); // creates Adam's moment slots
    tf.dispose([x, y]);
    m.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
  it("names a bad option", () => {
    expect(() => mlp({ inputs: 0, layers: [{ units: 1 }] })).toThrow(
      'dl.mlp: argument "opts.inputs": expected a positive integer, got 0.',
    );
    const init = argumentError(() => mlp({ inputs: 2, layers: [{ units: 1 }], init: "bad" as never }));
    expect([init.fn, init.argument, init.got]).toEqual(["dl.mlp", "opts.init", '"bad"']);
    expect(init.expected).toBe('"glorot", "he", "lecun", "normal" or "zeros"');
    expect(argumentError(() => mlp({ inputs: 2, layers: [{ units: 0 }] })).argument).toBe(
      "opts.layers[0].units",
    );
    expect(argumentError(() => mlp({ inputs: 2, layers: [] })).argument).toBe("opts.layers");
    const drop = argumentError(() => mlp({ inputs: 2, layers: [{ units: 2 }, { units: 1 }], dropout: 1 }));
    expect([drop.argument, drop.got]).toEqual(["opts.dropout", "1"]);
    const opt = argumentError(() => mlp({ inputs: 2, layers: [{ units: 1 }], optimizer: "adamw" }));
    expect([opt.argument, opt.got]).toEqual(["opts.optimizer", '"adamw"']);
    expect(opt.expected).toMatch(/"sgd", "momentum", .* or "adadelta"/);
  });
  it("names a bad optimizer name or dropout rate given directly", () => {
    expect(() => optimizer("nesterov")).toThrow(/^dl.optimizer: argument "name": expected "sgd"/);
    expect(argumentError(() => new SeededDropout({ rate: -0.5 })).argument).toBe("args.rate");
  });
});
