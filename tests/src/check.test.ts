// dl.check: right answers pass, wrong ones get a hint, stubs never crash, and the expected value
// never appears in what is printed or returned.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { inspect } from "node:util";
import * as check from "../../src/check";
import * as bp from "../../src/backprop";

let printed: string[] = [];
let spy: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  printed = [];
  spy = vi.spyOn(console, "log").mockImplementation((...a: unknown[]) => void printed.push(a.join(" ")));
});
afterEach(() => spy.mockRestore());

let before = 0;
beforeAll(() => {
  before = tf.memory().numTensors;
});
afterAll(() => expect(tf.memory().numTensors).toBe(before));

/** The printed line, the message and the inspected result hold none of these numbers, at any precision. */
function expectSecret(r: check.CheckResult, secrets: number[]): void {
  const text = [...printed, r.message, inspect(r), String(r)].join("\n");
  for (const v of secrets) {
    for (let p = 3; p <= 10; p++) {
      for (const s of [v.toPrecision(p), v.toFixed(p), String(v)]) {
        if (s.replace(/[-0.]/g, "").length >= 2) expect(text).not.toContain(s);
      }
    }
  }
}

const notYet = (r: check.CheckResult, hint: RegExp) => {
  expect(r.ok).toBe(false);
  expect(r.message).toMatch(/^✘ .*: not yet — /);
  expect(r.message).toMatch(hint);
  expect(printed).toContain(r.message);
};

describe("dl.check.close", () => {
  it("right within tolerance, wrong with the given hint, never the reference", async () => {
    const ok = await check.close(
      "z",
      () => 0.7310585,
      () => 1 / (1 + Math.exp(-1)),
    );
    expect(ok.ok).toBe(true);
    expect(printed).toEqual(["✔ z: right"]);
    const bad = await check.close("z", 0.75, () => 1 / (1 + Math.exp(-1)), { hint: "apply σ to z" });
    notYet(bad, /apply σ to z/);
    expectSecret(bad, [1 / (1 + Math.exp(-1))]);
    expect(inspect(bad)).toBe("✘"); // the verdict is printed once, not repeated as the value
    expect(inspect(ok)).toBe("✔");
    expect({ ok: bad.ok, name: bad.name }).toEqual({ ok: false, name: "z" });
    // the line is printed once, not repeated as the value
    expect(String(bad)).toBe(bad.message);
  });

  it("stubs that throw, return undefined or NaN give 'not yet', never a crash", async () => {
    notYet(
      await check.close(
        "a",
        () => {
          throw new Error("TODO");
        },
        3.14159,
      ),
      /threw an error: TODO/,
    );
    notYet(await check.close("a", () => undefined, 3.14159), /returned undefined: is the stub filled in/);
    notYet(await check.close("a", () => NaN, 3.14159), /NaN at index 0/);
    notYet(await check.close("a", () => "x", 3.14159), /number, an array or a tensor, got string/);
    expectSecret((await check.close("a", () => [1, 2], 3.14159)) as check.CheckResult, [3.14159]);
  });

  it("tensors compare by value; a wrong shape names the expected shape", async () => {
    const ref = [[1.25, -2.5, 3.75]];
    expect((await check.close("W", () => tf.tensor2d(ref), ref)).ok).toBe(true);
    expect((await check.close("W", () => tf.tensor1d(ref[0]), ref)).ok).toBe(true); // a row is still the numbers
    notYet(
      await check.close("W", () => tf.tensor2d([[1.25], [-2.5], [3.75], [0]]), ref),
      /shape \[1, 3\], got shape \[4, 1\]/,
    );
    const t = tf.tensor2d(ref);
    expect((await check.close("W", t, ref)).ok).toBe(true);
    expect(t.isDisposed).toBe(false); // a tensor the student passed stays theirs
    t.dispose();
  });
});

describe("checks print before they return (a kernel does not wait for a promise nobody awaited)", () => {
  it("close, σ via tanh, optimizer steps and the split are synchronous; intermediate tensors are freed", () => {
    const r = check.close(
      "x",
      () => 2,
      () => 3,
    );
    expect(r).not.toBeInstanceOf(Promise);
    expect(printed).toEqual([r.message]);
    const n = tf.memory().numTensors;
    const leaky = (z: number) => tf.sigmoid(tf.scalar(z)).mul(1); // makes 3 tensors per call, returns 1
    expect(check.sigmoidViaTanh(leaky).ok).toBe(true);
    expect(tf.memory().numTensors).toBe(n);
    expect(
      check.optimizerStep("sgd", (th, g, _s, h) => th.map((t, i) => t - h.lr * g[i])),
    ).not.toBeInstanceOf(Promise);
    notYet(
      check.close("x", async () => 3, 3),
      /returned a Promise/,
    );
    const b = check.backward((n, c, yy) => bp.backward(n, c, yy));
    expect(b).not.toBeInstanceOf(Promise);
    expect((b as check.CheckResult).ok).toBe(true);
  });
});

