/**
 * `dlab validate`: a student runs their notebook the way `dlab grade` will (the lab's check cells
 * put back, only the cells they need, a fresh kernel in a scratch folder) and reads what a grade
 * would see: each visible check right or not yet, with its points. Hidden checks are counted,
 * never run here.
 *
 * @example
 * import { validateNotebook } from "./validate";
 * const text = await validateNotebook({ notebook: "02-backprop.ipynb" });
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseRecords } from "../../check/record";
import { readNotebook } from "../handout/notebook";
import { pointsText } from "./csv";
import { summaryLine } from "./feedback";
import type { JobResult } from "./driver";
import { gradingEnv, runOne } from "./grade";
import { UsageError } from "../usage";
import { loadLab, type Lab } from "./lab";
import { planRun } from "./plan";
import { scoreRun, type Column } from "./score";

/** Options of {@link validateNotebook}. */
export interface ValidateOptions {
  /** The student's notebook. */
  notebook: string;
  /** The lab (name or path). Defaults to the notebook's file name. */
  lab?: string;
  /** Seconds one cell may run. Defaults to 60. */
  cellTimeoutS?: number;
}

/** The lab: named by --lab, else by the notebook's file name (with a hint when that is no lab). */
function labFor(opts: ValidateOptions): Lab {
  if (opts.lab) return loadLab(opts.lab);
  try {
    return loadLab(path.basename(opts.notebook).replace(/\.ipynb$/, ""));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    throw new UsageError(
      "--lab",
      err.expected,
      `${err.got} (from the notebook's file name)`,
      "name the lab with --lab",
    );
  }
}

const MARK = { right: "✔", "not yet": "✘", "not run": "—" } as const;

/** Run the notebook as grading would; resolves to the report to print. */
export async function validateNotebook(opts: ValidateOptions): Promise<string> {
  const nb = readNotebook(opts.notebook);
  const lab = labFor(opts);
  const plan = planRun(lab, nb, { hidden: false });
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "dlab-validate-"));
  let result: JobResult;
  try {
    result = await runOne(plan, { jobs: 1, workDir, cellTimeoutS: opts.cellTimeoutS, env: gradingEnv(lab) });
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
  // without the lab's own run, each check is named by what its cell reported here
  const columns: Column[] = lab.checks.flatMap((check, k) => {
    const at = plan.roles.findIndex((r) => r.check === k);
    const names = [...new Set(parseRecords(result.cells?.[at]?.records ?? "").map((r) => r.check))];
    const list = names.length > 0 ? names : [`check cell ${k + 1}`];
    return list.map((name) => ({
      name,
      points: check.points / list.length,
      hidden: false,
      role: { check: k },
    }));
  });
  const grade = scoreRun("you", opts.notebook, columns, plan, result);
  const width = Math.max(...columns.map((c) => c.name.length));
  const lines = [`${opts.notebook} against ${lab.name}, as \`dlab grade\` would see it:`];
  for (const o of grade.outcomes) {
    const pts = `${pointsText(o.earned)} / ${pointsText(o.column.points)}`;
    lines.push(
      `  ${MARK[o.status]} ${o.column.name.padEnd(width)}  ${pts.padStart(7)}${o.hint ? `  ${o.status === "not yet" ? "not yet — " : ""}${o.hint}` : ""}`,
    );
  }
  const hidden = lab.hidden.filter((h) => !h.preamble).length;
  const verdict = summaryLine(grade.outcomes, hidden > 0);
  lines.push(`${pointsText(grade.total)} of ${pointsText(grade.max)} visible points. ${verdict}`);
  if (hidden) lines.push(`hidden checks: ${hidden}, not shown (the grade runs them too)`);
  for (const n of grade.notes) lines.push(`note: ${n}`);
  return lines.join("\n") + "\n";
}
