// dl.check.smallestPatience (lab 04): the smallest early-stopping patience that still reaches the
// lowest point of a validation curve. The check's reference (trying patience 1, 2, … with the
// early-stopping rule) is compared with an independent closed form: the longest wait between one
// improvement and the next, up to the lowest point.
import { describe, expect, it } from "vitest";
import * as check from "../../src/check/index";
import { earlyStop, patienceNeeded } from "../../src/check/overfitting-reasoning";
import { rng } from "../../src/data/rng";
import { capturePrints } from "./check-helpers";

const out = capturePrints();
const quiet = { print: false };

/** Closed form: epochs from each new best to the next new best, the longest such wait (at least 1). */
function longestWait(v: number[]): number {
  let bestValue = Infinity;
  let bestEpoch = 0;
  let wait = 1;
  v.forEach((value, i) => {
    if (value < bestValue) {
      if (bestEpoch > 0) wait = Math.max(wait, i + 1 - bestEpoch);
      bestValue = value;
      bestEpoch = i + 1;
    }
  });
  return wait;
}

describe("early stopping's patience", () => {
  it("earlyStop follows the rule: stop once the best is `patience` epochs old, first best on ties", () => {
    expect(earlyStop([1, 0.8, 0.9, 0.95], 2)).toEqual({ stop: 4, best: 2 });
    expect(earlyStop([1, 0.8, 0.8, 0.8], 2)).toEqual({ stop: 4, best: 2 });
    expect(earlyStop([1, 0.9, 0.8], 1)).toEqual({ stop: 3, best: 3 });
    expect(earlyStop([0.5, 0.6], 5)).toEqual({ stop: 2, best: 1 });
  });

  it("patienceNeeded agrees with the closed form on 300 random noisy U-shaped curves", () => {
    const r = rng(11);
    for (let k = 0; k < 300; k++) {
      const n = 5 + r.int(60);
      const turn = r.uniform(0, n);
      const curve = Array.from({ length: n }, (_, i) => 0.5 + 0.002 * (i - turn) ** 2 + r.normal(0, 0.05));
      expect(patienceNeeded(curve), JSON.stringify(curve)).toBe(longestWait(curve));
    }
    expect(patienceNeeded([1, 0.8, 0.85, 0.9, 0.7, 0.9])).toBe(3);
    expect(patienceNeeded([0.4, 0.5, 0.6])).toBe(1);
  });

  it("the check: the smallest patience passes, one too small or too large gets its hint, never the number", async () => {
    const right = (v: number[]) => longestWait(v);
    expect((await check.smallestPatience(right, quiet)).ok).toBe(true);
    const tooSmall = await check.smallestPatience((v) => Math.max(1, longestWait(v) - 1), quiet);
    expect(tooSmall.ok).toBe(false);
    expect(tooSmall.message).toContain("stops before the curve's lowest point");
    const tooLarge = await check.smallestPatience((v) => v.length, quiet);
    expect(tooLarge.ok).toBe(false);
    expect(tooLarge.message).toContain("a smaller one would too");
    const half = await check.smallestPatience(() => 2.5, quiet);
    expect(half.message).toContain("whole number of epochs");
    const stub = await check.smallestPatience(() => {
      throw new Error("not implemented yet");
    }, quiet);
    expect(stub.message).toMatch(/not yet — .*not implemented yet/);
    const printed = await check.smallestPatience((v) => v.length);
    expect(out.printed).toEqual([printed.message]);
    // no number at all in the verdicts (the answers are small integers)
    for (const r of [printed, tooSmall, tooLarge]) expect(r.message).not.toMatch(/\d/);
  });
});