describe("lab 01 checks", () => {
  const rosenblatt = (w: number[], b: number, x: number[], y: number, lr: number) => {
    const err = y - (w.reduce((s, wi, i) => s + wi * x[i], b) > 0 ? 1 : 0);
    return { w: w.map((wi, i) => wi + lr * err * x[i]), b: b + lr * err };
  };
  it("perceptron update: right rule passes, each typical slip gets its hint", async () => {
    expect((await check.perceptronUpdate(rosenblatt)).ok).toBe(true);
    notYet(
      await check.perceptronUpdate((w, b, x, y, lr) => ({
        w: w.map((wi, i) => wi + lr * y * x[i]),
        b: b + lr * y,
      })),
      /nothing should change|direction|should move/,
    );
    notYet(
      await check.perceptronUpdate((w, b, x, y, lr) => ({ ...rosenblatt(w, b, x, y, lr), b })),
      /b moves too/,
    );
    notYet(
      await check.perceptronUpdate(() => {
        throw new Error("not implemented");
      }),
      /threw an error/,
    );
  });

  it("NAND gate, decision line", async () => {
    expect((await check.gate("nand", { w: [-2, -2], b: 3 })).ok).toBe(true);
    notYet(await check.gate("nand", { w: [2, 2], b: -3 }), /inputs \(0, 0\)/);
    expect((await check.gate("or", { w: [1, 1], b: -0.5 })).ok).toBe(true);
    expect(
      (await check.decisionLine((a, b) => (1 + 3 * a - 2 * b > 0 ? 1 : 0), { w0: 1, w: [3, -2] })).ok,
    ).toBe(true);
    notYet(
      await check.decisionLine((a, b) => (1 + 3 * a + 2 * b > 0 ? 1 : 0), { w0: 1, w: [3, -2] }),
      /wrong side/,
    );
  });
});

describe("lab 02 checks", () => {
  it("σ via tanh: right, tanh(z) instead of tanh(z/2), and a NaN stub", async () => {
    expect((await check.sigmoidViaTanh((z) => (1 + Math.tanh(z / 2)) / 2)).ok).toBe(true);
    expect((await check.sigmoidViaTanh((z) => tf.tidy(() => tf.sigmoid(tf.scalar(z))))).ok).toBe(true);
    notYet(await check.sigmoidViaTanh((z) => (1 + Math.tanh(z)) / 2), /z\/2, not z/);
    notYet(await check.sigmoidViaTanh(() => NaN), /gives NaN/);
  });

  it("σ′ and the quadratic cost, with factor-of-2 and per-sample hints; the value is never shown", async () => {
    expect(
      (await check.sigmoidPrime((z) => tf.tidy(() => tf.sigmoid(z).mul(tf.sub(1, tf.sigmoid(z)))))).ok,
    ).toBe(true);
    notYet(await check.sigmoidPrime((z) => tf.sigmoid(z)), /σ\(z\)\(1 − σ\(z\)\)/);
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
    notYet(noHalf, /factor of 2/);
    expect(secret).toBeGreaterThan(0);
    expectSecret(noHalf, [secret, 2 * secret]);
    notYet(await check.cost((a, y) => tf.tidy(() => tf.sum(tf.square(tf.sub(y, a))).div(2))), /divide by n/);
  });

  it("backward: the reference passes; a missing σ′ in layer 2 names layer 2; wrong shapes and stubs get hints", async () => {
    expect((await check.backward((n, c, y) => bp.backward(n, c, y))).ok).toBe(true);
    const noPrime = (net: bp.Network, cache: bp.ForwardCache, y: tf.Tensor2D) => {
      const L = net.weights.length;
      const d: tf.Tensor[] = [];
      d[L - 1] = tf.sub(cache.a[L], y).div(y.shape[0]).mul(bp.activatePrime(cache.z[L], "sigmoid"));
      for (let l = L - 1; l >= 1; l--) d[l - 1] = d[l].matMul(net.weights[l]); // σ′(zˡ) forgotten
      return { dW: d.map((di, i) => di.matMul(cache.a[i], true, false)), db: d.map((di) => di.sum(0)) };
    };
    notYet(
      await check.backward(noPrime),
      /layer 1 weights \(dW1\) is wrong.*check δ1 = \(\(w2\)ᵀ δ2\) ⊙ σ′\(z1\)/,
    );
    const transposed = (n: bp.Network, c: bp.ForwardCache, y: tf.Tensor2D) => {
      const g = bp.backward(n, c, y);
      return { dW: g.dW.map((w) => w.transpose()), db: g.db };
    };
    notYet(await check.backward(transposed), /must have shape \[3,2\], got \[2,3\]/);
    notYet(await check.backward(() => undefined as never), /must be a tensor or an array|got nothing/);
    notYet(
      await check.backward(() => {
        throw new Error("write me");
      }),
      /write me/,
    );
  });
});

describe("lab 03 checks: optimizer steps", () => {
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
    notYet(r, /first step is off: t ← t \+ 1 first, then m̂ = m\/\(1−β₁ᵗ\)/);
    expect((await check.optimizerStep("sgd", (th, g, _s, h) => th.map((t, i) => t - h.lr * g[i]))).ok).toBe(
      true,
    );
    notYet(await check.optimizerStep("rmsprop", () => [NaN, 0]), /NaN at index 0/);
  });
});

describe("lab 04 checks", () => {
  it("L2 (½‖w‖², factor-2 hint), L1, and λ forgotten", async () => {
    const sq = (w: number[]) => w.reduce((s, v) => s + v * v, 0);
    expect((await check.penalty("l2", (w, l) => l * 0.5 * sq(w))).ok).toBe(true);
    const two = await check.penalty("l2", (w, l) => l * sq(w));
    notYet(two, /factor of 2/);
    expectSecret(two, [0.3 * 0.5 * sq([0.5, -1.5, 2, 0, -0.25])]);
    notYet(await check.penalty("l2", (w) => 0.5 * sq(w)), /multiply by λ/);
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
    notYet(await check.split(inOrder), /shuffle/);
    notYet(
      await check.split((n) => ({ train: [...Array(n).keys()], validation: [0, 1, 2] })),
      /in both sets/,
    );
    notYet(await check.split(() => ({ train: [1, 2], validation: [3] })), /2|3 of 50/);
  });
});
