// dl.check, the contract every check keeps: async with one read path (`await t.data()`, never a
// synchronous read), right / not yet with a hint, stubs never crash, the expected value is never
// shown, bad arguments are ArgumentErrors, and dl.checkLab is only a deprecated alias.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { inspect } from "node:util";
import * as check from "../../src/check/index";
import * as bp from "../../src/backprop/index";
import { ArgumentError } from "../../src/errors";
import { capturePrints, expectSecret, notYet } from "./check-helpers";

const out = capturePrints();

describe("dl.check.close", () => {
  it("right within tolerance, wrong with the given hint, never the reference", async () => {
    const ok = await check.close(
      "z",
      () => 0.7310585,
      () => 1 / (1 + Math.exp(-1)),
    );
    expect(ok.ok).toBe(true);
    expect(out.printed).toEqual(["✔ z: right"]);
    const bad = await check.close("z", 0.75, () => 1 / (1 + Math.exp(-1)), { hint: "apply σ to z" });
    notYet(out.printed, bad, /apply σ to z/);
    expectSecret(out.printed, bad, [1 / (1 + Math.exp(-1))]);
    expect(inspect(bad)).toBe("✘"); // the verdict is printed once, not repeated as the value
    expect(inspect(ok)).toBe("✔");
    expect({ ok: bad.ok, name: bad.name }).toEqual({ ok: false, name: "z" });
    expect(String(bad)).toBe(bad.message);
  });

  it("stubs that throw, return undefined or NaN give 'not yet', never a crash", async () => {
    const threw = await check.close(
      "a",
      () => {
        throw new Error("TODO");
      },
      3.14159,
    );
    notYet(out.printed, threw, /threw an error: TODO/);
    notYet(
      out.printed,
      await check.close("a", () => undefined, 3.14159),
      /returned undefined: is the stub filled in/,
    );
    notYet(out.printed, await check.close("a", () => NaN, 3.14159), /NaN at index 0/);
    notYet(
      out.printed,
      await check.close("a", () => "x", 3.14159),
      /number, an array or a tensor, got string/,
    );
    expectSecret(out.printed, await check.close("a", () => [1, 2], 3.14159), [3.14159]);
  });

  it("tensors compare by value; a wrong shape names the expected shape", async () => {
    const ref = [[1.25, -2.5, 3.75]];
    expect((await check.close("W", () => tf.tensor2d(ref), ref)).ok).toBe(true);
    expect((await check.close("W", () => tf.tensor1d(ref[0]), ref)).ok).toBe(true); // a row is still the numbers
    notYet(
      out.printed,
      await check.close("W", () => tf.tensor2d([[1.25], [-2.5], [3.75], [0]]), ref),
      /shape \[1, 3\], got shape \[4, 1\]/,
    );
    const t = tf.tensor2d(ref);
    expect((await check.close("W", t, ref)).ok).toBe(true);
    expect(t.isDisposed).toBe(false); // a tensor the student passed stays theirs
    t.dispose();
  });
});

