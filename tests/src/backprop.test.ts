// dl.backprop against tfjs autodiff and against float64 central differences of a forward pass
// written again here in plain numbers (independent of src/).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import * as bp from "../../src/backprop";
import { rng } from "../../src/data/rng";

type Act = bp.Activation;
const sig = (v: number, a: Act) =>
  a === "sigmoid" ? 1 / (1 + Math.exp(-v)) : a === "tanh" ? Math.tanh(v) : a === "relu" ? Math.max(0, v) : v;

/** Float64 cost of a net given as arrays: C = 1/(2n) Σ‖y − a‖² or mean binary cross-entropy. */
function cost64(
  W: number[][][],
  B: number[][],
  act: Act,
  out: Act,
  x: number[][],
  y: number[][],
  kind: bp.Cost,
): number {
  let c = 0;
  for (let n = 0; n < x.length; n++) {
    let a = x[n];
    for (let l = 0; l < W.length; l++) {
      const z = W[l].map((row, j) => B[l][j] + row.reduce((s, w, k) => s + w * a[k], 0));
      a = z.map((v) => sig(v, l === W.length - 1 ? out : act));
    }
    a.forEach(
      (aj, j) =>
        (c +=
          kind === "quadratic"
            ? 0.5 * (y[n][j] - aj) ** 2
            : -(y[n][j] * Math.log(aj) + (1 - y[n][j]) * Math.log(1 - aj))),
    );
  }
  return c / x.length;
}

function fdGrads(
  W: number[][][],
  B: number[][],
  act: Act,
  out: Act,
  x: number[][],
  y: number[][],
  kind: bp.Cost,
) {
  const h = 1e-6;
  const f = () => cost64(W, B, act, out, x, y, kind);
  const dW = W.map((w) => w.map((row) => row.map(() => 0)));
  const db = B.map((b) => b.map(() => 0));
  const probe = (get: () => number, set: (v: number) => void) => {
    const v = get();
    set(v + h);
    const up = f();
    set(v - h);
    const dn = f();
    set(v);
    return (up - dn) / (2 * h);
  };
  W.forEach((w, l) =>
    w.forEach((row, j) =>
      row.forEach(
        (_, k) =>
          (dW[l][j][k] = probe(
            () => W[l][j][k],
            (v) => (W[l][j][k] = v),
          )),
      ),
    ),
  );
  B.forEach((b, l) =>
    b.forEach(
      (_, j) =>
        (db[l][j] = probe(
          () => B[l][j],
          (v) => (B[l][j] = v),
        )),
    ),
  );
  return { dW, db };
}

function maxRel(a: number[], b: number[]): number {
  const d = Math.hypot(...a.map((v, i) => v - b[i]));
  return d / Math.max(Math.hypot(...a), Math.hypot(...b), 1e-12);
}

const nets: Array<{ sizes: number[]; act: Act; out: Act; kind: bp.Cost }> = [
  { sizes: [2, 3, 1], act: "sigmoid", out: "sigmoid", kind: "quadratic" },
  { sizes: [3, 4, 4, 2], act: "tanh", out: "sigmoid", kind: "cross-entropy" },
  { sizes: [4, 5, 3], act: "relu", out: "linear", kind: "quadratic" },
  { sizes: [2, 6, 5, 4, 1], act: "sigmoid", out: "sigmoid", kind: "cross-entropy" },
];

let before = 0;
beforeAll(() => {
  before = tf.memory().numTensors;
});
afterAll(() => {
  expect(tf.memory().numTensors).toBe(before);
});

