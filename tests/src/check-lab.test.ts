import { describe, expect, it } from "vitest";
import * as checkLab from "../../src/check-lab";

const quiet = { print: false };
const stub = () => {
  throw new Error("not implemented yet");
};
const sig = (z: number) => 1 / (1 + Math.exp(-z));

/** Each check: a right answer passes, a typical mistake gets the named hint, a stub says "not yet". */
async function expectVerdicts(
  check: (fn: never, opts: { print: boolean }) => Promise<{ ok: boolean; message: string }>,
  right: unknown,
  wrong: unknown,
  hint: string,
) {
  const good = await check(right as never, quiet);
  expect(good.message).toMatch(/: right$/);
  expect(good.ok).toBe(true);
  const bad = await check(wrong as never, quiet);
  expect(bad.ok).toBe(false);
  expect(bad.message).toContain("not yet");
  expect(bad.message).toContain(hint);
  const none = await check(stub as never, quiet);
  expect(none.ok).toBe(false);
  expect(none.message).toContain("not yet");
  expect(none.message).toContain("not implemented yet");
}

describe("dl.checkLab", () => {
  it("activationDerivatives", async () => {
    const right = (z: number) => ({
      sigmoid: sig(z) * (1 - sig(z)),
      tanh: 1 - Math.tanh(z) ** 2,
      relu: z > 0 ? 1 : 0,
    });
    // the classic slip: σ′ evaluated at σ(z) instead of z
    const wrong = (z: number) => ({ ...right(z), sigmoid: sig(sig(z)) * (1 - sig(sig(z))) });
    await expectVerdicts(checkLab.activationDerivatives, right, wrong, "sigmoid′ is not right yet");
  });

  it("stepPerceptron, with 0 exactly on the threshold", async () => {
    const right = (x: number[], w: number[], b: number) =>
      w.reduce((s, wi, i) => s + wi * x[i], b) > 0 ? 1 : 0;
    const wrong = (x: number[], w: number[], b: number) =>
      w.reduce((s, wi, i) => s + wi * x[i], b) >= 0 ? 1 : 0;
    await expectVerdicts(checkLab.stepPerceptron, right, wrong, "on the threshold");
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
    await expectVerdicts(checkLab.softmax, right, naive, "subtract max(z)");
  });

  it("bce: mean, natural log, clipping", async () => {
    const right = (t: number[], p: number[]) =>
      t.reduce((s, ti, i) => {
        const q = Math.min(1 - 1e-7, Math.max(1e-7, p[i]));
        return s - (ti * Math.log(q) + (1 - ti) * Math.log(1 - q));
      }, 0) / t.length;
    const summed = (t: number[], p: number[]) => right(t, p) * t.length;
    await expectVerdicts(checkLab.bce, right, summed, "mean over the examples");
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
    await expectVerdicts(checkLab.twoWeightGrads, right, forgotX, "∂z₁/∂w₁ = x");
  });

  it("dropout: inverted scaling, identity at test time", async () => {
    const right = (a: number[], p: number, training: boolean, rand: () => number) =>
      training ? a.map((v) => (rand() < p ? 0 : v / (1 - p))) : a.slice();
    const unscaled = (a: number[], p: number, training: boolean, rand: () => number) =>
      training ? a.map((v) => (rand() < p ? 0 : v)) : a.slice();
    await expectVerdicts(checkLab.dropout, right, unscaled, "scale the kept activations");
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
    await expectVerdicts(checkLab.stopPoint, right, zeroBased, "epochs count from 1");
  });

  it("glorotLimit", async () => {
    const right = (m: number, mPrev: number) => Math.sqrt(6 / (m + mPrev));
    const noRoot = (m: number, mPrev: number) => 6 / Math.sqrt(m + mPrev);
    await expectVerdicts(checkLab.glorotLimit, right, noRoot, "√6, not 6");
  });

  it("never prints the expected values in its hints", async () => {
    const wrong = (m: number, mPrev: number) => m + mPrev;
    const r = await checkLab.glorotLimit(wrong, quiet);
    expect(r.ok).toBe(false);
    expect(r.message).not.toMatch(/0\.17|0\.08|0\.8/); // √6/√200, √6/√794, √6/√9
  });
});
