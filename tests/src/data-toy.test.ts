import { describe, expect, it } from "vitest";
import * as data from "../../src/data/index";
import { argumentError } from "./argument-error";

const TOYS = {
  linear: data.linear,
  circle: data.circle,
  xor: data.xor,
  gauss: data.gauss,
  spiral: data.spiral,
  moons: data.moons,
};

describe("rng", () => {
  it("repeats the same sequence for the same seed and differs for another", () => {
    const a = data.rng(7),
      b = data.rng(7),
      c = data.rng(8);
    const sa = Array.from({ length: 100 }, () => a.next());
    expect(Array.from({ length: 100 }, () => b.next())).toEqual(sa);
    expect(Array.from({ length: 100 }, () => c.next())).not.toEqual(sa);
    expect(sa.every((v) => v >= 0 && v < 1)).toBe(true);
  });
  it("draws uniform and normal numbers with the right moments", () => {
    const r = data.rng(1);
    const n = 100_000;
    const u = Array.from({ length: n }, () => r.next());
    const z = Array.from({ length: n }, () => r.normal(2, 3));
    const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
    const sd = (v: number[]) => {
      const m = mean(v);
      return Math.sqrt(mean(v.map((x) => (x - m) ** 2)));
    };
    expect(mean(u)).toBeCloseTo(0.5, 2);
    expect(sd(u)).toBeCloseTo(Math.sqrt(1 / 12), 2);
    expect(mean(z)).toBeCloseTo(2, 1);
    expect(sd(z)).toBeCloseTo(3, 1);
    // about 68.3 % of a normal lies within one std of the mean
    expect(z.filter((x) => Math.abs(x - 2) < 3).length / n).toBeCloseTo(0.683, 2);
  });
  it("makes permutations and integer draws in range", () => {
    const p = Array.from(data.rng(3).permutation(1000));
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(p).not.toEqual(Array.from({ length: 1000 }, (_, i) => i));
    const r = data.rng(4);
    const counts = new Array(5).fill(0);
    for (let i = 0; i < 50_000; i++) counts[r.int(5)]++;
    counts.forEach((c) => expect(Math.abs(c - 10_000)).toBeLessThan(400));
  });
  it("rejects a non-finite seed", () => {
    expect(() => data.rng(NaN)).toThrow(/seed.*NaN/);
    expect(argumentError(() => data.rng(Infinity)).argument).toBe("seed");
  });
});

describe("2-D toy sets", () => {
  for (const [name, make] of Object.entries(TOYS)) {
    it(`${name}: shape, balance, determinism`, () => {
      const d = make({ n: 201, seed: 5 });
      expect(d.x).toHaveLength(201);
      expect(d.y).toHaveLength(201);
      expect(d.x.every((p) => p.length === 2 && p.every(Number.isFinite))).toBe(true);
      expect(d.y.filter((v) => v === 0)).toHaveLength(101);
      expect(d.y.filter((v) => v === 1)).toHaveLength(100);
      expect(d.classes).toEqual(["0", "1"]);
      // classes are interleaved, not in two blocks
      expect(new Set(d.y.slice(0, 20)).size).toBe(2);
      expect(make({ n: 201, seed: 5 })).toEqual(d);
      expect(make({ n: 201, seed: 6 }).x).not.toEqual(d.x);
      expect(() => make({ n: 1 })).toThrow(/"opts.n": expected an integer ≥ 2.*, got 1/);
      const e = argumentError(() => make({ noise: -1 }));
      expect([e.fn, e.argument, e.got]).toEqual([`dl.data.${name}`, "opts.noise", "-1"]);
    });
  }
  it("linear follows the lecture's line 1 + 3x₁ − 2x₂ with its margin", () => {
    const d = data.linear({ n: 300, seed: 1, margin: 0.1 });
    d.x.forEach(([a, b], i) => {
      const dist = (1 + 3 * a - 2 * b) / Math.hypot(3, 2);
      expect(Math.abs(dist)).toBeGreaterThanOrEqual(0.1);
      expect(dist > 0 ? 1 : 0).toBe(d.y[i]);
    });
    // 4/√13 ≈ 1.11 is as far as class 0 can be from the line inside [−1, 1]²
    expect(data.linear({ n: 20, margin: 1.05 }).y.filter((v) => v === 0)).toHaveLength(10);
    const e = argumentError(() => data.linear({ margin: 1.2 }));
    expect([e.argument, e.got]).toEqual(["opts.margin", "1.2"]);
    expect(e.hint).toMatch(/no room for class 0/);
    expect(argumentError(() => data.linear({ margin: -0.1 })).argument).toBe("opts.margin");
  });
  it("xor and circle label by their geometric rule when there is no noise", () => {
    const x = data.xor({ n: 300, noise: 0, seed: 2 });
    x.x.forEach(([a, b], i) => expect(a * b < 0 ? 1 : 0).toBe(x.y[i]));
    const c = data.circle({ n: 300, noise: 0, seed: 2 });
    c.x.forEach(([a, b], i) => {
      const r = Math.hypot(a, b);
      expect(c.y[i] === 1 ? r < 0.5 : r >= 0.7 && r <= 1).toBe(true);
    });
  });
  it("gauss blobs have their means and noise as std", () => {
    const d = data.gauss({ n: 4000, noise: 0.3, seed: 3 });
    const ones = d.x.filter((_, i) => d.y[i] === 1).map((p) => p[0]);
    const m = ones.reduce((s, v) => s + v, 0) / ones.length;
    expect(m).toBeCloseTo(0.5, 1);
    expect(Math.sqrt(ones.reduce((s, v) => s + (v - m) ** 2, 0) / ones.length)).toBeCloseTo(0.3, 1);
  });
});

