import { describe, expect, it } from "vitest";
import { leastSquares, polyFeatures, polyfit, polyval } from "../../src/polyfit";
import { argumentError } from "./argument-error";

/** Independent reference: solve the normal equations (ΦᵀΦ + λI)w = Φᵀy by Gauss–Jordan elimination. */
function normalEquations(phi: number[][], y: number[], lambda = 0): number[] {
  const k = phi[0].length;
  const M = Array.from({ length: k }, (_, i) => [
    ...Array.from({ length: k }, (_, j) => phi.reduce((s, r) => s + r[i] * r[j], 0) + (i === j ? lambda : 0)),
    phi.reduce((s, r, n) => s + r[i] * y[n], 0),
  ]);
  for (let c = 0; c < k; c++) {
    let p = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(M[r][c]) > Math.abs(M[p][c])) p = r;
    [M[c], M[p]] = [M[p], M[c]];
    for (let r = 0; r < k; r++) {
      if (r === c) continue;
      const f = M[r][c] / M[c][c];
      for (let j = c; j <= k; j++) M[r][j] -= f * M[c][j];
    }
  }
  return M.map((row, i) => row[k] / row[i]);
}

describe("leastSquares", () => {
  it("recovers an exact line and agrees with the normal equations on noisy data", () => {
    const w = leastSquares(
      [
        [1, 0],
        [1, 1],
        [1, 2],
      ],
      [1, 3, 5],
    );
    expect(w[0]).toBeCloseTo(1, 12);
    expect(w[1]).toBeCloseTo(2, 12);
    const phi = [
      [1, 0.1, 3],
      [1, 0.5, -1],
      [1, 0.9, 0.2],
      [1, 1.4, 2],
      [1, 2.2, -0.7],
      [1, 3, 1],
    ];
    const y = [0.3, -1.2, 0.8, 2.5, 1.1, -0.4];
    const got = leastSquares(phi, y);
    normalEquations(phi, y).forEach((v, i) => expect(got[i]).toBeCloseTo(v, 10));
  });

  it("ridge matches the closed form Σxy / (Σx² + λ) in one dimension, and the normal equations in several", () => {
    const x = [1, 2, 3];
    const y = [2, 3, 7];
    const lambda = 0.5;
    const want = (1 * 2 + 2 * 3 + 3 * 7) / (1 + 4 + 9 + lambda);
    expect(
      leastSquares(
        x.map((v) => [v]),
        y,
        { l2: lambda },
      )[0],
    ).toBeCloseTo(want, 12);
    const phi = polyFeatures([0, 0.2, 0.4, 0.6, 0.8, 1], 3);
    const t = [0, 0.9, 0.6, -0.5, -1, 0.1];
    const got = leastSquares(phi, t, { l2: 0.01 });
    normalEquations(phi, t, 0.01).forEach((v, i) => expect(got[i]).toBeCloseTo(v, 8));
  });

  it("interpolates ten points exactly with degree 9 (where float32 or normal equations fail)", () => {
    const xs = Array.from({ length: 10 }, (_, i) => i / 9 + 0.01 * Math.sin(i));
    const ys = xs.map((v) => Math.sin(2 * Math.PI * v) + 0.1 * Math.cos(7 * v));
    const w = polyfit(xs, ys, 9);
    xs.forEach((v, i) => expect(polyval(w, v)).toBeCloseTo(ys[i], 6));
  });

  it("shrinks the weights as λ grows", () => {
    const xs = Array.from({ length: 10 }, (_, i) => i / 9);
    const ys = xs.map((v) => Math.sin(2 * Math.PI * v));
    const norms = [0, 1e-4, 1e-1, 10].map((l) => Math.hypot(...polyfit(xs, ys, 9, { l2: l })));
    for (let i = 1; i < norms.length; i++) expect(norms[i]).toBeLessThan(norms[i - 1]);
  });

  it("rejects bad input naming the argument", () => {
    expect(() => leastSquares([[1, 2], [3]], [1, 2])).toThrow(
      'dl.leastSquares: argument "phi": expected every row to have 2 values like row 0, got 1 values in row 1.',
    );
    expect(() => leastSquares([[1], [2]], [1])).toThrow(
      'dl.leastSquares: argument "y": expected one target per row of phi (2), got 1 targets.',
    );
    expect(() => leastSquares([[1], [NaN]], [1, 2])).toThrow(
      'argument "phi": expected finite numbers, got NaN at [1][0]',
    );
    expect(() => leastSquares([[1, 2, 3]], [1])).toThrow("1 rows, which cannot determine 3 weights");
    expect(() =>
      leastSquares(
        [
          [1, 1],
          [2, 2],
        ],
        [1, 2],
      ),
    ).toThrow("linearly dependent");
    expect(() => leastSquares([[1]], [1], { l2: -1 })).toThrow(
      'argument "opts.l2": expected a finite number ≥ 0, got -1',
    );
    expect(() => polyFeatures([1], 1.5)).toThrow(
      'dl.polyFeatures: argument "degree": expected an integer ≥ 0, got 1.5',
    );
    const dep = argumentError(() =>
      leastSquares(
        [
          [1, 1],
          [2, 2],
        ],
        [1, 2],
      ),
    );
    expect([dep.fn, dep.argument, dep.expected]).toEqual([
      "dl.leastSquares",
      "phi",
      "linearly independent columns",
    ]);
    expect(dep.got).toMatch(/column 1 depends on the others/);
    expect(dep.hint).toMatch(/positive opts.l2/);
  });

  it("names dl.polyfit's own arguments, not the features it builds", () => {
    const deg = argumentError(() => polyfit([0, 1, 1], [0, 1, 1], 2));
    expect([deg.fn, deg.argument, deg.got]).toEqual(["dl.polyfit", "degree", "2"]);
    expect(deg.expected).toMatch(/at most 1 \(one less than the 2 distinct x values\)/);
    // a penalty determines any degree
    expect(polyfit([0, 1, 1], [0, 1, 1], 2, { l2: 1e-3 })).toHaveLength(3);
    const nan = argumentError(() => polyfit([0, NaN], [0, 1], 1));
    expect([nan.argument, nan.got]).toEqual(["x", "NaN at index 1"]);
    expect(argumentError(() => polyfit([0, 1], [0], 1)).argument).toBe("y");
    expect(argumentError(() => polyfit([], [], 0)).argument).toBe("x");
  });
});

describe("polyFeatures and polyval", () => {
  it("build [1, x, …, x^d] and evaluate by Horner's rule", () => {
    expect(polyFeatures([2, -1], 3)).toEqual([
      [1, 2, 4, 8],
      [1, -1, 1, -1],
    ]);
    expect(polyval([1, 2, 3], 2)).toBe(1 + 4 + 12);
    expect(polyval([1, 2], [0, 1, 2])).toEqual([1, 3, 5]);
  });
});
