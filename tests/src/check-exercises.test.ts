// dl.check, exercise by exercise and arranged like src/check/ (perceptron, neurons, losses, backward,
// optimizer step, regularization, training): a right answer written independently passes, each
// typical slip gets its hint, a stub says "not yet", and the expected value is never shown.
import { describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import * as check from "../../src/check/index";
import * as bp from "../../src/backprop/index";
import { capturePrints, expectSecret, notYet } from "./check-helpers";

const out = capturePrints();
const quiet = { print: false };
const stub = () => {
  throw new Error("not implemented yet");
};
const sig = (z: number) => 1 / (1 + Math.exp(-z));

/** Each check: a right answer passes, a typical mistake gets the named hint, a stub says "not yet". */
async function expectVerdicts(
  run: (fn: never, opts: { print: boolean }) => Promise<check.CheckResult>,
  right: unknown,
  wrong: unknown,
  hint: string,
) {
  const good = await run(right as never, quiet);
  expect(good.message).toMatch(/: right$/);
  expect(good.ok).toBe(true);
  const bad = await run(wrong as never, quiet);
  expect(bad.ok).toBe(false);
  expect(bad.message).toContain("not yet");
  expect(bad.message).toContain(hint);
  const none = await run(stub as never, quiet);
  expect(none.ok).toBe(false);
  expect(none.message).toContain("not yet");
  expect(none.message).toContain("not implemented yet");
}

describe("perceptron (lab 01)", () => {
  it("stepPerceptron, with 0 exactly on the threshold", async () => {
    const right = (x: number[], w: number[], b: number) =>
      w.reduce((s, wi, i) => s + wi * x[i], b) > 0 ? 1 : 0;
    const wrong = (x: number[], w: number[], b: number) =>
      w.reduce((s, wi, i) => s + wi * x[i], b) >= 0 ? 1 : 0;
    await expectVerdicts(check.stepPerceptron, right, wrong, "on the threshold");
  });

  const rosenblatt = (w: number[], b: number, x: number[], y: number, lr: number) => {
    const err = y - (w.reduce((s, wi, i) => s + wi * x[i], b) > 0 ? 1 : 0);
    return { w: w.map((wi, i) => wi + lr * err * x[i]), b: b + lr * err };
  };
  it("perceptron update: right rule passes, each typical slip gets its hint", async () => {
    expect((await check.perceptronUpdate(rosenblatt)).ok).toBe(true);
    const noError = await check.perceptronUpdate((w, b, x, y, lr) => ({
      w: w.map((wi, i) => wi + lr * y * x[i]),
      b: b + lr * y,
    }));
    notYet(out.printed, noError, /nothing should change|direction|should move/);
    const fixedB = await check.perceptronUpdate((w, b, x, y, lr) => ({ ...rosenblatt(w, b, x, y, lr), b }));
    notYet(out.printed, fixedB, /b moves too/);
    notYet(out.printed, await check.perceptronUpdate(stub), /threw an error/);
  });

  it("NAND gate, decision line", async () => {
    expect((await check.gate("nand", { w: [-2, -2], b: 3 })).ok).toBe(true);
    notYet(out.printed, await check.gate("nand", { w: [2, 2], b: -3 }), /inputs \(0, 0\)/);
    expect((await check.gate("or", { w: [1, 1], b: -0.5 })).ok).toBe(true);
    const line = { w0: 1, w: [3, -2] as [number, number] };
    expect((await check.decisionLine((a, b) => (1 + 3 * a - 2 * b > 0 ? 1 : 0), line)).ok).toBe(true);
    notYet(
      out.printed,
      await check.decisionLine((a, b) => (1 + 3 * a + 2 * b > 0 ? 1 : 0), line),
      /wrong side/,
    );
  });

  it("XOR from OR, NAND and AND: each unit is checked by its truth table, then the network", async () => {
    // independent reference: OR fires when a + c ≥ 1, AND when a + c = 2 — any weights that do so pass
    expect(
      (await check.xorFromGates(() => ({ or: { w: [1, 1], b: -0.5 }, and: { w: [1, 1], b: -1.5 } }))).ok,
    ).toBe(true);
    expect(
      (await check.xorFromGates(() => ({ or: { w: [3, 3], b: -2 }, and: { w: [0.5, 0.5], b: -0.9 } }))).ok,
    ).toBe(true);
    // AND's weights given to OR: the hint names OR and an input, never weights
    const swapped = await check.xorFromGates(() => ({
      or: { w: [1, 1], b: -1.5 },
      and: { w: [1, 1], b: -0.5 },
    }));
    notYet(out.printed, swapped, /your OR perceptron outputs 0 for|inputs \(0, 1\)/);
    expect(swapped.message).not.toMatch(/-?0\.5|1\.5/);
    notYet(
      out.printed,
      await check.xorFromGates(() => ({ or: { w: [1, 1], b: -0.5 } }) as never),
      /AND perceptron should be an object/,
    );
    notYet(out.printed, await check.xorFromGates(stub as never), /threw an error/);
    notYet(
      out.printed,
      await check.xorFromGates(() => ({ or: { w: [1], b: 0 }, and: { w: [1, 1], b: -1.5 } })),
      /OR's w should hold 2 weights/,
    );
  });
});

describe("neurons (labs 01 and 02)", () => {
  it("activationDerivatives", async () => {
    const right = (z: number) => ({
      sigmoid: sig(z) * (1 - sig(z)),
      tanh: 1 - Math.tanh(z) ** 2,
      relu: z > 0 ? 1 : 0,
    });
    // the classic slip: σ′ evaluated at σ(z) instead of z
    const wrong = (z: number) => ({ ...right(z), sigmoid: sig(sig(z)) * (1 - sig(sig(z))) });
    await expectVerdicts(check.activationDerivatives, right, wrong, "sigmoid′ is not right yet");
  });

  it("σ via tanh: right, tanh(z) instead of tanh(z/2), and a NaN stub", async () => {
    expect((await check.sigmoidViaTanh((z) => (1 + Math.tanh(z / 2)) / 2)).ok).toBe(true);
    expect((await check.sigmoidViaTanh((z) => tf.tidy(() => tf.sigmoid(tf.scalar(z))))).ok).toBe(true);
    notYet(out.printed, await check.sigmoidViaTanh((z) => (1 + Math.tanh(z)) / 2), /z\/2, not z/);
    notYet(out.printed, await check.sigmoidViaTanh(() => NaN), /gives NaN/);
  });

  it("σ′ on tensors: right, and σ instead of σ′", async () => {
    const right = (z: tf.Tensor) => tf.tidy(() => tf.sigmoid(z).mul(tf.sub(1, tf.sigmoid(z))));
    expect((await check.sigmoidPrime(right)).ok).toBe(true);
    notYet(out.printed, await check.sigmoidPrime((z) => tf.sigmoid(z)), /σ\(z\)\(1 − σ\(z\)\)/);
  });

  it("twoWeightGrads against the chain rule written independently", async () => {
    const right = (w1: number, w2: number, x: number, y: number) => {
      const a1 = sig(w1 * x);
      const e = w2 * a1 - y;
      return { dw2: e * a1, dw1: e * w2 * a1 * (1 - a1) * x };
    };
    const forgotX = (w1: number, w2: number, x: number, y: number) => ({
      ...right(w1, w2, x, y),
      dw1: right(w1, w2, x, y).dw1 / (x || 1),
    });
    await expectVerdicts(check.twoWeightGrads, right, forgotX, "∂z₁/∂w₁ = x");
  });
});

describe("losses (labs 01 and 02)", () => {
  it("quadratic cost, with factor-of-2 and per-sample hints; the value is never shown", async () => {
    const right = (a: tf.Tensor2D, y: tf.Tensor2D) =>
      tf.tidy(() => tf.sum(tf.square(tf.sub(y, a))).div(2 * a.shape[0]));
    expect((await check.cost(right)).ok).toBe(true);
    let secret = 0;
    const noHalf = await check.cost((a, y) => {
      // the reference, computed here from the data the check hands over: it must never be shown
      const [av, yv] = [a.arraySync(), y.arraySync()];
      secret =
        av.reduce((s, row, i) => s + row.reduce((t, aj, j) => t + (yv[i][j] - aj) ** 2, 0), 0) /
        (2 * av.length);
      return tf.tidy(() => tf.sum(tf.square(tf.sub(y, a))).div(a.shape[0]));
    });
    notYet(out.printed, noHalf, /factor of 2/);
    expect(secret).toBeGreaterThan(0);
    expectSecret(out.printed, noHalf, [secret, 2 * secret]);
    const summed = await check.cost((a, y) => tf.tidy(() => tf.sum(tf.square(tf.sub(y, a))).div(2)));
    notYet(out.printed, summed, /divide by n/);
  });

  it("softmax, catching overflow", async () => {
    const right = (z: number[]) => {
      const m = Math.max(...z);
      const e = z.map((v) => Math.exp(v - m));
      return e.map((v) => v / e.reduce((a, b) => a + b, 0));
    };
    const naive = (z: number[]) => {
      const e = z.map(Math.exp);
      return e.map((v) => v / e.reduce((a, b) => a + b, 0));
    };
    await expectVerdicts(check.softmax, right, naive, "subtract max(z)");
  });

  it("bce: mean, natural log, clipping", async () => {
    const right = (t: number[], p: number[]) =>
      t.reduce((s, ti, i) => {
        const q = Math.min(1 - 1e-7, Math.max(1e-7, p[i]));
        return s - (ti * Math.log(q) + (1 - ti) * Math.log(1 - q));
      }, 0) / t.length;
    const summed = (t: number[], p: number[]) => right(t, p) * t.length;
    await expectVerdicts(check.bce, right, summed, "mean over the examples");
    const log10 = (t: number[], p: number[]) => right(t, p) / Math.LN10;
    expect((await check.bce(log10, quiet)).message).toContain("not log₁₀");
    const unclipped = (t: number[], p: number[]) =>
      t.reduce((s, ti, i) => s - (ti * Math.log(p[i]) + (1 - ti) * Math.log(1 - p[i])), 0) / t.length;
    expect((await check.bce(unclipped, quiet)).message).toContain("gives log 0");
  });
});

describe("backward pass (lab 02)", () => {
  it("the reference passes; a missing σ′ in layer 2 names layer 2; wrong shapes and stubs get hints", async () => {
    expect((await check.backward((n, c, y) => bp.backward(n, c, y))).ok).toBe(true);
    const noPrime = (net: bp.Network, cache: bp.ForwardCache, y: tf.Tensor2D) => {
      const L = net.weights.length;
      const d: tf.Tensor[] = [];
      d[L - 1] = tf.sub(cache.a[L], y).div(y.shape[0]).mul(bp.activatePrime(cache.z[L], "sigmoid"));
      for (let l = L - 1; l >= 1; l--) d[l - 1] = d[l].matMul(net.weights[l]); // σ′(zˡ) forgotten
      return { dW: d.map((di, i) => di.matMul(cache.a[i], true, false)), db: d.map((di) => di.sum(0)) };
    };
    notYet(
      out.printed,
      await check.backward(noPrime),
      /layer 1 weights \(dW1\) is wrong.*check δ1 = \(\(w2\)ᵀ δ2\) ⊙ σ′\(z1\)/,
    );
    const transposed = (n: bp.Network, c: bp.ForwardCache, y: tf.Tensor2D) => {
      const g = bp.backward(n, c, y);
      return { dW: g.dW.map((w) => w.transpose()), db: g.db };
    };
    notYet(
      out.printed,
      await check.backward(transposed),
      /should give gradient "W1" .*of shape \[3,2\], got shape \[2,3\]/,
    );
    notYet(
      out.printed,
      await check.backward(() => undefined as never),
      /as a tensor or an array .*got nothing/,
    );
    notYet(out.printed, await check.backward(stub), /threw an error: not implemented yet/);
  });
});

describe("optimizer steps (lab 03)", () => {
  it("momentum and Adam written right pass; forgetting the state or bias correction is named", async () => {
    const mom = (th: number[], g: number[], s: Record<string, any>, h: Record<string, number>) => {
      s.v = s.v.map((v: number, i: number) => h.mu * v + g[i]);
      return th.map((t, i) => t - h.lr * s.v[i]);
    };
    expect((await check.optimizerStep("momentum", mom)).ok).toBe(true);
    const forgetful = (th: number[], g: number[], _s: Record<string, any>, h: Record<string, number>) => {
      const v = g.map((gi) => gi); // a fresh velocity every step
      return th.map((t, i) => t - h.lr * v[i]);
    };
    notYet(
      out.printed,
      await check.optimizerStep("momentum", forgetful),
      /step 1 is right but step 2 is not.*state \(v\)/,
    );
    const adam = (th: number[], g: number[], s: Record<string, any>, h: Record<string, number>) => {
      const t = s.t + 1;
      const m = s.m.map((mi: number, i: number) => h.beta1 * mi + (1 - h.beta1) * g[i]);
      const v = s.v.map((vi: number, i: number) => h.beta2 * vi + (1 - h.beta2) * g[i] ** 2);
      const theta = th.map(
        (x, i) =>
          x - (h.lr * (m[i] / (1 - h.beta1 ** t))) / (Math.sqrt(v[i] / (1 - h.beta2 ** t)) + h.epsilon),
      );
      return { theta, state: { t, m, v } };
    };
    expect((await check.optimizerStep("adam", adam)).ok).toBe(true);
    const noBias = (th: number[], g: number[], s: Record<string, any>, h: Record<string, number>) => {
      s.m = s.m.map((mi: number, i: number) => h.beta1 * mi + (1 - h.beta1) * g[i]);
      s.v = s.v.map((vi: number, i: number) => h.beta2 * vi + (1 - h.beta2) * g[i] ** 2);
      return th.map((x, i) => x - (h.lr * s.m[i]) / (Math.sqrt(s.v[i]) + h.epsilon));
    };
    const r = await check.optimizerStep("adam", noBias);
    notYet(out.printed, r, /first step is off: t ← t \+ 1 first, then m̂ = m\/\(1−β₁ᵗ\)/);
    const sgd = await check.optimizerStep("sgd", (th, g, _s, h) => th.map((t, i) => t - h.lr * g[i]));
    expect(sgd.ok).toBe(true);
    notYet(out.printed, await check.optimizerStep("rmsprop", () => [NaN, 0]), /NaN at index 0/);
  });
});

describe("regularization (lab 04)", () => {
  it("L2 (½‖w‖², factor-2 hint), L1, and λ forgotten", async () => {
    const sq = (w: number[]) => w.reduce((s, v) => s + v * v, 0);
    expect((await check.penalty("l2", (w, l) => l * 0.5 * sq(w))).ok).toBe(true);
    const two = await check.penalty("l2", (w, l) => l * sq(w));
    notYet(out.printed, two, /factor of 2/);
    expectSecret(out.printed, two, [0.3 * 0.5 * sq([0.5, -1.5, 2, 0, -0.25])]);
    notYet(out.printed, await check.penalty("l2", (w) => 0.5 * sq(w)), /multiply by λ/);
    expect((await check.penalty("l1", (w, l) => l * w.reduce((s, v) => s + Math.abs(v), 0))).ok).toBe(true);
  });

  it("split: shuffled and complete passes; overlap, missing, unshuffled each named", async () => {
    const shuffled = (n: number, f: number) => {
      const p = Array.from({ length: n }, (_, i) => (i * 7) % n); // 7 is coprime with 50: a permutation
      const k = Math.round(n * f);
      return { train: p.slice(k), validation: p.slice(0, k) };
    };
    expect((await check.split(shuffled)).ok).toBe(true);
    const inOrder = (n: number, f: number) => {
      const k = Math.round(n * (1 - f));
      return { train: [...Array(k).keys()], validation: Array.from({ length: n - k }, (_, i) => k + i) };
    };
    notYet(out.printed, await check.split(inOrder), /shuffle/);
    const overlap = await check.split((n) => ({ train: [...Array(n).keys()], validation: [0, 1, 2] }));
    notYet(out.printed, overlap, /in both sets/);
    notYet(out.printed, await check.split(() => ({ train: [1, 2], validation: [3] })), /3 of 50/);
  });
});

describe("training practice (lab 04)", () => {
  it("dropout: inverted scaling, identity at test time", async () => {
    const right = (a: number[], p: number, training: boolean, rand: () => number) =>
      training ? a.map((v) => (rand() < p ? 0 : v / (1 - p))) : a.slice();
    const unscaled = (a: number[], p: number, training: boolean, rand: () => number) =>
      training ? a.map((v) => (rand() < p ? 0 : v)) : a.slice();
    await expectVerdicts(check.dropout, right, unscaled, "scale the kept activations");
  });

  it("stopPoint", async () => {
    const right = (v: number[], patience: number) => {
      let best = 0;
      for (let i = 0; i < v.length; i++) {
        if (v[i] < v[best]) best = i;
        if (i - best >= patience) return { stop: i + 1, best: best + 1 };
      }
      return { stop: v.length, best: best + 1 };
    };
    const zeroBased = (v: number[], p: number) => {
      const r = right(v, p);
      return { stop: r.stop - 1, best: r.best - 1 };
    };
    await expectVerdicts(check.stopPoint, right, zeroBased, "epochs count from 1");
  });

  it("glorotLimit, never printing the expected values in its hints", async () => {
    const right = (m: number, mPrev: number) => Math.sqrt(6 / (m + mPrev));
    const noRoot = (m: number, mPrev: number) => 6 / Math.sqrt(m + mPrev);
    await expectVerdicts(check.glorotLimit, right, noRoot, "√6, not 6");
    const r = await check.glorotLimit((m: number, mPrev: number) => m + mPrev, quiet);
    expect(r.ok).toBe(false);
    expectSecret(out.printed, r, [
      Math.sqrt(6 / 200),
      Math.sqrt(6 / 794),
      Math.sqrt(6 / 9),
      Math.sqrt(6 / 96),
    ]);
  });
});
