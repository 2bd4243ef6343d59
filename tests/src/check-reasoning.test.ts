// dl.check.prediction and dl.check.target: reasoning exercises (predict-then-run, open tasks with a
// measured target). A right prediction passes, an off one gets the hint without the outcome, an empty
// placeholder asks for a prediction, a choice outside the list names the list.
import { describe, expect, it } from "vitest";
import * as check from "../../src/check/index";
import { capturePrints, expectSecret } from "./check-helpers";

const out = capturePrints();

describe("dl.check.prediction", () => {
  it("a number: right within the tolerance (10 % by default), off outside it, without the outcome", async () => {
    expect((await check.prediction("updates", 13, 12.5)).ok).toBe(true);
    const off = await check.prediction("updates", 20, 12.5, { hint: "count the mistakes in the replay" });
    expect(off.ok).toBe(false);
    expect(off.message).toBe("✘ updates: not yet — count the mistakes in the replay");
    expectSecret(out.printed, off, [12.5]);
    expect((await check.prediction("updates", 20, 12.5, { rtol: 0.7 })).ok).toBe(true);
    expect((await check.prediction("steps", 3, 0, { atol: 2, rtol: 0 })).ok).toBe(false);
    expect((await check.prediction("steps", 2, 0, { atol: 2, rtol: 0 })).ok).toBe(true);
  });
  it("a placeholder (undefined, NaN, empty string) asks for a prediction first", async () => {
    for (const p of [undefined, null, Number.NaN, ""]) {
      const r = await check.prediction("loss after 10 epochs", p, 0.3);
      expect(r.ok).toBe(false);
      expect(r.message).toContain("write down your prediction first");
    }
  });
  it("a choice: compared case-blind; outside the list the hint names the list, not the answer", async () => {
    const choices = ["diverges", "zig-zags", "creeps"] as const;
    expect((await check.prediction("η = 0.45", "Zig-zags ", "zig-zags", { choices })).ok).toBe(true);
    const wrong = await check.prediction("η = 0.45", "creeps", "zig-zags", { choices });
    expect(wrong.ok).toBe(false);
    expect(wrong.message).not.toContain("zig-zags");
    const outside = await check.prediction("η = 0.45", "explodes", "zig-zags", { choices });
    expect(outside.message).toContain('pick one of "diverges", "zig-zags", "creeps"');
  });
  it("the prediction may be the exercise's function: its stub's error is the hint", async () => {
    const stub = () => {
      throw new Error("not implemented yet");
    };
    const r = await check.prediction("days", stub, 4);
    expect(r.message).toMatch(/not yet — your prediction threw an error: not implemented yet/);
    expect((await check.prediction("days", () => 4, 4, { rtol: 0 })).ok).toBe(true);
    expect((await check.target("acc", stub, { atLeast: 0.9 })).message).toContain("not implemented yet");
  });
  it("the outcome may be a function (run after the prediction is read); a type mismatch is named", async () => {
    expect((await check.prediction("sign", true, () => true)).ok).toBe(true);
    expect((await check.prediction("count", "12", 12)).message).toContain("should be a number, got string");
  });
});

describe("dl.check.target", () => {
  it("meets the bounds or says how far off the measured result is", async () => {
    expect((await check.target("spiral ≥ 90 %", 0.93, { atLeast: 0.9 })).ok).toBe(true);
    const low = await check.target("spiral ≥ 90 %", 0.81, {
      atLeast: 0.9,
      what: "validation accuracy",
      hint: "wider or deeper",
    });
    expect(low.message).toBe(
      "✘ spiral ≥ 90 %: not yet — validation accuracy is 0.810, the target is ≥ 0.9; wider or deeper",
    );
    expect((await check.target("time", 41, { atMost: 30 })).message).toContain("the target is ≤ 30");
    expect((await check.target("η in range", 0.45, { atLeast: 0.4, atMost: 0.5 })).ok).toBe(true);
  });
  it("an unmeasured or non-finite result is not yet; no bounds at all is the author's mistake", async () => {
    expect((await check.target("x", undefined, { atLeast: 1 })).message).toContain("not measured yet");
    expect((await check.target("x", Number.POSITIVE_INFINITY, { atLeast: 1 })).message).toContain(
      "finite number",
    );
    await expect(check.target("x", 1, {})).rejects.toThrow(/give atLeast, atMost or both/);
  });
});
