/** Test helpers for dl.check: capture what a check prints, and assert a verdict without its answer. */
import { afterAll, afterEach, beforeAll, beforeEach, expect, vi } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { inspect } from "node:util";
import type { CheckResult } from "../../src/check/index";

/**
 * Capture console.log for each test of the file, and check no tensor is left over after the file.
 * @example
 * const out = capturePrints(); … expect(out.printed).toEqual(["✔ z: right"]);
 */
export function capturePrints(): { printed: string[] } {
  const out = { printed: [] as string[] };
  let spy: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    out.printed = [];
    spy = vi
      .spyOn(console, "log")
      .mockImplementation((...a: unknown[]) => void out.printed.push(a.join(" ")));
  });
  afterEach(() => spy.mockRestore());
  let before = 0;
  beforeAll(() => {
    before = tf.memory().numTensors;
  });
  afterAll(() => expect(tf.memory().numTensors).toBe(before));
  return out;
}

/**
 * The printed lines, the message and the inspected result hold none of these numbers, at any precision.
 * @example
 * expectSecret(out.printed, r, [0.7310585]);
 */
export function expectSecret(printed: string[], r: CheckResult, secrets: number[]): void {
  const text = [...printed, r.message, inspect(r), String(r)].join("\n");
  for (const v of secrets) {
    for (let p = 3; p <= 10; p++) {
      for (const s of [v.toPrecision(p), v.toFixed(p), String(v)]) {
        if (s.replace(/[-0.]/g, "").length >= 2) expect(text).not.toContain(s);
      }
    }
  }
}

/**
 * A "not yet" verdict with a hint matching `hint`, printed as it was returned.
 * @example
 * notYet(out.printed, await dl.check.cost(wrong), /factor of 2/);
 */
export function notYet(printed: string[], r: CheckResult, hint: RegExp): void {
  expect(r.ok).toBe(false);
  expect(r.message).toMatch(/^✘ .*: not yet — /);
  expect(r.message).toMatch(hint);
  expect(printed).toContain(r.message);
}
