/**
 * `dlab grade`: run every submission headlessly with the lab's checks restored (plus its hidden
 * checks), each in its own fresh kernel, many at once; score from the check records; write
 * grades.csv, and per student feedback/<student>.html and .pdf. The lab itself is run first, the
 * same way, to name the checks and to make sure its own solutions pass.
 *
 * @example
 * import { gradeLab } from "./grade";
 * await gradeLab({ lab: "02-backprop", submissions: ["collected"], out: "grades/02-backprop" });
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { withBrowser, type LazyBrowser } from "../handout/browser";
import { readNotebook, type Notebook } from "../handout/notebook";
import { htmlToPdf } from "../handout/pdf";
import { gradesCsv, pointsText } from "./csv";
import { runJobs, type Job, type JobResult, type RunOptions } from "./driver";
import { feedbackHtml } from "./feedback";
import { loadLab, type Lab } from "./lab";
import { checkLimits, limitCells, planRun, type Plan } from "./plan";
import { columnsOf, scoreRun, type Column, type Grade } from "./score";
import { findSubmissions, type Submission } from "./submissions";

/** Options of {@link gradeLab}. */
export interface GradeOptions {
  /** Lab name (`02-backprop`) or path to its notebook. */
  lab: string;
  /** Notebooks and folders of notebooks. */
  submissions: string[];
  /** Output folder. */
  out: string;
  /** Kernels at once. Defaults to the number of CPU cores. */
  jobs?: number;
  /** Seconds one cell may run. Defaults to 60. */
  cellTimeoutS?: number;
  /** Hidden-checks file; defaults to `<lab>.hidden.ts` beside the lab; null: none. */
  hidden?: string | null;
  /** Run every cell, not only those the checks need. Defaults to false. */
  allCells?: boolean;
  /** Write PDF feedback too. Defaults to true. */
  pdf?: boolean;
  /** Progress and summary lines. Defaults to silence. */
  log?: (line: string) => void;
}

/** What a grading run produced. */
export interface GradeReport {
  columns: Column[];
  grades: Grade[];
  csv: string;
  /** Students whose PDF could not be written, with why. */
  pdfFailures: { student: string; error: string }[];
  seconds: number;
}

/** Kernel environment for grading: the lab's name for the records, one backend for everyone. */
export function gradingEnv(lab: Lab): Record<string, string> {
  return { DLAB_LAB: lab.name, DLAB_BACKEND: process.env.DLAB_BACKEND || "wasm" };
}

/** The lab's title (notebook metadata), else its name. */
export function labTitle(lab: Lab): string {
  const t = lab.notebook.metadata.title;
  return typeof t === "string" && t.trim() ? t : lab.name;
}

const clock = (s: number) =>
  s >= 60 ? `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, "0")}s` : `${s.toFixed(1)}s`;

function readSubmission(s: Submission): Notebook | string {
  try {
    return readNotebook(s.file);
  } catch (err) {
    return (err as Error).message;
  }
}

/** Grade the submissions; writes `<out>/grades.csv`, `<out>/feedback/<student>.html|pdf`. */
export async function gradeLab(opts: GradeOptions): Promise<GradeReport> {
  const t0 = Date.now();
  const log = opts.log ?? (() => {});
  const lab = loadLab(opts.lab, opts.hidden);
  const subs = findSubmissions(opts.submissions, lab.name, lab.file);
  const planOpts = { allCells: opts.allCells };
  const reference = planRun(lab, lab.notebook, planOpts);
  const plans = new Map<string, Plan | string>();
  for (const s of subs) {
    const nb = readSubmission(s);
    plans.set(s.student, typeof nb === "string" ? nb : planRun(lab, nb, planOpts));
  }
  const feedbackDir = path.join(opts.out, "feedback");
  fs.mkdirSync(feedbackDir, { recursive: true });
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "dlab-grade-"));
  const runOpts = {
    jobs: opts.jobs ?? os.cpus().length,
    workDir,
    cellTimeoutS: opts.cellTimeoutS,
    env: gradingEnv(lab),
  };
  const byStudent = new Map(subs.map((s) => [s.student, s]));
  const grades: Grade[] = [];
  const pdfFailures: GradeReport["pdfFailures"] = [];
  const hiddenCount = lab.hidden.filter((h) => !h.preamble).length;
  log(
    `grading ${subs.length} notebooks of ${lab.name} (${lab.checks.length} check cells, ${hiddenCount} hidden), ${runOpts.jobs} at once`,
  );
  let columns: Column[];
  const jobs: Job[] = [];
  try {
    const ref = await runOne(reference, runOpts);
    columns = referenceColumns(lab, reference, ref);
    // check cells stop at 10× the lab's own time (at least 10 s): an endless loop costs seconds
    const limits = checkLimits(
      reference,
      (ref.cells ?? []).map((c) => c.seconds),
      runOpts.cellTimeoutS ?? 60,
    );
    for (const [student, plan] of plans) {
      if (typeof plan === "string") continue;
      limitCells(plan, limits);
      jobs.push({ id: student, cells: plan.cells });
    }
  } catch (err) {
    fs.rmSync(workDir, { recursive: true, force: true });
    throw err;
  }

  return withBrowser(async (browser) => {
    let pdfs = Promise.resolve();
    const finish = (g: Grade) => {
      grades.push(g);
      const html = feedbackHtml(g, { name: lab.name, title: labTitle(lab) });
      const base = path.join(feedbackDir, safeFileName(g.student));
      fs.writeFileSync(`${base}.html`, html);
      if (opts.pdf !== false)
        pdfs = pdfs.then(() => writePdf(browser, html, `${base}.pdf`, g.student, pdfFailures));
      const elapsed = (Date.now() - t0) / 1000;
      const left = (elapsed / grades.length) * (subs.length - grades.length);
      log(
        `graded ${grades.length}/${subs.length} · ${g.student} ${pointsText(g.total)}/${pointsText(g.max)} · ${clock(elapsed)}, ~${clock(left)} left`,
      );
    };
    try {
      await runJobs(jobs, runOpts, (r) =>
        finish(scoreRun(r.id, byStudent.get(r.id)!.file, columns, plans.get(r.id) as Plan, r)),
      );
    } finally {
      fs.rmSync(workDir, { recursive: true, force: true });
    }
    for (const [student, plan] of plans)
      if (typeof plan === "string") finish(unreadable(student, byStudent.get(student)!.file, columns, plan));
    await pdfs;
    grades.sort((a, b) => a.student.localeCompare(b.student));
    const csv = gradesCsv(columns, grades);
    fs.writeFileSync(path.join(opts.out, "grades.csv"), csv);
    const seconds = (Date.now() - t0) / 1000;
    log(summary(lab, grades, pdfFailures, seconds, opts));
    return { columns: columns, grades, csv, pdfFailures, seconds };
  });
}

