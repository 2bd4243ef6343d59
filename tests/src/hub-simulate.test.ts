// The pieces of `dlab hub --simulate` that judge a simulated class: quantiles, the lab's stored
// outputs, and the comparison of a run's outputs with them.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CellResult } from "../../src/cli/hub/client";
import { compareCell, labCells, quantile, SIMULATED_LAB } from "../../src/cli/hub/simulate";

const ROOT = join(__dirname, "..", "..");
const ok = (stdout: string, displays: string[] = []): CellResult => ({
  status: "ok",
  stdout,
  displays,
  seconds: 0,
});

describe("dlab hub --simulate: judging a class", () => {
  it("quantile is the nearest rank (p95 of 1…20 is 19, p50 of 1…4 is 2)", () => {
    const xs = Array.from({ length: 20 }, (_, i) => 20 - i);
    expect(quantile(xs, 0.95)).toBe(19);
    expect(quantile([4, 1, 3, 2], 0.5)).toBe(2);
    expect(quantile([7], 0.95)).toBe(7);
    expect(quantile([], 0.5)).toBeNaN();
  });

  it("reads lab 01's code cells with the outputs stored in the notebook", () => {
    const cells = labCells(join(ROOT, "notebooks", SIMULATED_LAB));
    expect(cells[0].code).toContain('import * as dl from "dlab"');
    expect(cells[0].stdout).toMatch(/^dlab backend: /);
    const check = cells.find((c) => c.code.includes("dl.check.softmax"));
    expect(check?.stdout).toBe("✔ softmax: right\n");
    expect(cells.some((c) => c.displays.some((d) => d.startsWith("decision boundary:")))).toBe(true);
  });

  it("a run as stored passes; a different line, a missing figure or an error is named with its cell", () => {
    const cells = labCells(join(ROOT, "notebooks", SIMULATED_LAB));
    const fig = cells.find((c) => c.displays.length > 0 && c.stdout.length > 0)!;
    expect(compareCell(fig, ok(fig.stdout, fig.displays), false)).toBeUndefined();
    expect(compareCell(fig, ok(fig.stdout + "x", fig.displays), false)).toMatch(
      new RegExp(`^cell ${fig.index}: printed`),
    );
    expect(compareCell(fig, ok(fig.stdout, []), false)).toMatch(/0 displays, \d+ stored/);
    const changed = [...fig.displays];
    changed[0] = changed[0].replace(/\d/, "9");
    if (changed[0] !== fig.displays[0])
      expect(compareCell(fig, ok(fig.stdout, changed), false)).toMatch(/displayed …/);
    expect(compareCell(fig, { ...ok(""), status: "error", error: "TypeError: x" }, false)).toBe(
      `cell ${fig.index}: error (TypeError: x)`,
    );
    // The backend cell: only its first line counts (the backends passed over differ by machine).
    const first = cells[0];
    const firstLine = first.stdout.split("\n")[0];
    expect(compareCell(first, ok(`${firstLine}\n  ✗ something else here\n`), true)).toBeUndefined();
    // Another backend (the class hub's --backend) is as stored; a line that is no report is not.
    expect(compareCell(first, ok("dlab backend: cpu: forced by DLAB_BACKEND\n"), true)).toBeUndefined();
    expect(compareCell(first, ok("hello\n"), true)).toMatch(/^cell \d+: printed "hello"/);
  });
});
