// `dlab grade` and `dlab validate` end to end with the real dlab kernel: synthetic submissions of
// lab 02 (tests/fixtures/grade/submissions.mjs) in a folder outside the checkout, graded from
// their check records; the exact grades.csv, the feedback pages (HTML, and a PDF rendered to
// test-artifacts/grade-feedback-*.png to look at), and what a student's `validate` prints.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile, execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
// @ts-expect-error -- a plain ES module shared with bench/grade.mjs, typed by its JSDoc only
import { EXPECTED, makeSubmission, writeSubmissions } from "../fixtures/grade/submissions.mjs";
import { pdfText } from "./handout-pdf";
import { runJobs, type JobResult } from "../../src/cli/grade/driver";

const ROOT = path.resolve(__dirname, "../..");
const DLAB = path.join(ROOT, "src", "bin", "dlab.js");
const ARTIFACTS = path.join(ROOT, "test-artifacts");
const KINDS = [
  "right",
  "stub",
  "wrong-bce",
  "wrong-backward",
  "backward-sigmoid-only",
  "wrong-prediction",
  "wrong-fix",
  "wrong-tanh",
  "crash",
  "kernel-exit",
  "endless-loop",
  "deleted-check",
  "edited-check",
  "writes-files",
  "prints-100mb",
];
// the lab's own names for its checks, as its saved outputs print them, then the hidden file's
const HEADER = [
  "student",
  "binary cross-entropy",
  "quadratic cost",
  "two-weight gradients",
  "backward pass",
  "vanishing gradient: shrink per layer",
  "debugging: the network learns",
  "σ via tanh",
  "hidden: binary cross-entropy: certain predictions and one-sided labels",
  "hidden: quadratic cost: two outputs per example",
  "hidden: two-weight gradients: negative input",
  "hidden: backward pass: a tanh network with two outputs",
  "total",
];

let dir: string;
let out: string;
let run: { status: number; stderr: string; seconds: number };
const expected = EXPECTED as Record<string, number[]>;