/** Run one notebook's plan on its own; resolves to its result. */
export async function runOne(plan: Plan, opts: RunOptions): Promise<JobResult> {
  let result: JobResult | undefined;
  await runJobs([{ id: "run", cells: plan.cells }], { ...opts, jobs: 1, prestart: 0 }, (r) => (result = r));
  return result!;
}

/** Columns from the lab's own run; its visible checks must pass with the lab's solutions. */
function referenceColumns(lab: Lab, plan: Plan, r: JobResult): Column[] {
  if (r.failed) throw new Error(`${lab.file}: the lab itself could not be run: ${r.failed}`);
  const columns = columnsOf(lab, plan, r);
  const ref = scoreRun("the lab", lab.file, columns, plan, r);
  const wrong = ref.outcomes.filter((o) => o.status !== "right").map((o) => o.column.name);
  if (wrong.length > 0)
    throw new Error(
      `${lab.file}: with the lab's own solutions, these checks do not pass: ${wrong.join(", ")} — fix the lab or its hidden checks before grading`,
    );
  return columns;
}

function unreadable(student: string, file: string, columns: Column[], why: string): Grade {
  return scoreRun(student, file, columns, { cells: [], roles: [], notes: [] }, { id: student, failed: why });
}

/** A student id as a file name: no path separators, no leading dot. */
export function safeFileName(student: string): string {
  return student.replace(/[/\\\0]/g, "_").replace(/^\.+/, "_") || "_";
}

async function writePdf(
  browser: LazyBrowser,
  html: string,
  file: string,
  student: string,
  failures: GradeReport["pdfFailures"],
): Promise<void> {
  try {
    await htmlToPdf(browser, html, file);
  } catch (err) {
    failures.push({ student, error: (err as Error).message.split("\n")[0] });
  }
}

function summary(
  lab: Lab,
  grades: Grade[],
  pdfFailures: GradeReport["pdfFailures"],
  seconds: number,
  opts: GradeOptions,
): string {
  const max = grades[0]?.max ?? 0;
  const mean = grades.reduce((s, g) => s + g.total, 0) / Math.max(1, grades.length);
  const full = grades.filter((g) => g.outcomes.every((o) => o.column.hidden || o.status === "right")).length;
  const stopped = grades.filter((g) => g.notes.some((n) => /stopped|not run|could not run/.test(n))).length;
  const lines = [
    `graded ${grades.length} notebooks of ${lab.name} in ${clock(seconds)}: mean ${pointsText(mean)} of ${pointsText(max)} points; ${full} with every visible check right; ${stopped} with a cell that stopped or could not run`,
    `wrote ${path.join(opts.out, "grades.csv")} and ${path.join(opts.out, "feedback")}/<student>.html${opts.pdf === false ? "" : ", .pdf"}`,
  ];
  if (pdfFailures.length > 0)
    lines.push(
      `PDF feedback FAILED for ${pdfFailures.length} students (${pdfFailures
        .map((f) => f.student)
        .slice(0, 5)
        .join(", ")}…): ${pdfFailures[0].error}`,
    );
  return lines.join("\n");
}
