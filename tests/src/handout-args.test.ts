// Command-line arguments and output names of `dlab handout` / `dlab student`.
import { describe, expect, it } from "vitest";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseHandoutArgs, parseImagesArgs, parseStudentArgs } from "../../src/cli/handout/args";
import { UsageError } from "../../src/cli/usage";
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
    const mistake = (argv: string[]) => {
      try {
        parseHandoutArgs(argv);
      } catch (e) {
        return e as UsageError;
      }
      throw new Error(`no error for ${argv.join(" ")}`);
    };
    expect(mistake([LAB, "--version", "teacher"])).toMatchObject({
      argument: "--version",
      expected: '"student" or "instructor"',
      got: '"teacher"',
      message: '--version: expected "student" or "instructor", got "teacher"',
    });
    expect(mistake([LAB, "--to", "docx"]).message).toBe('--to: expected html, pdf or html,pdf, got "docx"');
    expect(mistake(["missing.ipynb"]).message).toBe(
      'notebook: expected an existing .ipynb file, got "missing.ipynb", which does not exist',
    );
    expect(mistake(["README.md"]).message).toBe('notebook: expected a .ipynb file, got "README.md"');
    expect(mistake([]).message).toMatch(
      /^notebook: expected one or more \.ipynb files, got none\. For example: dlab handout /,
    );
    expect(mistake([LAB, "--out"]).message).toBe("--out: expected a value, got nothing");
    expect(mistake([LAB, "--out", "--to", "pdf"]).message).toBe(
      "--out: expected a value, got the option --to",
    );
    expect(mistake([LAB, "--colour", "red"]).message).toBe(
      'option: expected one of --version, --to, --out, --kernel, --cell-timeout or --execute, got "--colour"',
    );
    expect(mistake([LAB, "--version", "x"])).toBeInstanceOf(UsageError);
    expect(() => parseImagesArgs(["--width", "3"])).toThrow(
      'option: expected none besides --help, got "--width"',
    );
  });

  it("runs nothing unless --execute; --kernel and --cell-timeout only with it, checked", () => {
    expect(parseHandoutArgs([LAB])).toMatchObject({
      execute: false,
      kernel: undefined,
      cellTimeoutS: undefined,
    });
    expect(parseHandoutArgs([LAB, "--execute"])).toMatchObject({ execute: true, kernel: undefined });
    expect(parseHandoutArgs([LAB, "--execute", "--kernel", "python3", "--cell-timeout=20"])).toMatchObject({
      execute: true,
      kernel: "python3",
      cellTimeoutS: 20,
    });
    const message = (argv: string[]) => {
      try {
        parseHandoutArgs(argv);
      } catch (e) {
        return (e as UsageError).message;
      }
      throw new Error(`no error for ${argv.join(" ")}`);
    };
    expect(message([LAB, "--kernel", "python3"])).toBe(
      "--kernel: expected to come with --execute, got no --execute. A notebook is only run when asked: add --execute",
    );
    expect(message([LAB, "--cell-timeout", "5"])).toMatch(/^--cell-timeout: expected to come with --execute/);
    expect(message([LAB, "--execute", "--cell-timeout", "0"])).toBe(
      '--cell-timeout: expected whole seconds from 1 to 3600, got "0"',
    );
    expect(message([LAB, "--execute", "--cell-timeout", "1.5"])).toMatch(/got "1.5"$/);
    expect(message([LAB, "--execute", "--kernel", "a b"])).toBe(
      '--kernel: expected a kernel name (letters, digits, . _ -), got "a b"',
    );
    expect(message([LAB, "--execute=yes"])).toBe('--execute: expected no value, got "yes"');
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
    expect(() => parseStudentArgs([dir])).toThrow(
      "--out: expected the folder to write the student notebooks into, got nothing",
    );
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "dlab-args-empty-"));
    expect(() => parseStudentArgs([empty, "--out", "s"])).toThrow(
      /^folder: expected a folder with \.ipynb files in it, got ".*", which has none$/,
    );
    fs.rmSync(empty, { recursive: true });
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
