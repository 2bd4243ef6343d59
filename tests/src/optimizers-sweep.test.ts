// dl.lrSweep: on f(x) = x² gradient descent x ← (1 − 2η)x converges for η < 1 (smoothly for η ≤ 0.5),
// bounces for 0.5 < η < 1 and diverges for η > 1 — the verdicts must follow that analysis.
import { afterEach, describe, expect, it, vi } from "vitest";
import { lrSweep } from "../../src/optimizers/sweep";
import type { ScatterFigure, SurfaceFigure } from "../../src/payload";

afterEach(() => vi.restoreAllMocks());

describe("dl.lrSweep", () => {
  it("1-D parabola: too small, about right, overshooting, diverging — as (1 − 2η)ᵏ predicts", () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    const r = lrSweep({ surface: "parabola", lrs: [0.01, 0.3, 0.9, 1.1], steps: 40 });
    expect(r.runs.map((x) => x.verdict)).toEqual([
      "too small",
      "about right",
      "too large: overshoots",
      "too large: diverges",
    ]);
    // η = 0.01: x₄₀ = 2.5 · 0.98⁴⁰ exactly
    expect(r.runs[0].points[40][0]).toBeCloseTo(2.5 * 0.98 ** 40, 10);
    expect(r.runs[3].message).toMatch(/η = 1.1: diverges at step \d+/);
    const fig = r.figure as ScatterFigure;
    expect(fig.kind).toBe("scatter");
    expect(fig.series[0].name).toBe("f(x)");
    expect(fig.series[1].y[0]).toBeCloseTo(6.25, 12);
    expect(JSON.stringify(fig)).not.toMatch(/NaN|Infinity|null/);
    expect(log).toHaveBeenCalled();
  });

  it("two wells: a small rate settles in the shallow local minimum", () => {
    const r = lrSweep({ surface: "wells", lrs: [0.05], steps: 60, display: false });
    expect(r.runs[0].verdict).toBe("stuck in a local minimum");
    expect(r.runs[0].points[60][0]).toBeGreaterThan(1);
  });

  it("2-D valley: a surface figure with one path per rate, labelled by its verdict", () => {
    const r = lrSweep({ surface: "valley", lrs: [0.05, 0.3, 0.6], steps: 40, display: false });
    expect(r.runs.map((x) => x.verdict)).toEqual(["too small", "about right", "too large: diverges"]);
    const fig = r.figure as SurfaceFigure;
    expect(fig.kind).toBe("surface");
    expect(fig.trajectories.map((t) => t.name)).toEqual([
      "η = 0.05 — too small",
      "η = 0.3 — about right",
      "η = 0.6 — too large: diverges",
    ]);
  });

  it("a loss that grows is called diverging even before it blows up", () => {
    const r = lrSweep({ surface: "parabola", lrs: [1.1], steps: 10, display: false });
    expect(r.runs[0].verdict).toBe("too large: diverges");
    expect(r.runs[0].message).toMatch(/loss grows at every step \(6.25 → /);
    expect(r.runs[0].points).toHaveLength(11);
  });

  it("bad learning rates are named", () => {
    expect(() => lrSweep({ surface: "parabola", lrs: [0.1, -1], display: false })).toThrow(
      /"opts.lrs".*positive.*-1/,
    );
  });
});
