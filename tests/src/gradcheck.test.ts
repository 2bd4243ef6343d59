// dl.gradcheck: passes a right gradient tightly (float64 reference), flags and names a wrong layer;
// async only, reading tensors with data() (the read every backend has).
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as tf from "@tensorflow/tfjs";
import * as bp from "../../src/backprop/index";
import { gradcheck } from "../../src/gradcheck/index";
import { ArgumentError } from "../../src/errors";
import { rng } from "../../src/data/rng";

const r = rng("gradcheck-data");
const x = Array.from({ length: 6 }, () => [r.normal(), r.normal(), r.normal()]);
const y = x.map(() => [r.int(2), r.int(2)]);

/** The reference backward with one bug injected: σ′ forgotten in δ of `layer` (1-based). */
function forgetSigmaPrime(layer: number) {
  return (net: bp.Network, cache: bp.ForwardCache, yy: tf.Tensor2D) => {
    const L = net.weights.length;
    const n = yy.shape[0];
    const deltas: tf.Tensor2D[] = [];
    deltas[L - 1] = tf
      .sub(cache.a[L], yy)
      .div(n)
      .mul(layer === L ? 1 : bp.activatePrime(cache.z[L], net.outputActivation));
    for (let l = L - 1; l >= 1; l--) {
      const back = deltas[l].matMul(net.weights[l]);
      deltas[l - 1] = (
        l === layer ? back : back.mul(bp.activatePrime(cache.z[l], net.activation))
      ) as tf.Tensor2D;
    }
    return { dW: deltas.map((d, i) => d.matMul(cache.a[i], true, false)), db: deltas.map((d) => d.sum(0)) };
  };
}

let before = 0;
beforeAll(() => {
  before = tf.memory().numTensors;
});
afterAll(() => {
  expect(tf.memory().numTensors).toBe(before);
});

