// dlab grade's pure parts: check cells put back (restore.ts), the cells a check needs
// (needed.ts), the hidden-checks file, grades.csv, the verdict line and student ids.
import { describe, expect, it } from "vitest";
import * as path from "node:path";
import type { Cell, Notebook } from "../../src/cli/handout/notebook";
import { readNotebook } from "../../src/cli/handout/notebook";
import { showPoints } from "../../src/cli/handout/points";
import { toStudent } from "../../src/cli/handout/student";
import { csvField, gradesCsv } from "../../src/cli/grade/csv";
import { summaryLine } from "../../src/cli/grade/feedback";
import { loadLab, parseHidden } from "../../src/cli/grade/lab";
import { importedNames, neededCells } from "../../src/cli/grade/needed";
import { checkLimits, limitCells, planRun } from "../../src/cli/grade/plan";
import { restoreChecks } from "../../src/cli/grade/restore";
import type { Column, Grade, Outcome } from "../../src/cli/grade/score";
import { studentId } from "../../src/cli/grade/submissions";

const code = (source: string, id?: string, tags: string[] = []): Cell => ({
  cell_type: "code",
  source,
  id,
  metadata: tags.length ? { tags } : {},
  outputs: [],
});
const nb = (cells: Cell[]): Notebook => ({ cells, metadata: {}, nbformat: 4, nbformat_minor: 5 });
const lab = loadLab("02-backprop");