describe("every check is async, with one read path that works on every backend", () => {
  // a synchronous read is what WebGPU refuses: no check may make one
  let syncReads: Array<ReturnType<typeof vi.spyOn>> = [];
  beforeEach(() => {
    syncReads = [vi.spyOn(tf.Tensor.prototype, "dataSync"), vi.spyOn(tf.Tensor.prototype, "arraySync")];
  });
  afterEach(() => {
    for (const s of syncReads) expect(s).not.toHaveBeenCalled();
    for (const s of syncReads) s.mockRestore();
  });

  it("checks on tensors return promises and read with data(); intermediate tensors are freed", async () => {
    const pending = check.close(
      "x",
      () => tf.scalar(2),
      () => 3,
    );
    expect(pending).toBeInstanceOf(Promise);
    expect(out.printed).toEqual([]); // the verdict comes once it is awaited
    const r = await pending;
    expect(out.printed).toEqual([r.message]);
    const n = tf.memory().numTensors;
    const leaky = (z: number) => tf.sigmoid(tf.scalar(z)).mul(1); // makes 3 tensors per call, returns 1
    expect((await check.sigmoidViaTanh(leaky)).ok).toBe(true);
    const prime = (z: tf.Tensor) => tf.sigmoid(z).mul(tf.sub(1, tf.sigmoid(z)));
    expect((await check.sigmoidPrime(prime)).ok).toBe(true);
    const cost = (a: tf.Tensor2D, y: tf.Tensor2D) => tf.sum(tf.square(tf.sub(y, a))).div(2 * a.shape[0]);
    expect((await check.cost(cost)).ok).toBe(true);
    const sgd = (th: number[], g: number[], _s: unknown, h: { lr: number }) =>
      tf.sub(tf.tensor1d(th), tf.mul(h.lr, tf.tensor1d(g)));
    expect((await check.optimizerStep("sgd", sgd)).ok).toBe(true);
    expect((await check.penalty("l1", (w, l) => tf.sum(tf.abs(tf.tensor1d(w))).mul(l))).ok).toBe(true);
    expect((await check.backward((net, c, y) => bp.backward(net, c, y))).ok).toBe(true);
    expect(tf.memory().numTensors).toBe(n);
  });

  it("an async student function is awaited, and its tensors stay usable after its first await", async () => {
    expect((await check.close("x", async () => 3, 3)).ok).toBe(true);
    const slowPrime = async (z: tf.Tensor) => {
      const s = tf.sigmoid(z);
      await new Promise((resolve) => setTimeout(resolve, 1));
      const d = tf.tidy(() => s.mul(tf.sub(1, s))); // after an await, tidying is the student's own job
      s.dispose();
      return d;
    };
    expect((await check.sigmoidPrime(slowPrime)).ok).toBe(true);
    notYet(
      out.printed,
      await check.close("x", () => Promise.reject(new Error("later")), 3),
      /threw an error: later/,
    );
  });

  it("every exported check returns a promise", async () => {
    const stub = () => {
      throw new Error("not yet written");
    };
    // what the model-based checks need; freed at the end
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 1 })] });
    const testX = tf.zeros([1, 2]);
    const calls: Array<() => unknown> = [
      () => check.close("x", stub, 1),
      () => check.stepPerceptron(stub),
      () => check.perceptronUpdate(stub),
      () => check.gate("and", { w: [1, 1], b: -1.5 }),
      () => check.decisionLine(stub, { w0: 1, w: [1, 1] }),
      () => check.activationDerivatives(stub),
      () => check.sigmoidViaTanh(stub),
      () => check.sigmoidPrime(stub),
      () => check.twoWeightGrads(stub),
      () => check.cost(stub),
      () => check.softmax(stub),
      () => check.bce(stub),
      () => check.backward(stub),
      () => check.optimizerStep("adam", stub),
      () => check.penalty("l2", stub),
      () => check.split(stub),
      () => check.dropout(stub),
      () => check.stopPoint(stub),
      () => check.glorotLimit(stub),
      () => check.hidden("h", stub),
      () => check.xorFromGates(stub),
      () => check.prediction("p", undefined, 1),
      () => check.target("t", stub, { atLeast: 1 }),
      () => check.lrRegimes(stub, [0.1]),
      () => check.largestStableLr(stub),
      () => check.smallestPatience(stub),
      () => check.conv2d(stub),
      () => check.layerShapes(stub, model),
      () => check.edgeFilter(stub, { A: [[1]], B: [[-1]] }),
      () => check.trainedTo("t", stub, { x: testX, y: [0] }, { atLeast: 0.5 }),
    ];
    const named = Object.entries(check).filter(([, v]) => typeof v === "function");
    expect(named.length).toBe(calls.length); // a new check gets a line above
    for (const call of calls) {
      const p = call();
      expect(p).toBeInstanceOf(Promise);
      const r = (await p) as check.CheckResult;
      expect(r.message).toMatch(r.ok ? /^✔ / : /not yet — /);
    }
    model.dispose();
    testX.dispose();
  });
});

describe("bad arguments are ArgumentErrors naming the argument (the promise rejects)", () => {
  it("gate, optimizerStep and penalty name what they accept", async () => {
    const gate = check.gate("xor" as never, { w: [1, 1], b: 0 });
    await expect(gate).rejects.toBeInstanceOf(ArgumentError);
    await expect(gate).rejects.toMatchObject({ fn: "dl.check.gate", argument: "name", got: '"xor"' });
    await expect(gate).rejects.toThrow(/one of nand, and, or/);
    const step = check.optimizerStep("nadam" as never, () => [0, 0]);
    await expect(step).rejects.toMatchObject({ fn: "dl.check.optimizerStep", argument: "name" });
    await expect(step).rejects.toThrow(/sgd, momentum, adagrad, adadelta, adam, rmsprop/);
    // a name on Object.prototype is not an optimizer or a gate either
    await expect(check.optimizerStep("constructor" as never, () => [0, 0])).rejects.toBeInstanceOf(
      ArgumentError,
    );
    await expect(check.gate("toString" as never, { w: [1, 1], b: 0 })).rejects.toBeInstanceOf(ArgumentError);
    await expect(check.penalty("l3" as never, () => 0)).rejects.toMatchObject({
      fn: "dl.check.penalty",
      argument: "kind",
      expected: '"l1" or "l2"',
    });
    expect(out.printed).toEqual([]); // no verdict: the mistake is the call, not the exercise
  });
});

describe("dl.checkLab", () => {
  it("is only a deprecated alias of dl.check", async () => {
    const dl = await import("../../src/index");
    expect(dl.checkLab).toBe(dl.check);
    expect(dl.check.softmax).toBe(check.softmax);
  });
});
