// The surface payload by its content: grid values, thinned paths ending at the last point, minima, log scale.
import { describe, expect, it } from "vitest";
import { surfaceFigure, surfaceSummary, thinPath } from "../../src/figures/surface";
import { bowl, rosenbrock, saddle, parabola } from "../../src/surfaces";
import { argumentError } from "./argument-error";

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
    const want = (1 - x) ** 2 + 100 * (y - x * x) ** 2;
    expect(Math.abs(fig.grid.z[r][c] - want)).toBeLessThanOrEqual(1e-4 * Math.abs(want)); // 5 significant digits
    expect(fig.logZ).toBe(true);
    expect(fig.minima).toEqual([{ x: 1, y: 1, label: "global minimum" }]);
  });

  it("keeps at most 1,000 points per path, the first and the last included", () => {
    const long = Array.from({ length: 5001 }, (_, i) => [i / 5000, -i / 5000]);
    const fig = surfaceFigure(bowl, [
      { name: "SGD", points: long },
      { name: "Adam", points: long.slice(0, 10) },
    ]);
    const [a, b] = fig.trajectories;
    expect(a.x.length).toBeLessThanOrEqual(1000);
    expect(a.x[0]).toBe(0);
    expect(a.x[a.x.length - 1]).toBe(1);
    expect(a.y[a.y.length - 1]).toBe(-1);
    expect(b.x).toHaveLength(10);
    expect(thinPath(3)).toEqual([0, 1, 2]);
    expect(new Set(thinPath(2000)).size).toBe(1000);
  });

  it("six 1,000-point paths and the grid stay under 100 KB (≤ 4,000 points in all); coordinates are rounded to 1e-4 of the span", () => {
    const path = Array.from({ length: 1000 }, (_, i) => [
      Math.cos(i / 37) * 1.7 + 1e-9,
      Math.sin(i / 53) * 1.9,
    ]);
    const fig = surfaceFigure(
      bowl,
      Array.from({ length: 6 }, (_, k) => ({ name: `opt${k}`, points: path })),
    );
    expect(JSON.stringify(fig).length).toBeLessThan(100_000);
    for (const t of fig.trajectories) expect(t.x.length).toBeLessThanOrEqual(667);
    expect(fig.trajectories[0].x.at(-1)).toBeCloseTo(path[999][0], 3);
    const one = surfaceFigure(bowl, [{ name: "a", points: path }]);
    expect(Math.abs(one.trajectories[0].x[5] - path[5][0])).toBeLessThanOrEqual(4e-4 / 2 + 1e-12);
  });

  it("marks saddles and minima, honours logZ, status and final; the payload stays small", () => {
    const fig = surfaceFigure(saddle, [{ name: "x", points: [[0, 0.1]] }], {
      status: "step 1/1",
      final: true,
      logZ: false,
    });
    expect(fig.minima?.map((m) => m.label)).toContain("saddle point");
    expect(fig.logZ).toBeUndefined();
    expect(fig.final).toBe(true);
    expect(JSON.stringify(fig).length).toBeLessThan(100_000);
    expect(surfaceSummary(fig)).toMatch(/x ends at \(0, 0\.1\) — step 1\/1/);
  });

  it("rejects a non-finite path point, a 1-D surface and a bad resolution", () => {
    expect(() =>
      surfaceFigure(bowl, [
        {
          name: "Adam",
          points: [
            [0, 0],
            [NaN, 1],
          ],
        },
      ]),
    ).toThrow(/"Adam".x.*NaN at index 1/);
    expect(() => surfaceFigure(parabola, [])).toThrow(/2-D surface, got a surface of dim 1/);
    const e = argumentError(() => surfaceFigure(bowl, [], { resolution: 1 }));
    expect([e.fn, e.argument, e.got]).toEqual(["dl.surfaceFigure", "opts.resolution", "1"]);
  });
});