/** Run the dlab command without blocking the test worker (grading takes a minute or two). */
function dlab(
  args: string[],
  cwd: string,
): Promise<{ status: number; stdout: string; stderr: string; seconds: number }> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [DLAB, ...args],
      { cwd, encoding: "utf8", timeout: 880_000, maxBuffer: 1 << 26 },
      (err, stdout, stderr) =>
        resolve({
          status: err ? ((err as { code?: number }).code ?? 1) : 0,
          stdout,
          stderr,
          seconds: (Date.now() - t0) / 1000,
        }),
    );
  });
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "dlab-grade-test-"));
  // half in the collect layout (<student>/02-backprop.ipynb), half as <student>.ipynb
  const half = Math.ceil(KINDS.length / 2);
  writeSubmissions(path.join(dir, "subs"), KINDS.slice(0, half));
  writeSubmissions(path.join(dir, "subs", "flat"), KINDS.slice(half), { flat: true });
  out = path.join(dir, "out");
  run = await dlab(
    ["grade", "02-backprop", path.join(dir, "subs"), "--out", out, "--cell-timeout", "30"],
    dir,
  );
}, 900_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("dlab grade on synthetic lab 02 submissions", () => {
  it("writes the exact grades.csv: every kind gets the points it should", () => {
    expect(run.stderr).toMatch(/graded 15\/15/);
    expect(run.status, run.stderr).toBe(0);
    const rows = KINDS.slice()
      .sort((a, b) => a.localeCompare(b))
      .map((k) => [k, ...expected[k], expected[k].reduce((s, p) => s + p, 0)].join(","));
    const header = HEADER.map((h) => (h.includes(",") ? `"${h}"` : h)).join(",");
    expect(fs.readFileSync(path.join(out, "grades.csv"), "utf8")).toBe(
      [header, ...rows].join("\r\n") + "\r\n",
    );
    console.log(`graded ${KINDS.length} submissions in ${run.seconds.toFixed(1)} s`);
  });

  it("reports progress and a summary", () => {
    expect(run.stderr).toMatch(/dlab grade: graded 1\/15 · /);
    expect(run.stderr).toMatch(/graded 15 notebooks of 02-backprop in .*: mean [\d.]+ of 16 points/);
  });

  it("files a notebook writes land in the grader's scratch folder, not beside the submission", () => {
    const stray = (d: string) => fs.readdirSync(d, { recursive: true }).map(String);
    expect(stray(path.join(dir, "subs")).filter((f) => /written-by-student|student-folder/.test(f))).toEqual(
      [],
    );
    expect(fs.readdirSync(dir).sort()).toEqual(["out", "subs"]);
  });

  it("feedback per student: results and hints, hidden checks named without code, never 'all passed'", () => {
    const page = (s: string) => fs.readFileSync(path.join(out, "feedback", `${s}.html`), "utf8");
    for (const k of KINDS) {
      expect(fs.statSync(path.join(out, "feedback", `${k}.pdf`)).size).toBeGreaterThan(5000);
      expect(page(k)).not.toMatch(/All checks passed|<script/i);
    }
    expect(page("right")).toContain(
      "16 of 16 points. All visible checks passed. Hidden checks: 4 of 4 passed.",
    );
    expect(page("backward-sigmoid-only")).toContain(
      "All visible checks passed. Hidden checks: 3 of 4 passed.",
    );
    expect(page("edited-check")).toContain("check cell 1 was changed: the original was put back");
    expect(page("deleted-check")).toContain("check cell 1 was missing: the original was put back");
    // the check cell stops at 10× the lab's own time, at least 10 s — not at --cell-timeout's 30 s
    expect(page("endless-loop")).toMatch(/the kernel was interrupted \(still running after 10 s\)/);
    expect(page("kernel-exit")).toMatch(/the kernel died/);
    expect(page("wrong-bce")).toMatch(/✘ not yet/);
    // the hidden checks' code (inputs, references) never reaches a student
    const hidden = fs.readFileSync(path.join(ROOT, "notebooks", "02-backprop.hidden.ts"), "utf8");
    for (const snippet of ["[0.25, 0.6]", "tf.tensor2d", "seed: 31", "0.04 + 0.01"]) {
      expect(hidden).toContain(snippet);
      for (const k of KINDS) expect(page(k)).not.toContain(snippet);
    }
  });

  it("the PDF says the same (rendered to test-artifacts/grade-feedback-*.png)", () => {
    const pdf = path.join(out, "feedback", "backward-sigmoid-only.pdf");
    const text = pdfText(pdf);
    expect(text).toContain("14 of 16 points. All visible checks passed. Hidden checks: 3 of 4 passed.");
    expect(text).toMatch(/backward pass: a ✘ not yet 0 \/ 2 use the network's own activation/);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    execFileSync("pdftoppm", [
      "-png",
      "-r",
      "60",
      "-f",
      "1",
      "-l",
      "1",
      pdf,
      path.join(ARTIFACTS, "grade-feedback"),
    ]);
    expect(fs.readdirSync(ARTIFACTS).some((f) => /^grade-feedback-0?1\.png$/.test(f))).toBe(true);
  });
});

describe("dlab validate", () => {
  it("shows a student what a grade would see: visible checks and points, hidden ones counted", async () => {
    const file = path.join(dir, "subs", "wrong-bce", "02-backprop.ipynb");
    const r = await dlab(["validate", file], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/✘ binary cross-entropy +0 \/ 1 {2}not yet — /);
    expect(r.stdout).toMatch(/✔ backward pass +3 \/ 3/);
    expect(r.stdout).toContain("10 of 11 visible points. 6 of 7 visible checks passed.");
    expect(r.stdout).toContain("hidden checks: 4, not shown (the grade runs them too)");
    expect(r.stdout).not.toMatch(/tanh network|one-sided labels/);
  }, 120_000);

  it("bad arguments name what was expected", async () => {
    const r = await dlab(["grade", "99-nothing", dir], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /dlab grade: lab: expected a lab name \(01-perceptron, 02-backprop, .*\) or a path to its .ipynb, got "99-nothing"/,
    );
    const v = await dlab(["validate"], dir);
    expect(v.stderr).toMatch(/dlab validate: notebook: expected one .ipynb file, got nothing/);
  });
});

