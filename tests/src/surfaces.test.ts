// Surfaces: the stated gradient against central differences, and the stated minima against the gradient.
import { describe, expect, it } from "vitest";
import * as surfaces from "../../src/surfaces";
import { rng } from "../../src/data/rng";
import { argumentError } from "./argument-error";

function fd(f: (p: number[]) => number, p: number[]): number[] {
  return p.map((_, i) => {
    const h = 1e-5;
    const up = p.slice();
    const dn = p.slice();
    up[i] += h;
    dn[i] -= h;
    return (f(up) - f(dn)) / (2 * h);
  });
}

describe("dl.surfaces", () => {
  for (const s of Object.values(surfaces.ALL)) {
    it(`${s.name}: gradient matches central differences at 20 random points of its domain`, () => {
      const r = rng(`grad-${s.name}`);
      for (let k = 0; k < 20; k++) {
        const p = s.domain.map(([lo, hi]) => r.uniform(lo, hi));
        const g = s.grad(p);
        const ref = fd((q) => s.f(q), p);
        g.forEach((v, i) => expect(Math.abs(v - ref[i])).toBeLessThan(1e-5 * (1 + Math.abs(ref[i]))));
      }
    });

    it(`${s.name}: the listed points are stationary, with the stated values, and minima are lowest nearby`, () => {
      for (const pt of s.points) {
        expect(pt.at.length).toBe(s.dim);
        expect(Math.abs(s.f(pt.at) - pt.value)).toBeLessThan(1e-8);
        for (const gi of s.grad(pt.at)) expect(Math.abs(gi)).toBeLessThan(1e-4);
        if (pt.label.includes("minimum")) {
          for (let d = 0; d < s.dim; d++) {
            for (const h of [1e-3, -1e-3]) {
              const q = pt.at.slice();
              q[d] += h;
              expect(s.f(q)).toBeGreaterThan(pt.value);
            }
          }
        }
      }
      expect(s.points[0].label).toBe("global minimum");
      expect(s.start.length).toBe(s.dim);
      expect(s.domain.length).toBe(s.dim);
    });
  }

  it("the saddle's origin is a saddle: lower along y, higher along x", () => {
    const s = surfaces.saddle;
    expect(s.f([0.1, 0])).toBeGreaterThan(0);
    expect(s.f([0, 0.1])).toBeLessThan(0);
  });

  it("the two wells: the global minimum is lower than the local one", () => {
    const [g, l] = surfaces.wells.points;
    expect(g.value).toBeLessThan(l.value);
    expect(g.at[0]).toBeLessThan(0);
    expect(l.at[0]).toBeGreaterThan(0);
  });

  it("custom surfaces get a float64 central-difference gradient", () => {
    const s = surfaces.custom({
      name: "tilted",
      f: ([x, y]) => x * x + 3 * y * y + x * y,
      domain: [
        [-2, 2],
        [-2, 2],
      ],
    });
    const g = s.grad([1, -2]);
    expect(g[0]).toBeCloseTo(2 * 1 - 2, 6);
    expect(g[1]).toBeCloseTo(6 * -2 + 1, 6);
    expect(() => surfaces.custom({ name: "x", f: () => 0, domain: [] })).toThrow(
      /"spec.domain": expected 1 or 2 \[min, max\] ranges, got 0 ranges/,
    );
    const r = argumentError(() =>
      surfaces.custom({
        name: "x",
        f: () => 0,
        domain: [
          [0, 1],
          [2, 2],
        ],
      }),
    );
    expect([r.fn, r.argument, r.got]).toEqual(["dl.surfaces.custom", "spec.domain[1]", "[2, 2]"]);
    const f = argumentError(() => surfaces.custom({ name: "x", f: 3 as never, domain: [[0, 1]] }));
    expect([f.argument, f.got]).toEqual(["spec.f", "3"]);
  });

  it("get() by name, and a clear error for an unknown name", () => {
    expect(surfaces.get("valley")).toBe(surfaces.valley);
    expect(() => surfaces.get("banana")).toThrow(/"surface".*bowl.*"banana"/);
    const e = argumentError(() => surfaces.get("banana", "dl.race"));
    expect([e.fn, e.argument]).toEqual(["dl.race", "surface"]);
    expect(e.hint).toMatch(/dl.surfaces.custom/);
  });
});