describe("restoreChecks", () => {
  const checks = [
    { index: 1, id: "c1", source: "const check1 = await dl.check.bce(bce);", points: 1 },
    { index: 3, id: "c2", source: "const check2 = await dl.check.cost(quadraticCost);", points: 2 },
  ];
  const sol1 = "function bce(t: number[], p: number[]): number {\n  return 0;\n}";
  const sol2 = "function quadraticCost(a, y) {\n  return 1;\n}";

  it("keeps a submission whose checks are as shipped, and says nothing", () => {
    const r = restoreChecks(
      checks,
      nb([code(sol1), code(checks[0].source, "c1"), code(sol2), code(checks[1].source, "c2")]),
    );
    expect(r.cells.map((c) => c.check)).toEqual([undefined, 0, undefined, 1]);
    expect(r.notes).toEqual([]);
  });

  it("puts an edited check cell's original source back (matched by id, or by source without ids)", () => {
    const r = restoreChecks(
      checks,
      nb([code(sol1), code('console.log("✔ passed")', "c1"), code(sol2), code(checks[1].source)]),
    );
    expect(r.cells[1]).toEqual({ source: checks[0].source, check: 0 });
    expect(r.cells[3]).toEqual({ source: checks[1].source, check: 1 });
    expect(r.notes).toEqual(["check cell 1 was changed: the original was put back"]);
  });

  it("inserts a deleted check after the last cell declaring what it checks", () => {
    const fake = code('console.log("✔ binary cross-entropy: right")', "new");
    const r = restoreChecks(
      checks,
      nb([
        code(sol1),
        fake,
        code("function bce(t, p) { return 1; }"),
        code(sol2),
        code(checks[1].source, "c2"),
      ]),
    );
    expect(r.cells.map((c) => c.check)).toEqual([undefined, undefined, undefined, 0, undefined, 1]);
    expect(r.cells[3].source).toBe(checks[0].source);
    expect(r.notes).toEqual(["check cell 1 was missing: the original was put back"]);
  });

  it("the student version of lab 02 keeps every check cell; deleting all of them restores all seven", () => {
    const student = toStudent(lab.notebook);
    expect(restoreChecks(lab.checks, student).notes).toEqual([]);
    const gutted = nb(
      student.cells.filter((c) => !(c.metadata.tags as string[] | undefined)?.includes("check")),
    );
    const r = restoreChecks(lab.checks, gutted);
    expect(r.cells.filter((c) => c.check !== undefined).map((c) => c.check)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(r.notes).toHaveLength(7);
  });
});

describe("neededCells", () => {
  it("follows names back to the cells declaring (or changing) them; demo cells are skipped", () => {
    const sources = [
      'import * as dl from "dlab";\nconst SEED = 2;',
      "const xs = [1, 2];",
      "xs.push(3);",
      "dl.plot.scatter([]); // a figure",
      "function f(v: number) {\n  return v + xs.length;\n}",
      null,
      "await dl.check.close('f', f(1), 4);",
    ];
    expect([...neededCells(sources, [6])].sort()).toEqual([0, 1, 2, 4, 6]);
  });

  it("reads every kind of import", () => {
    expect(
      importedNames(
        'import * as tf from "@tensorflow/tfjs";\nimport a, { b, c as d } from "x";\nimport e = require("e");',
      ),
    ).toEqual(["tf", "a", "b", "d", "e"]);
  });

  it("lab 02: the checks need the set-up cell, the seven exercises and what they build on, not the demos and figures", () => {
    const plan = planRun(lab, lab.notebook);
    const labCells = plan.roles.filter((r) => r.hidden === undefined).length;
    // set-up + 7 solutions + 7 checks + the deep networks and the training set-ups (of 28 code cells)
    expect(labCells).toBe(17);
    expect(plan.cells[0].source).toMatch(/^import \* as dl from "dlab"/);
    expect(plan.cells.some((c) => /gradientDescent|dl\.plot/.test(c.source))).toBe(false);
    expect(plan.roles.filter((r) => r.hidden !== undefined)).toHaveLength(lab.hidden.length);
  });
});

describe("hidden checks file", () => {
  it("splits into a preamble and // @hidden <points> cells; a bad marker names its line", () => {
    const cells = parseHidden(
      "// about\nconst k = 1;\n// @hidden 2\nawait a();\n//   @hidden 0.5 points\nawait b();\n",
    );
    expect(cells.map((c) => [c.preamble, c.points])).toEqual([
      [true, 0],
      [false, 2],
      [false, 0.5],
    ]);
    expect(parseHidden("// only a comment\n// @hidden 1\nx();\n")).toHaveLength(1);
    expect(() => parseHidden("// @hidden many\n", "h.ts")).toThrow(
      'h.ts, line 1: expected "// @hidden <points>"',
    );
  });

  it("lab 02 has four hidden checks beside it, and points on its seven check cells", () => {
    expect(lab.hiddenFile && path.basename(lab.hiddenFile)).toBe("02-backprop.hidden.ts");
    expect(lab.hidden.map((h) => h.points)).toEqual([1, 1, 1, 2]);
    expect(lab.checks.map((c) => c.points)).toEqual([1, 1, 2, 3, 1, 2, 1]);
  });

  it("the instructor handout shows each check cell's points; the student notebook keeps the source", () => {
    const shown = showPoints(lab.notebook);
    const check = shown.cells[lab.checks[3].index];
    expect(String(check.source)).toMatch(/^\/\/ 3 points \(dlab grade\)\nconst check4/);
    expect(readNotebook(lab.file).cells[lab.checks[3].index].source).not.toContain("points");
  });
});

describe("grades.csv and the verdict", () => {
  const col = (name: string, points: number, hidden = false): Column => ({
    name,
    points,
    hidden,
    role: { check: 0 },
  });
  const columns = [col("bce", 1), col("σ via tanh, z", 1.5), col("bce, more", 2, true)];
  const out = (c: Column, status: Outcome["status"]): Outcome => ({
    column: c,
    status,
    earned: status === "right" ? c.points : 0,
    hint: "",
  });
  const grade = (student: string, s: Outcome["status"][]): Grade => {
    const outcomes = columns.map((c, i) => out(c, s[i]));
    return {
      student,
      file: "",
      outcomes,
      total: outcomes.reduce((t, o) => t + o.earned, 0),
      max: 4.5,
      notes: [],
    };
  };

  it("a plain header row, the student first, points earned, total; quoted and defused where needed", () => {
    const csv = gradesCsv(columns, [
      grade("ana", ["right", "right", "not yet"]),
      grade("=cmd|x", ["not run", "right", "right"]),
    ]);
    expect(csv).toBe(
      'student,bce,"σ via tanh, z",hidden: bce,more,total\r\n'.replace(
        "hidden: bce,more",
        '"hidden: bce, more"',
      ) + "ana,1,1.5,0,2.5\r\n'=cmd|x,0,1.5,2,3.5\r\n",
    );
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
  });

  it("never 'all passed' while hidden checks exist", () => {
    const all = grade("a", ["right", "right", "right"]).outcomes;
    expect(summaryLine(all)).toBe("All visible checks passed. Hidden checks: 1 of 1 passed.");
    expect(summaryLine(all.slice(0, 2))).toBe("All checks passed.");
    expect(summaryLine(all.slice(0, 2), true)).toBe("All visible checks passed.");
    expect(summaryLine(grade("a", ["right", "not yet", "not run"]).outcomes)).toBe(
      "1 of 2 visible checks passed. Hidden checks: 0 of 1 passed.",
    );
  });

  it("student ids: the file name, or the folder for a file named like the lab", () => {
    expect(studentId("dl/ana.ipynb", "02-backprop")).toBe("ana");
    expect(studentId("collect/2026-11-30/bo/02-backprop.ipynb", "02-backprop")).toBe("bo");
  });
});

describe("check cells' time limits", () => {
  it("10× the lab's own time, at least 10 s, at most the cell limit; other cells keep the run's limit", () => {
    const reference = {
      cells: [
        { source: "a" },
        { source: "check 0" },
        { source: "b" },
        { source: "check 1" },
        { source: "hidden 0" },
      ],
      roles: [{}, { check: 0 }, {}, { check: 1 }, { hidden: 0 }],
      notes: [],
    };
    const limits = checkLimits(reference, [3, 0.05, 1, 4.2, undefined], 30);
    expect([...limits]).toEqual([
      ["check 0", 10],
      ["check 1", 30],
    ]);
    expect(checkLimits(reference, [3, 0.05, 1, 2.01, 0.5], 60).get("check 1")).toBe(21);
    // a student's plan: cells in another order (a deleted cell), matched by role
    const student = {
      cells: [{ source: "check 1" }, { source: "x" }, { source: "check 0" }],
      roles: [{ check: 1 }, {}, { check: 0 }],
      notes: [],
    };
    limitCells(student, limits);
    expect(student.cells.map((c: { timeout?: number }) => c.timeout)).toEqual([30, undefined, 10]);
  });
});