describe.skipIf(process.getuid?.() !== 0)("dlab grade as root", () => {
  it("runs each submission as a user of its own: one cannot read, write or signal another's while both run", async () => {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "dlab-grade-apart-"));
    try {
      const open = path.join(scratch, "open");
      fs.mkdirSync(open);
      fs.chmodSync(open, 0o777);
      fs.chmodSync(scratch, 0o755);
      const j = (f: string) => JSON.stringify(path.join(open, f));
      const wait = (f: string) =>
        `for (let i = 0; i < 600 && !fs_.existsSync(${j(f)}); i++) await new Promise((r) => setTimeout(r, 100));`;
      // alice says where her folder, records and kernel are, and waits until mallory is done
      const alice =
        `const fs_ = require("fs");\n` +
        `fs_.writeFileSync(${j("alice.json")}, JSON.stringify({ dir: process.cwd(), records: process.env.DLAB_RECORDS, pid: process.pid, uid: process.getuid() }));\n` +
        wait("mallory.json");
      const mallory =
        `const fs_ = require("fs");\n${wait("alice.json")}\n` +
        `const a = JSON.parse(fs_.readFileSync(${j("alice.json")}, "utf8"));\n` +
        `const tryIt = (f: () => unknown) => { try { f(); return "done"; } catch (e) { return (e as any).code; } };\n` +
        `const out = { uid: process.getuid(), list: tryIt(() => fs_.readdirSync(a.dir)),\n` +
        `  write: tryIt(() => fs_.writeFileSync(a.dir + "/planted.ts", "x")),\n` +
        `  records: tryIt(() => fs_.appendFileSync(a.records, '{"check":"x","ok":false}\\n')),\n` +
        `  kill: tryIt(() => process.kill(a.pid, "SIGKILL")),\n` +
        // the slot's compile server (run as nobody) is open to every kernel
        `  server: await new Promise((r) => { const s = require("net").connect(process.env.DLAB_COMPILE_SERVER ?? "");\n` +
        `    s.on("connect", () => { s.destroy(); r("connected"); }); s.on("error", (e: any) => r(e.code)); }) };\n` +
        `fs_.writeFileSync(${j("mallory.json")}, JSON.stringify(out));`;
      const results: JobResult[] = [];
      await runJobs(
        [
          { id: "alice", cells: [{ source: alice }, { source: "1 + 1" }] },
          { id: "mallory", cells: [{ source: mallory }] },
        ],
        { jobs: 2, workDir: path.join(scratch, "work"), cellTimeoutS: 120 },
        (r) => results.push(r),
      );
      const a = JSON.parse(fs.readFileSync(path.join(open, "alice.json"), "utf8"));
      const m = JSON.parse(fs.readFileSync(path.join(open, "mallory.json"), "utf8"));
      expect(m).toEqual({
        uid: m.uid,
        list: "EACCES",
        write: "EACCES",
        records: "EACCES",
        kill: "EPERM",
        server: "connected",
      });
      expect(a.uid).not.toBe(m.uid);
      expect([a.uid, m.uid]).not.toContain(0);
      // alice's kernel lived on to run her next cell
      expect(results.find((r) => r.id === "alice")?.cells?.map((c) => c.status)).toEqual(["ok", "ok"]);
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  }, 300_000);

  it("runs the students' code as an unprivileged user, not as root", async () => {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "dlab-grade-root-"));
    try {
      const open = path.join(scratch, "open");
      fs.mkdirSync(open, { mode: 0o777 });
      fs.chmodSync(open, 0o777);
      fs.chmodSync(scratch, 0o755);
      const nb = makeSubmission("right");
      const cell = nb.cells.find((c: { source: string | string[] }) =>
        ([] as string[]).concat(c.source).join("").includes("function bce"),
      );
      cell.source =
        ([] as string[]).concat(cell.source).join("") +
        `\nconst fs_ = require("fs");\nlet shadow = "readable";\ntry { fs_.readFileSync("/etc/shadow"); } catch (e) { shadow = (e as any).code; }\n` +
        `fs_.writeFileSync(${JSON.stringify(path.join(open, "who.txt"))}, process.getuid() + " " + shadow);`;
      fs.mkdirSync(path.join(scratch, "subs"));
      fs.writeFileSync(path.join(scratch, "subs", "mallory.ipynb"), JSON.stringify(nb));
      const r = await dlab(
        ["grade", "02-backprop", path.join(scratch, "subs"), "--out", path.join(scratch, "out"), "--no-pdf"],
        scratch,
      );
      expect(r.status, r.stderr).toBe(0);
      const [uid, shadow] = fs.readFileSync(path.join(open, "who.txt"), "utf8").split(" ");
      expect(shadow).toBe("EACCES");
      // a user id of its own, that no account of this machine has
      expect(Number(uid)).toBeGreaterThan(0);
      expect(execFileSync("getent", ["passwd"], { encoding: "utf8" })).not.toMatch(
        new RegExp(`^[^:]*:[^:]*:${uid}:`, "m"),
      );
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  }, 600_000);
});
