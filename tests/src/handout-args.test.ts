// Command-line arguments and output names of `dlab handout` / `dlab student`.
import { describe, expect, it } from "vitest";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseHandoutArgs, parseStudentArgs, UsageError } from "../../src/cli/handout/args";
import { safeStem, handoutFileName, assertDistinctStems, insideDir } from "../../src/cli/handout/names";

const LAB = path.join(__dirname, "..", "fixtures", "handout", "lab.ipynb");

describe("parseHandoutArgs", () => {
  it("reads every option and defaults to a student html+pdf handout in handouts/", () => {
    expect(parseHandoutArgs([LAB, "--version", "instructor", "--to=pdf", "--out", "o"])).toMatchObject({
      notebooks: [LAB],
      version: "instructor",
      to: ["pdf"],
      out: "o",
    });
    expect(parseHandoutArgs([LAB])).toMatchObject({
      version: "student",
      to: ["html", "pdf"],
      out: "handouts",
    });
  });

  it("names the argument, what was expected and what came", () => {
    expect(() => parseHandoutArgs([LAB, "--version", "teacher"])).toThrow(
      /--version "teacher": expected "student" or "instructor"/,
    );
    expect(() => parseHandoutArgs([LAB, "--to", "docx"])).toThrow(
      /--to "docx": expected html, pdf or html,pdf/,
    );
    expect(() => parseHandoutArgs(["missing.ipynb"])).toThrow(/notebook "missing.ipynb" does not exist/);
    expect(() => parseHandoutArgs(["README.md"])).toThrow(/notebook "README.md": expected a .ipynb file/);
    expect(() => parseHandoutArgs([])).toThrow(/no notebook given/);
    expect(() => parseHandoutArgs([LAB, "--out"])).toThrow(/--out needs a value/);
    expect(() => parseHandoutArgs([LAB, "--colour", "red"])).toThrow(/unknown option "--colour"/);
    expect(() => parseHandoutArgs([LAB, "--version", "x"])).toThrow(UsageError);
  });

  it("accepts --help without notebooks", () => {
    expect(parseHandoutArgs(["--help"]).help).toBe(true);
  });
});

describe("parseStudentArgs", () => {
  it("expands a folder to its notebooks, sorted, and requires --out", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dlab-args-"));
    for (const f of ["b.ipynb", "a.ipynb", ".hidden.ipynb", "notes.md"])
      fs.writeFileSync(path.join(dir, f), "{}");
    expect(parseStudentArgs([dir, "--out", "s"]).notebooks.map((f) => path.basename(f))).toEqual([
      "a.ipynb",
      "b.ipynb",
    ]);
    expect(() => parseStudentArgs([dir])).toThrow(/--out is missing/);
    fs.rmSync(dir, { recursive: true });
  });
});

describe("output names", () => {
  it("come from the file name only, reduced to safe characters", () => {
    expect(safeStem("notebooks/01-perceptron.ipynb")).toBe("01-perceptron");
    expect(safeStem("a/b/../../../etc/passwd.ipynb")).toBe("passwd");
    expect(safeStem("..\\..\\evil.ipynb")).toBe("evil");
    expect(safeStem("x/<script>.ipynb")).toBe("_script_");
    expect(safeStem("x/...ipynb")).toBe("notebook");
    expect(safeStem("-rf.ipynb")).toBe("rf");
    expect(safeStem("a".repeat(300) + ".ipynb")).toHaveLength(100);
    expect(handoutFileName("n/01 lab.ipynb", "student", "pdf")).toBe("01_lab-student.pdf");
  });

  it("refuse two notebooks that would write the same file", () => {
    expect(() => assertDistinctStems(["a/lab.ipynb", "b/lab.ipynb"])).toThrow(
      /"a\/lab.ipynb" and "b\/lab.ipynb" would both be written as "lab"/,
    );
  });

  it("never resolve outside the folder", () => {
    expect(insideDir("/o", "a.pdf")).toBe(path.resolve("/o/a.pdf"));
    expect(() => insideDir("/o", "../a.pdf")).toThrow(/refusing/);
    expect(() => insideDir("/o", "sub/a.pdf")).toThrow(/refusing/);
  });
});
