// The student transform: solutions → stubs by each documented rule, checks kept, solution outputs gone.
import { describe, expect, it } from "vitest";
import * as path from "node:path";
import { readNotebook, cellSource, Notebook, Cell } from "../../src/cli/handout/notebook";
import { toStudent, stripSolutionRegions, PLACEHOLDER } from "../../src/cli/handout/student";

const FIXTURES = path.join(__dirname, "..", "fixtures", "handout");
const lab = () => readNotebook(path.join(FIXTURES, "lab.ipynb"));
const sources = (nb: Notebook) => nb.cells.map(cellSource);
const code = (source: string, tags: string[] = [], extra: Partial<Cell> = {}): Cell => ({
  cell_type: "code",
  source,
  metadata: { tags },
  outputs: [{ output_type: "stream", name: "stdout", text: "out" }],
  execution_count: 1,
  ...extra,
});
const notebook = (cells: Cell[]): Notebook => ({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells });

describe("toStudent on the lab fixture", () => {
  const input = lab();
  const before = JSON.stringify(input);
  const student = toStudent(input);
  const all = JSON.stringify(student);

  it("leaves no solution code and no solution output anywhere in the notebook", () => {
    for (const token of [
      "SOLUTIONTOKENSTEP",
      "SOLUTIONTOKENHINGE",
      "SOLUTIONTOKENMETA",
      "SOLUTIONOUTPUTTOKEN",
    ]) {
      expect(all).not.toContain(token);
    }
  });

  it("keeps the stub before a solution, the check cells and every other cell", () => {
    const src = sources(student);
    expect(src.filter((s) => s.includes("function step("))).toHaveLength(1);
    expect(
      src.some((s) => s.includes('throw new Error("not implemented yet")') && s.includes("function step(")),
    ).toBe(true);
    expect(src.some((s) => s.includes("CHECKCELLTOKEN"))).toBe(true);
    // one cell (the solution after its stub) is dropped, everything else stays in order
    expect(student.cells).toHaveLength(input.cells.length - 1);
    expect(src.filter((s) => s.includes("dl.plot")).length).toBe(3);
  });

  it("replaces marker regions in place, keeping the function around them", () => {
    const hinge = sources(student).find((s) => s.includes("function hinge"))!;
    expect(hinge).toBe(
      `function hinge(score: number, y: number): number {\n  ${PLACEHOLDER[0]}\n  ${PLACEHOLDER[1]}\n}`,
    );
    const cell = student.cells.find((c) => cellSource(c).includes("function hinge"))!;
    expect(cell.outputs).toEqual([]);
    expect(cell.execution_count).toBeNull();
  });

  it("keeps check cells but clears the verdict they gave on the instructor's solution", () => {
    const check = student.cells.find((c) => cellSource(c).includes("CHECKCELLTOKEN"))!;
    expect(check.outputs).toEqual([]);
    expect(all).not.toContain("right: step moves w");
  });

  it("uses metadata.dlab.stub when given", () => {
    expect(sources(student)).toContain("const answer = 0; // STUBFROMMETADATA");
  });

  it("is idempotent: a student notebook converted again stays the same", () => {
    expect(toStudent(student)).toEqual(student);
  });

  it("keeps figure outputs of other cells and does not change its input", () => {
    expect(all).toContain("application/vnd.dlab.figure.v1+json");
    expect(JSON.stringify(input)).toBe(before);
  });
});

describe("toStudent rules", () => {
  it("strips markers in an untagged cell too (a forgotten tag must not leak)", () => {
    const nb = toStudent(
      notebook([code("f = () => {\n  # BEGIN SOLUTION\n  secret()\n  # END SOLUTION\n}")]),
    );
    expect(cellSource(nb.cells[0])).not.toContain("secret");
    expect(nb.cells[0].outputs).toEqual([]);
  });

  it("refuses a solution cell without any stub, naming the cell", () => {
    expect(() => toStudent(notebook([code("a()", [], {}), code("secret()", ["solution"])]))).toThrow(
      /cell 2 of 2 \("secret\(\)"\).*no stub/,
    );
  });

  it("does not take a stub that is not the nearest code cell before the solution", () => {
    const cells = [code("stub()", ["stub"]), code("other()"), code("secret()", ["solution"])];
    expect(() => toStudent(notebook(cells))).toThrow(/cell 3 of 3/);
  });

  it("replaces a Markdown solution with an answer prompt", () => {
    const md: Cell = {
      cell_type: "markdown",
      source: "The answer is SECRET",
      metadata: { tags: ["solution"] },
    };
    expect(cellSource(toStudent(notebook([md])).cells[0])).toBe("*Your answer here.*");
  });

  it("reports unbalanced markers with line numbers", () => {
    expect(() => stripSolutionRegions("a\n// BEGIN SOLUTION\nb")).toThrow(/line 2 is never closed/);
    expect(() => stripSolutionRegions("a\n// END SOLUTION")).toThrow(/line 2 without a BEGIN/);
    expect(() => stripSolutionRegions("// BEGIN SOLUTION\n// BEGIN SOLUTION\n// END SOLUTION")).toThrow(
      /line 2 inside/,
    );
  });

  it("keeps the indentation of the BEGIN marker for the placeholder", () => {
    expect(stripSolutionRegions("{\n    // BEGIN SOLUTION\n    x\n    // END SOLUTION\n}")).toBe(
      `{\n    ${PLACEHOLDER[0]}\n    ${PLACEHOLDER[1]}\n}`,
    );
  });
});

describe("toStudent clears outputs made by the solutions, keeps the others", () => {
  const solved = code(
    "const helper = (x: number) => x + 1;\nfunction secret(x: number): number {\n  // BEGIN SOLUTION\n  return helper(x) * 2;\n  // END SOLUTION\n}",
    ["solution"],
  );
  const cells = [
    solved,
    code("const verdict = await dl.check.secret(secret);"), // untagged check cell
    code("dl . checkLab.other(secret)"), // spaced call
    code("const data = dl.data.moons();\nconst fitted = secret(2);"), // data is independent, fitted is not
    code("dl.plot.scatter(data); // secret(1) in a comment is no use"),
    code("dl.plot.line(fitted);"),
    code("let w = 0;\nfor (let i = 0; i < 3; i++) {\n  w = secret(w);\n}"),
    code("console.log(w);"),
    code("console.log(helper(1), obj.secret, verdict_secret);"),
    code("console.log(verdict);"),
  ];
  const student = toStudent(notebook(cells));
  const cleared = student.cells.map((c) => (c.outputs ?? []).length === 0);

  it("clears check cells, tagged or not", () => {
    expect(cleared.slice(1, 3)).toEqual([true, true]);
    expect(student.cells[1].execution_count).toBeNull();
  });

  it("clears cells that use a solution, or a name computed or changed with one", () => {
    expect(cleared[3]).toBe(true); // fitted = secret(2)
    expect(cleared[5]).toBe(true); // uses fitted
    expect(cleared[6]).toBe(true); // w = secret(w)
    expect(cleared[7]).toBe(true); // uses w
    expect(cleared[9]).toBe(true); // uses the check's result
  });

  it("keeps outputs that do not depend on a solution: other names, members, comments", () => {
    expect(cleared[4]).toBe(false);
    expect(cleared[8]).toBe(false);
    expect(student.cells[4].outputs).toEqual(cells[4].outputs);
  });

  it("keeps the code of every cleared cell", () => {
    expect(sources(student).slice(1)).toEqual(sources(notebook(cells)).slice(1));
  });
});
