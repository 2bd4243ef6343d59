// Lab 03's learning-rate checks: predictions of each η's regime against what dl.lrSweep then does,
// and the largest stable η against 2/λ_max of the Hessian (the valley 0.1x² + 2y²: λ = 0.2, 4 → 0.5).
import { describe, expect, it } from "vitest";
import * as check from "../../src/check/index";
import { maxCurvature } from "../../src/check/learning-rate";
import * as surfaces from "../../src/surfaces";
import { capturePrints, notYet } from "./check-helpers";

const out = capturePrints();
const lrs = [0.02, 0.2, 0.45, 0.6];
const stub = () => {
  throw new Error("not implemented yet");
};

describe("dl.check.lrRegimes", () => {
  it("right when every prediction matches the sweep's verdict (the analysis: 1 − λη per direction)", async () => {
    const right = { "0.02": "creeps", "0.2": "converges smoothly", "0.45": "zig-zags", "0.6": "diverges" };
    expect((await check.lrRegimes(() => right, lrs)).ok).toBe(true);
  });

  it("a wrong prediction names the η to rethink, not the outcome", async () => {
    const smooth = {
      "0.02": "creeps",
      "0.2": "converges smoothly",
      "0.45": "converges smoothly",
      "0.6": "diverges",
    };
    const r = await check.lrRegimes(() => smooth, lrs);
    notYet(out.printed, r, /3 of 4 right; think again about η = 0\.45: .*\(1 − λη\)/);
    expect(r.message).not.toContain("zig-zags");
  });

  it("the stub, a missing η and a word outside the list are named", async () => {
    notYet(
      out.printed,
      await check.lrRegimes(stub, lrs),
      /your prediction threw an error: not implemented yet/,
    );
    notYet(
      out.printed,
      await check.lrRegimes(() => ({ "0.02": "creeps" }), lrs),
      /none yet for 0.2, 0.45, 0.6/,
    );
    const odd = { "0.02": "creeps", "0.2": "fine", "0.45": "zig-zags", "0.6": "diverges" };
    notYet(out.printed, await check.lrRegimes(() => odd, lrs), /for η = 0.2 pick one of "creeps", /);
  });
});

describe("dl.check.largestStableLr", () => {
  it("λ_max of the valley's Hessian is 4 and of Himmelblau's at (3, 2) about 84", () => {
    expect(maxCurvature(surfaces.valley, [0, 0])).toBeCloseTo(4, 6);
    expect(maxCurvature(surfaces.parabola, [0])).toBeCloseTo(2, 6);
    // Hessian at (3, 2): [[74, 20], [20, 34]] → (108 + √(40² + 4·20²))/2 = 82.28
    expect(maxCurvature(surfaces.himmelblau, [3, 2])).toBeCloseTo(54 + Math.sqrt(400 + 400), 4);
  });

  it("right at 2/λ_max = 0.5 and a little below; too large or far below gets a hint without the value", async () => {
    expect((await check.largestStableLr(() => 0.5)).ok).toBe(true);
    expect((await check.largestStableLr(() => 0.49)).ok).toBe(true);
    const high = await check.largestStableLr(() => 0.55);
    notYet(out.printed, high, /at η = 0.55 gradient descent does not converge/);
    const low = await check.largestStableLr(() => 0.3);
    notYet(out.printed, low, /η = 0.3 converges, and so does a somewhat larger η/);
    // neither the limit 0.5 nor λ_max = 4 is said
    for (const r of [high, low]) expect(r.message).not.toMatch(/0\.5(?!\d)|\b4\b/);
    expect((await check.largestStableLr(() => 0.1, { surface: "parabola" })).ok).toBe(false);
    expect((await check.largestStableLr(() => 1, { surface: "parabola" })).ok).toBe(true);
  });

  it("the stub's error and a non-number are hints", async () => {
    notYet(out.printed, await check.largestStableLr(stub), /your answer threw an error: not implemented yet/);
    const nan = await check.largestStableLr(() => Number.NaN);
    notYet(out.printed, nan, /should be a positive number/);
  });
});
