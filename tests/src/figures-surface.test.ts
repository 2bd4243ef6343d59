// The surface payload by its content: grid values, thinned paths ending at the last point, minima, log scale.
import { describe, expect, it } from "vitest";
import { surfaceFigure, surfaceSummary, thinPath } from "../../src/figures/surface";
import { bowl, rosenbrock, saddle, parabola } from "../../src/surfaces";

describe("surfaceFigure", () => {
  it("samples f on the grid over the domain", () => {
    const fig = surfaceFigure(rosenbrock, [], { resolution: 11 });
    expect(fig.kind).toBe("surface");
    expect(fig.grid.x).toHaveLength(11);
    expect(fig.grid.x[0]).toBe(-2);
    expect(fig.grid.x[10]).toBe(2);
    expect(fig.grid.y[0]).toBe(-1);
    expect(fig.grid.y[10]).toBe(3);
    // z[row][col] is f(x[col], y[row]) — computed here from the formula, not from the surface object
    const [r, c] = [3, 7];
    const x = fig.grid.x[c];
    const y = fig.grid.y[r];
    expect(fig.grid.z[r][c]).toBeCloseTo((1 - x) ** 2 + 100 * (y - x * x) ** 2, 10);
    expect(fig.logZ).toBe(true);
    expect(fig.minima).toEqual([{ x: 1, y: 1, label: "global minimum" }]);
  });

  it("keeps at most 1,000 points per path, the first and the last included", () => {
    const long = Array.from({ length: 5001 }, (_, i) => [i / 5000, -i / 5000]);
    const fig = surfaceFigure(bowl, [{ name: "SGD", points: long }, { name: "Adam", points: long.slice(0, 10) }]);
    const [a, b] = fig.trajectories;
    expect(a.x.length).toBeLessThanOrEqual(1000);
    expect(a.x[0]).toBe(0);
    expect(a.x[a.x.length - 1]).toBe(1);
    expect(a.y[a.y.length - 1]).toBe(-1);
    expect(b.x).toHaveLength(10);
    expect(thinPath(3)).toEqual([0, 1, 2]);
    expect(new Set(thinPath(2000)).size).toBe(1000);
  });

  it("marks saddles and minima, honours logZ, status and final; the payload stays small", () => {
    const fig = surfaceFigure(saddle, [{ name: "x", points: [[0, 0.1]] }], { status: "step 1/1", final: true, logZ: false });
    expect(fig.minima?.map((m) => m.label)).toContain("saddle point");
    expect(fig.logZ).toBeUndefined();
    expect(fig.final).toBe(true);
    expect(JSON.stringify(fig).length).toBeLessThan(100_000);
    expect(surfaceSummary(fig)).toMatch(/x ends at \(0, 0\.1\) — step 1\/1/);
  });

  it("rejects a non-finite path point, a 1-D surface and a bad resolution", () => {
    expect(() => surfaceFigure(bowl, [{ name: "Adam", points: [[0, 0], [NaN, 1]] }])).toThrow(/"Adam".x.*NaN at index 1/);
    expect(() => surfaceFigure(parabola, [])).toThrow(/2-D surface, got dim 1/);
    expect(() => surfaceFigure(bowl, [], { resolution: 1 })).toThrow(/"resolution"/);
  });
});
