#!/usr/bin/env node
// Time `dlab grade` on a class of synthetic lab 02 submissions (run on demand: `node bench/grade.mjs`).
//   Makes N submissions (tests/fixtures/grade/submissions.mjs) in a temp folder outside the
//   checkout — every kind at least twice (crashes, a process.exit, endless loops, 100 MB of
//   output, deleted and edited check cells, …), the rest a class's usual mix of right, stubs and
//   one exercise wrong — grades them with the CLI as a lecturer would, PDFs included, prints
//   the wall time and load, and checks every grade against the points each kind must get.
//   Target (issue 12): 200 submissions in ≤ 10 minutes on a 2-core machine.
// Options:
//   --n 200            submissions
//   --cell-timeout 30  seconds one cell may run (the endless loops cost this much each)
//   --jobs N           kernels at once (default: dlab grade's, the number of cores)
//   --keep             leave the temp folder (submissions, grades.csv, feedback) and print it
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { EXPECTED, KINDS, writeSubmissions } from "../tests/fixtures/grade/submissions.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const n = Number(arg("--n", "200"));
const cellTimeout = arg("--cell-timeout", "30");

// every kind twice, then a class's usual mix
const usual = ["right", "right", "right", "stub", "wrong-bce", "wrong-cost", "wrong-grads", "wrong-backward"];
usual.push("backward-sigmoid-only", "wrong-tanh", "deleted-check", "edited-check", "writes-files");
const kinds = [...Object.keys(KINDS), ...Object.keys(KINDS)];
while (kinds.length < n) kinds.push(usual[kinds.length % usual.length]);
kinds.length = n;
const names = kinds.map((k, i) => `s${String(i + 1).padStart(3, "0")}-${k}`);

const dir = mkdtempSync(join(tmpdir(), "dlab-bench-grade-"));
writeSubmissions(join(dir, "subs"), kinds, { names });
const args = [
  "grade",
  "02-backprop",
  join(dir, "subs"),
  "--out",
  join(dir, "out"),
  "--cell-timeout",
  cellTimeout,
];
if (arg("--jobs")) args.push("--jobs", arg("--jobs"));
console.log(
  `bench/grade: ${n} submissions of 02-backprop, ${availableParallelism()} cores, load ${loadavg()[0].toFixed(1)} before`,
);
const t0 = Date.now();
const code = await new Promise((resolve) => {
  const child = spawn(process.execPath, [join(ROOT, "src", "bin", "dlab.js"), ...args], {
    cwd: dir,
    stdio: ["ignore", "inherit", "pipe"],
  });
  let last = 0;
  child.stderr.on("data", (d) => {
    // every 10th progress line, and everything else
    for (const line of d.toString().split("\n").filter(Boolean)) {
      const m = /graded (\d+)\//.exec(line);
      if (!m || Number(m[1]) >= last + 10 || Number(m[1]) === n) {
        console.log(line);
        if (m) last = Number(m[1]);
      }
    }
  });
  child.on("close", resolve);
});
const seconds = (Date.now() - t0) / 1000;

const rows = readFileSync(join(dir, "out", "grades.csv"), "utf8")
  .trim()
  .split("\r\n")
  .slice(1);
const wrong = rows.filter((row) => {
  const [student, ...cells] = row.split(",");
  const kind = student.replace(/^s\d+-/, "");
  return cells.slice(0, -1).join(",") !== EXPECTED[kind].join(",");
});
console.log(
  `bench/grade: ${n} submissions graded in ${(seconds / 60).toFixed(1)} min (${seconds.toFixed(0)} s, exit ${code}), ` +
    `load ${loadavg()[0].toFixed(1)} after; ${rows.length - wrong.length} of ${rows.length} grades as expected`,
);
for (const row of wrong.slice(0, 10)) console.log(`  unexpected: ${row}`);
if (process.argv.includes("--keep")) console.log(`bench/grade: kept ${dir}`);
else rmSync(dir, { recursive: true, force: true });
process.exit(code === 0 && wrong.length === 0 && rows.length === n ? 0 : 1);