describe("dl.gradcheck", () => {
  it("the reference backward passes with errors far below float32 differences' ~1e-3", async () => {
    const net = bp.network({ sizes: [3, 4, 5, 2], activation: "tanh", outputActivation: "sigmoid", seed: 3 });
    const res = await gradcheck.network((n, c, yy) => bp.backward(n, c, yy), net, x, y);
    expect(res.ok).toBe(true);
    expect(res.reference).toBe("float64");
    for (const t of res.tensors) expect(t.relErrorFD).toBeLessThan(1e-5);
    expect(res.text).toMatch(/✔ gradcheck: all 6 gradients agree/);
    bp.dispose(net);
  });

  it("a wrong δ in layer 2 of 3 is flagged and named, with the equation to check", async () => {
    const net = bp.network({ sizes: [3, 4, 5, 2], activation: "sigmoid", seed: 4 });
    const res = await gradcheck.network(forgetSigmaPrime(2), net, x, y);
    expect(res.ok).toBe(false);
    // layer 3 is untouched; the error in δ² spoils layers 2 and 1
    expect(res.wrong).toEqual(["W1", "b1", "W2", "b2"]);
    expect(res.tensors.find((t) => t.name === "W3")!.ok).toBe(true);
    expect(res.text).toMatch(
      /✘ layer 2 weights \(dW2\): relative error [\d.e-]+ .*— check δ2 = \(\(w3\)ᵀ δ3\) ⊙ σ′\(z2\)/,
    );
    bp.dispose(net);
  });

  it("a wrong output δ names layer 2 of a 2-layer net; a doubled dW1 only layer 1 weights", async () => {
    const net = bp.network({ sizes: [3, 3, 2], activation: "sigmoid", seed: 5 });
    const out = await gradcheck.network(forgetSigmaPrime(2), net, x, y);
    expect(out.wrong).toContain("W2");
    expect(out.text).toMatch(/check δ2 = ∇ₐC ⊙ σ′\(z2\)/);
    const doubled = await gradcheck.network(
      (n, c, yy) => {
        const g = bp.backward(n, c, yy);
        return { dW: [g.dW[0].mul(2) as tf.Tensor2D, g.dW[1]], db: g.db };
      },
      net,
      x,
      y,
    );
    expect(doubled.wrong).toEqual(["W1"]);
    expect(doubled.tensors.find((t) => t.name === "W1")!.relErrorFD).toBeCloseTo(0.5, 3);
    bp.dispose(net);
  });

  it("async only: one read path (data(), never a synchronous read), no .now twins", async () => {
    expect(Object.keys(gradcheck).sort()).toEqual(["network"]);
    const reads = [vi.spyOn(tf.Tensor.prototype, "dataSync"), vi.spyOn(tf.Tensor.prototype, "arraySync")];
    try {
      const net = bp.network({ sizes: [3, 4, 2], activation: "tanh", outputActivation: "sigmoid", seed: 8 });
      const pending = gradcheck.network(forgetSigmaPrime(1), net, x, y);
      expect(pending).toBeInstanceOf(Promise);
      const res = await pending;
      expect(res.wrong).toEqual(["W1", "b1"]);
      const w = tf.tensor1d([0.5, -2]);
      const r = await gradcheck(
        (q) => ({ w: q.w.mul(2) }),
        (q) => tf.sum(tf.square(q.w)) as tf.Scalar,
        { w },
      );
      expect(r.ok).toBe(true);
      expect(r.reference).toBe("float32");
      w.dispose();
      bp.dispose(net);
      for (const s of reads) expect(s).not.toHaveBeenCalled();
    } finally {
      for (const s of reads) s.mockRestore();
    }
  });

  it("general form: float64 reference when f64 is given, float32 fallback with a note", async () => {
    const w = tf.tensor1d([0.3, -1.2, 2]);
    const f = (p: Record<string, tf.Tensor>) => tf.sum(tf.sin(p.w).mul(p.w)) as tf.Scalar;
    const grad = (p: Record<string, tf.Tensor>) => ({
      w: tf.tidy(() => tf.cos(p.w).mul(p.w).add(tf.sin(p.w))),
    });
    const f64 = (p: Record<string, unknown>) => (p.w as number[]).reduce((s, v) => s + Math.sin(v) * v, 0);
    const tight = await gradcheck(grad, f, { w }, { f64 });
    expect(tight.ok).toBe(true);
    expect(tight.tensors[0].relErrorFD).toBeLessThan(1e-6);
    const loose = await gradcheck(grad, f, { w });
    expect(loose.reference).toBe("float32");
    expect(loose.text).toMatch(/float32 differences only reach/);
    const wrong = await gradcheck((p) => ({ w: tf.cos(p.w) }), f, { w }, { f64 });
    expect(wrong.ok).toBe(false);
    expect(wrong.text).toMatch(/✘ gradcheck: w is wrong/);
    w.dispose();
  });

  it("a gradient of the wrong shape or a missing one gets an error naming it and the shape", async () => {
    const w = tf.tensor2d([[1, 2, 3]]);
    const f = (p: Record<string, tf.Tensor>) => tf.sum(p.w) as tf.Scalar;
    const short = gradcheck(() => ({ w: [1, 2, 3] }), f, { w });
    await expect(short).rejects.toBeInstanceOf(ArgumentError);
    await expect(short).rejects.toThrow(/"w".*shape \[1,3\], got shape \[3\]/);
    await expect(gradcheck(() => ({}), f, { w })).rejects.toThrow(/"w".*got nothing/);
    w.dispose();
  });

  it("bad arguments are ArgumentErrors naming the argument", async () => {
    const w = tf.tensor1d([1]);
    const f = (p: Record<string, tf.Tensor>) => tf.sum(p.w) as tf.Scalar;
    await expect(gradcheck("grad" as never, f, { w })).rejects.toMatchObject({
      fn: "dl.gradcheck",
      argument: "gradFn",
      got: '"grad"',
    });
    await expect(gradcheck(() => ({ w }), 3 as never, { w })).rejects.toMatchObject({
      argument: "f",
      got: "3",
    });
    await expect(gradcheck(() => ({ w }), f, { w: [1] } as never)).rejects.toMatchObject({
      argument: "params",
    });
    await expect(gradcheck(() => undefined as never, f, { w })).rejects.toThrow(
      /one gradient per parameter \(w\)/,
    );
    w.dispose();
  });
});