describe("lecture sets", () => {
  it("spam is linearly separable: the perceptron algorithm converges on it", () => {
    const d = data.spam({ seed: 0 });
    expect(d.classes).toEqual(["not spam", "spam"]);
    expect(d.features).toHaveLength(2);
    // Rosenblatt's algorithm as an independent check of separability
    let w = [0, 0, 0];
    let epochs = 0;
    for (let mistakes = 1; mistakes > 0 && epochs < 10_000; epochs++) {
      mistakes = 0;
      d.x.forEach(([a, b], i) => {
        const pred = w[0] + w[1] * a + w[2] * b > 0 ? 1 : 0;
        const t = d.y[i] - pred;
        if (t !== 0) {
          mistakes++;
          w = [w[0] + t, w[1] + t * a, w[2] + t * b];
        }
      });
    }
    expect(epochs).toBeLessThan(10_000);
    expect(data.spam({ seed: 0 })).toEqual(d);
  });
  it("passClass: lectures 0–12 (integers), hours 0–12, more effort passes more often", () => {
    const d = data.passClass({ n: 400, seed: 0 });
    expect(d.classes).toEqual(["fail", "pass"]);
    expect(d.x.every(([l, h]) => Number.isInteger(l) && l >= 0 && l <= 12 && h >= 0 && h <= 12)).toBe(true);
    const rate = (f: (p: number[]) => boolean) => {
      const idx = d.x.map((p, i) => (f(p) ? i : -1)).filter((i) => i >= 0);
      return idx.filter((i) => d.y[i] === 1).length / idx.length;
    };
    expect(rate(([l, h]) => l + h > 14)).toBeGreaterThan(0.9);
    expect(rate(([l, h]) => l + h < 6)).toBeLessThan(0.1);
  });
  it("sine: sorted x in range, residuals with the noise's std", () => {
    const d = data.sine({ n: 2000, noise: 0.2, seed: 1, xRange: [-1, 2] });
    expect(d.x.every((v, i) => v >= -1 && v < 2 && (i === 0 || v >= d.x[i - 1]))).toBe(true);
    const res = d.y.map((v, i) => v - Math.sin(2 * Math.PI * d.x[i]));
    const sd = Math.sqrt(res.reduce((s, v) => s + v * v, 0) / res.length);
    expect(sd).toBeCloseTo(0.2, 1.5);
    expect(data.sine({ n: 5, noise: 0 }).y).toEqual(
      data.sine({ n: 5, noise: 0 }).x.map((v) => Math.sin(2 * Math.PI * v)),
    );
    expect(() => data.sine({ xRange: [1, 0] })).toThrow(/xRange.*got \[1, 0\]/);
    expect(argumentError(() => data.sine({ n: 0 })).argument).toBe("opts.n");
    expect(argumentError(() => data.passClass({ n: 0 })).argument).toBe("opts.n");
  });
});