describe("dl.backprop: the four equations", () => {
  for (const [i, spec] of nets.entries()) {
    it(`net ${JSON.stringify(spec.sizes)} ${spec.act}/${spec.out}, ${spec.kind}: grads = autodiff = float64 differences`, async () => {
      const net = bp.network({
        sizes: spec.sizes,
        activation: spec.act,
        outputActivation: spec.out,
        seed: i + 1,
      });
      const r = rng(100 + i);
      const n = 5;
      const x = Array.from({ length: n }, () => Array.from({ length: spec.sizes[0] }, () => r.normal(0, 1)));
      const y = Array.from({ length: n }, () =>
        Array.from({ length: spec.sizes.at(-1)! }, () => (spec.out === "linear" ? r.normal(0, 1) : r.int(2))),
      );
      const cache = bp.forward(net, x);
      const g = bp.backward(net, cache, y, spec.kind);
      const params = [...net.weights, ...net.biases];
      const auto = tf.grads((...ps: tf.Tensor[]) => {
        const L = net.weights.length;
        const other = {
          ...net,
          weights: ps.slice(0, L) as tf.Tensor2D[],
          biases: ps.slice(L) as tf.Tensor1D[],
        };
        return bp.loss(other, x, y, spec.kind);
      })(params);
      const { weights, biases } = await bp.toArrays(net);
      const fd = fdGrads(weights, biases, spec.act, spec.out, x, y, spec.kind);
      for (let l = 0; l < net.weights.length; l++) {
        const dW = Array.from(await g.dW[l].data());
        const db = Array.from(await g.db[l].data());
        expect(maxRel(dW, Array.from(await auto[l].data()))).toBeLessThan(1e-5);
        expect(maxRel(db, Array.from(await auto[net.weights.length + l].data()))).toBeLessThan(1e-5);
        expect(maxRel(dW, fd.dW[l].flat())).toBeLessThan(1e-5);
        expect(maxRel(db, fd.db[l])).toBeLessThan(1e-5);
        expect(g.dW[l].shape).toEqual(net.weights[l].shape);
        expect(g.deltas[l].shape).toEqual([n, spec.sizes[l + 1]]);
      }
      tf.dispose(auto);
      bp.dispose(net, cache, g);
    });
  }

  it("forward: the lecture's 1 + 3x₁ − 2x₂ neuron, z and a inspectable", async () => {
    const net = bp.fromArrays({ weights: [[[3, -2]]], biases: [[1]], activation: "sigmoid" });
    const cache = bp.forward(net, [
      [1, 1],
      [0, 2],
    ]);
    expect(Array.from(await cache.z[1].data())).toEqual([2, -3]);
    const a = Array.from(await cache.a[1].data());
    expect(a[0]).toBeCloseTo(1 / (1 + Math.exp(-2)), 6);
    expect(cache.a[0].shape).toEqual([2, 2]);
    bp.dispose(net, cache);
  });

  it("δᴸ = ∇ₐC ⊙ σ′(zᴸ) for the quadratic cost, by hand on one sample", async () => {
    const net = bp.fromArrays({ weights: [[[0.5]]], biases: [[0]], activation: "sigmoid" });
    const cache = bp.forward(net, [[2]]);
    const g = bp.backward(net, cache, [[0]]);
    const a = 1 / (1 + Math.exp(-1));
    expect((await g.deltas[0].data())[0]).toBeCloseTo((a - 0) * a * (1 - a), 6);
    expect((await g.dW[0].data())[0]).toBeCloseTo(2 * (a - 0) * a * (1 - a), 6);
    bp.dispose(net, cache, g);
  });

  it("cost: C = 1/(2n) Σ‖y − a‖² and cross-entropy", async () => {
    const a = tf.tensor2d([[0.8], [0.4]]);
    const y = tf.tensor2d([[1], [0]]);
    const q = bp.cost(a, y);
    const ce = bp.cost(a, y, "cross-entropy");
    expect((await q.data())[0]).toBeCloseTo((0.04 + 0.16) / 4, 6);
    expect((await ce.data())[0]).toBeCloseTo(-(Math.log(0.8) + Math.log(0.6)) / 2, 5);
    tf.dispose([a, y, q, ce]);
  });

  it("update takes one gradient-descent step; the same seed gives the same net", async () => {
    const net = bp.network({ sizes: [2, 2, 1], seed: 7 });
    const twin = bp.network({ sizes: [2, 2, 1], seed: 7 });
    expect(await bp.toArrays(net)).toEqual(await bp.toArrays(twin));
    const x = [[1, 0]];
    const y = [[1]];
    const c0 = bp.loss(net, x, y);
    const cache = bp.forward(net, x);
    const g = bp.backward(net, cache, y);
    const next = bp.update(net, g, 0.5);
    const c1 = bp.loss(next, x, y);
    expect((await c1.data())[0]).toBeLessThan((await c0.data())[0]);
    bp.dispose(net, twin, cache, g, next);
    tf.dispose([c0, c1]);
  });

  it("bad input names the argument", () => {
    expect(() => bp.network({ sizes: [2] })).toThrow(/"opts.sizes".*at least 2.*\[2\]/);
    expect(() => bp.network({ sizes: [2, 1], activation: "softplus" as Act })).toThrow(
      /"activation".*sigmoid.*"softplus"/,
    );
    const net = bp.network({ sizes: [2, 1] });
    expect(() => bp.forward(net, [[1, 2, 3]])).toThrow(/"x".*\[n, 2\].*\[1,3\]/);
    const cache = bp.forward(net, [[1, 2]]);
    expect(() => bp.backward(net, cache, [[1, 0]])).toThrow(/"y".*\[n, 1\].*\[1,2\]/);
    const g = bp.backward(net, cache, [[1]]);
    const wrong = { dW: [g.dW[0].transpose()], db: g.db };
    expect(() => bp.update(net, wrong, 0.1)).toThrow(
      /grads.dW\[0\].*shape of weights\[0\], \[1,2\], got \[2,1\]/,
    );
    expect(() => bp.update(net, { dW: [], db: [] }, 0.1)).toThrow(/"grads".*1 dW and 1 db, got 0 and 0/);
    bp.dispose(g, wrong);
    bp.dispose(net, cache);
  });
});
