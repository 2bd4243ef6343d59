// dl.lrSweep against the analysis of gradient descent on a quadratic: along a direction of curvature λ
// one step multiplies the coordinate by (1 − λη), so it moves monotonically for η ≤ 1/λ, zig-zags
// (the sign flips every step, still converging) for 1/λ < η < 2/λ and diverges for η > 2/λ.
// f(x) = x² has λ = 2; the valley 0.1x² + 2y² has λ = 0.2 along x and λ = 4 across (along y).
import { afterEach, describe, expect, it, vi } from "vitest";
import { lrSweep, oscillation } from "../../src/optimizers/sweep";
import type { ScatterFigure, SurfaceFigure } from "../../src/payload";

afterEach(() => vi.restoreAllMocks());

/** The regime the analysis predicts for the largest curvature λ (the smaller ones only set the pace). */
const regime = (lambda: number, eta: number) =>
  lambda * eta <= 1 ? "monotone" : lambda * eta < 2 ? "zig-zags" : "diverges";

describe("oscillation: sign changes of successive steps, per coordinate", () => {
  it("on y ← (1 − λη)y every step flips for λη > 1 and none does for λη ≤ 1; the ratio is 1 − λη", () => {
    for (const c of [0.9, 0.5, 0, -0.2, -0.8, -0.99]) {
      const points = Array.from({ length: 30 }, (_, k) => [3 * 0.95 ** k, 1.2 * c ** k]);
      const [x, y] = oscillation(points);
      expect(x.flips).toBe(0);
      expect(x.ratio).toBeCloseTo(0.95, 12);
      expect(y.flips).toBe(c < 0 ? 1 : 0);
      if (c !== 0) expect(y.ratio).toBeCloseTo(c, 12);
    }
  });

  it("ignores steps that are rounding noise after a coordinate converged", () => {
    const points = [[1], [0.1], [0.01], [0.01 + 1e-13], [0.01 - 1e-13], [0.01 + 1e-13]];
    expect(oscillation(points)[0].flips).toBe(0);
  });
});

describe("dl.lrSweep", () => {
  it("1-D parabola (λ = 2): creeps, smooth up to η = 1/λ, zig-zags below 2/λ, diverges above", () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    const lrs = [0.01, 0.3, 0.5, 0.8, 0.9, 1.1];
    const r = lrSweep({ surface: "parabola", lrs, steps: 40 });
    expect(r.runs.map((x) => x.verdict)).toEqual([
      "creeps",
      "converges smoothly",
      "converges smoothly",
      "zig-zags",
      "zig-zags",
      "diverges",
    ]);
    // the verdicts follow the analysis (η = 0.01 is monotone too, only slow)
    expect(lrs.map((eta) => regime(2, eta))).toEqual([
      "monotone",
      "monotone",
      "monotone",
      "zig-zags",
      "zig-zags",
      "diverges",
    ]);
    // η = 0.01: x₄₀ = 2.5 · 0.98⁴⁰ exactly
    expect(r.runs[0].points[40][0]).toBeCloseTo(2.5 * 0.98 ** 40, 10);
    expect(r.runs[3].message).toMatch(
      /zig-zags — each step reverses the last along x \(step ratio -0\.6\); converges/,
    );
    expect(r.runs[5].message).toMatch(/η = 1.1: diverges at step \d+/);
    const fig = r.figure as ScatterFigure;
    expect(fig.kind).toBe("scatter");
    expect(fig.series[0].name).toBe("f(x)");
    expect(fig.series[1].y[0]).toBeCloseTo(6.25, 12);
    expect(JSON.stringify(fig)).not.toMatch(/NaN|Infinity|null/);
    expect(log).toHaveBeenCalled();
  });

  it("η = 1/λ·2 exactly on the parabola bounces for ever: zig-zags without settling, not 'converges'", () => {
    const r = lrSweep({ surface: "parabola", lrs: [1], steps: 20, display: false });
    expect(r.runs[0].verdict).toBe("zig-zags");
    expect(r.runs[0].message).toMatch(/step ratio -1\).*without settling/);
  });

  it("2-D valley (λ = 0.2 and 4): the regime follows λ_max = 4 — η = 0.45 zig-zags across y", () => {
    const lrs = [0.05, 0.2, 0.25, 0.3, 0.45, 0.49, 0.6];
    const r = lrSweep({ surface: "valley", lrs, steps: 60, display: false });
    expect(r.runs.map((x) => x.verdict)).toEqual([
      "creeps",
      "converges smoothly",
      "converges smoothly",
      "zig-zags",
      "zig-zags",
      "zig-zags",
      "diverges",
    ]);
    for (const [i, eta] of lrs.entries()) {
      // per coordinate: x never oscillates (0.2η < 1), y oscillates exactly when 4η > 1
      const [x, y] = oscillation(r.runs[i].points);
      expect(x.flips).toBe(0);
      if (regime(4, eta) === "zig-zags") {
        expect(y.flips).toBe(1);
        expect(y.ratio).toBeCloseTo(1 - 4 * eta, 9);
      } else if (regime(4, eta) === "monotone") expect(y.flips).toBe(0);
    }
    expect(r.runs[4].message).toMatch(/η = 0.45: zig-zags — .*along y \(step ratio -0.8\); converges/);
    const fig = r.figure as SurfaceFigure;
    expect(fig.kind).toBe("surface");
    expect(fig.trajectories.map((t) => t.name).slice(4)).toEqual([
      "η = 0.45 — zig-zags",
      "η = 0.49 — zig-zags",
      "η = 0.6 — diverges",
    ]);
  });

  it("two wells: a small rate settles in the shallow local minimum", () => {
    const r = lrSweep({ surface: "wells", lrs: [0.05], steps: 60, display: false });
    expect(r.runs[0].verdict).toBe("stuck in a local minimum");
    expect(r.runs[0].points[60][0]).toBeGreaterThan(1);
  });

  it("a loss that grows is called diverging even before it blows up", () => {
    const r = lrSweep({ surface: "parabola", lrs: [1.1], steps: 10, display: false });
    expect(r.runs[0].verdict).toBe("diverges");
    expect(r.runs[0].message).toMatch(/loss grows at every step \(6.25 → /);
    expect(r.runs[0].points).toHaveLength(11);
  });

  it("bad learning rates are named", () => {
    expect(() => lrSweep({ surface: "parabola", lrs: [0.1, -1], display: false })).toThrow(
      /"opts.lrs".*positive.*-1/,
    );
  });
});
