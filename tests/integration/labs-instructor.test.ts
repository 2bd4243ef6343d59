// The ready-made labs as committed (instructor version, solutions in) executed headlessly through the real
// Jupyter client and the real dlab kernel: no error, every figure a proper dlab figure, every self-check right.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { figureToPlotly } from "../../extension/src/figure";
import { parsePayload } from "../../extension/src/validate";
import { FIGURE_MIME } from "../../src/payload";
import {
  badFigures,
  checkCalls,
  checkCells,
  errors,
  figures,
  LABS,
  NOTEBOOKS,
  runNotebook,
  verdicts,
} from "./labs/run";

interface NbCell {
  cell_type: string;
  source: string | string[];
  metadata: { tags?: string[] };
}

const text = (c: NbCell) => (Array.isArray(c.source) ? c.source.join("") : c.source);

describe.each(LABS)("lab %s (instructor version)", (lab) => {
  const file = join(NOTEBOOKS, `${lab}.ipynb`);
  const nb = JSON.parse(readFileSync(file, "utf8")) as {
    cells: NbCell[];
    metadata: Record<string, { name?: string }>;
  };

  it("is a dlab notebook whose exercises are solution cells, each followed by a check", () => {
    expect(nb.metadata.kernelspec.name).toBe("dlab");
    expect(nb.metadata.language_info.name).toBe("typescript");
    const code = nb.cells.filter((c) => c.cell_type === "code");
    const solutions = code.filter((c) => (c.metadata.tags ?? []).includes("solution"));
    expect(solutions.length).toBeGreaterThanOrEqual(3);
    for (const s of solutions) {
      // the region the student version replaces must sit inside a function body
      expect(text(s)).toMatch(/\{\n\s+\/\/ BEGIN SOLUTION\n[\s\S]+\n\s+\/\/ END SOLUTION\n\}/);
      const next = code[code.indexOf(s) + 1];
      expect(
        checkCalls(text(next)),
        `the cell after "${text(s).split("\n")[0]}" calls no dl.check`,
      ).toBeGreaterThan(0);
    }
    // every cell that calls a self-check is tagged "check" (the student version clears its verdict)
    for (const c of code.filter((x) => checkCalls(text(x)) > 0))
      expect(c.metadata.tags ?? [], `"${text(c).split("\n")[0]}"`).toContain("check");
    // saved with outputs, so it reads well before anyone runs it
    expect(
      code.filter((c) => ((c as unknown as { outputs?: unknown[] }).outputs ?? []).length > 0).length,
    ).toBeGreaterThan(code.length / 2);
  });

  it("is saved with figures the JupyterLab extension accepts and draws", () => {
    const payloads = nb.cells.flatMap((c) =>
      ((c as unknown as { outputs?: Array<{ data?: Record<string, unknown> }> }).outputs ?? [])
        .map((o) => o.data?.[FIGURE_MIME])
        .filter((p) => p !== undefined),
    );
    expect(payloads.length).toBeGreaterThanOrEqual(4);
    // contract 4: each carries a stored PNG (`npx dlab images`), so viewers without the extension show it
    const outputs = nb.cells.flatMap(
      (c) => (c as unknown as { outputs?: Array<{ data?: Record<string, unknown> }> }).outputs ?? [],
    );
    for (const o of outputs.filter((x) => x.data?.[FIGURE_MIME] !== undefined)) {
      const png = Buffer.from(String(o.data?.["image/png"] ?? ""), "base64");
      expect(png.subarray(1, 4).toString("latin1"), "image/png of a figure").toBe("PNG");
      // a figure output stays small enough for GitHub and nbviewer (payload + PNG, compact JSON)
      expect(JSON.stringify(o).length).toBeLessThan(100_000);
    }
    for (const p of payloads) {
      const spec = figureToPlotly(parsePayload(typeof p === "string" ? JSON.parse(p) : p));
      expect(spec.data.length).toBeGreaterThan(0);
    }
  });

  it("runs top to bottom without error; figures are dlab figures; every check says right", async () => {
    const run = await runNotebook(file);
    console.log(`${lab}: executed in ${run.seconds} s (kernel start included)`);
    expect(errors(run)).toEqual([]);
    expect(badFigures(run)).toEqual([]);
    expect(figures(run).length).toBeGreaterThanOrEqual(4);
    const checks = checkCells(run);
    expect(checks.length).toBeGreaterThanOrEqual(3);
    for (const c of checks) {
      const lines = verdicts(c);
      expect(lines.length, `cell ${c.index}: one verdict per check call`).toBe(checkCalls(c.source));
      for (const l of lines) expect(l, `cell ${c.index}`).toMatch(/^✔ .+: right$/);
    }
    // a generous bound for a shared CI machine; on a quiet 2-core machine each lab takes well under 60 s
    expect(run.seconds).toBeLessThan(180);
  }, 400_000);
});
