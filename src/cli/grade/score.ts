/**
 * From what the kernel did to points: each check's result is read from the check records that
 * its own (restored) cell appended while it ran — never from what the notebook printed. A check
 * is right when it reported, and every record it reported under its name in that cell is right
 * (a record the student's code forged while the check ran cannot outvote the check's own).
 *
 * @example
 * import { columnsOf, scoreRun } from "./score";
 * const columns = columnsOf(lab, referenceRun); // the checks, named as they report themselves
 * const grade = scoreRun("ana", columns, plan, result);
 */
import { parseRecords } from "../../check/record";
import type { CellRun, JobResult } from "./driver";
import type { Lab } from "./lab";
import type { CellRole, Plan } from "./plan";

/** One gradable check: a column of grades.csv. */
export interface Column {
  /** The name the check reports itself with. */
  name: string;
  /** Points it is worth (its cell's points, shared among the checks of that cell). */
  points: number;
  hidden: boolean;
  /** The lab check (k) or hidden cell (h) that reports it. */
  role: CellRole;
}

/** One check's result for one student. */
export interface Outcome {
  column: Column;
  /** right, not yet, or not run (its cell never reported it). */
  status: "right" | "not yet" | "not run";
  earned: number;
  /** The hint (not yet) or why it did not run. */
  hint: string;
}

/** One student's grade. */
export interface Grade {
  student: string;
  file: string;
  outcomes: Outcome[];
  total: number;
  max: number;
  /** What grading changed or met on the way (restored checks, cells that failed). */
  notes: string[];
  seconds?: number;
}

const HIDDEN_NOT_RUN =
  "could not run with your notebook: a function it calls is missing, takes other arguments, or stopped the kernel";

/** A cell's first line of code, shortened: how a note points at it. */
function firstCodeLine(source: string): string {
  const line = source.split("\n").find((l) => l.trim() && !/^\s*(\/\/|\/\*|\*)/.test(l)) ?? "";
  return line.length > 60 ? line.slice(0, 57).trimEnd() + "…" : line.trim();
}

const sameRole = (a: CellRole, b: CellRole) => a.check === b.check && a.hidden === b.hidden;

/** What a cell that reported nothing did instead, in words. */
function whyNotRun(cell: CellRun | undefined): string {
  if (!cell) return "not run: the grader could not run this notebook";
  switch (cell.status) {
    case "timeout":
      return `not run to the end: ${cell.error ?? "time limit"}`;
    case "output-limit":
      return "stopped: the notebook printed more than the output limit";
    case "died":
      return "not run: the kernel died (out of memory, or process.exit)";
    case "not-run":
      return "not run: the kernel stopped before this cell";
    case "error":
      return `the check cell failed: ${cell.error ?? "an error"}`;
    default:
      return "the check reported nothing";
  }
}

/** The checks of a lab, named by the reference run (the lab notebook itself, graded like a submission). */
export function columnsOf(lab: Lab, plan: Plan, reference: JobResult): Column[] {
  const columns: Column[] = [];
  const roles: CellRole[] = [
    ...lab.checks.map((_, k) => ({ check: k })),
    ...lab.hidden.map((h, i) => ({ hidden: i })).filter((r) => !lab.hidden[r.hidden].preamble),
  ];
  for (const role of roles) {
    const at = plan.roles.findIndex((r) => sameRole(r, role));
    const cell = reference.cells?.[at];
    const names = [...new Set(parseRecords(cell?.records ?? "").map((r) => r.check))];
    const what =
      role.check !== undefined ? `check cell ${role.check + 1}` : `hidden check ${role.hidden! + 1}`;
    if (names.length === 0)
      throw new Error(`${lab.name}: ${what} reported no check when the lab itself ran (${whyNotRun(cell)})`);
    const points = role.check !== undefined ? lab.checks[role.check].points : lab.hidden[role.hidden!].points;
    for (const name of names)
      columns.push({ name, points: points / names.length, hidden: role.hidden !== undefined, role });
  }
  return columns;
}

/** Score one student's run. */
export function scoreRun(
  student: string,
  file: string,
  columns: Column[],
  plan: Plan,
  result: JobResult,
): Grade {
  const notes = [...plan.notes];
  if (result.failed) notes.push(`the grader could not run this notebook: ${result.failed}`);
  const outcomes = columns.map((column): Outcome => {
    const at = plan.roles.findIndex((r) => sameRole(r, column.role));
    const cell = result.cells?.[at];
    const mine = parseRecords(cell?.records ?? "").filter(
      (r) => r.check === column.name && !!r.hidden === column.hidden,
    );
    // a hidden cell's error could quote its code: the feedback says only that it could not run
    const why = column.hidden ? HIDDEN_NOT_RUN : whyNotRun(cell);
    if (mine.length === 0) return { column, status: "not run", earned: 0, hint: why };
    const bad = mine.filter((r) => !r.ok);
    // a check stopped by the time or output limit says so, besides what it saw
    const stopped =
      cell && (cell.status === "timeout" || cell.status === "output-limit") ? ` (${cell.error})` : "";
    if (bad.length > 0)
      return { column, status: "not yet", earned: 0, hint: (bad[bad.length - 1].hint ?? "") + stopped };
    return { column, status: "right", earned: column.points, hint: "" };
  });
  result.cells?.forEach((cell, i) => {
    if (plan.roles[i].check !== undefined || plan.roles[i].hidden !== undefined || cell.status === "ok")
      return;
    const what = cell.status === "error" ? "failed" : cell.status === "not-run" ? "did not run" : "stopped";
    notes.push(`your cell "${firstCodeLine(plan.cells[i].source)}" ${what}: ${cell.error ?? cell.status}`);
  });
  const total = outcomes.reduce((s, o) => s + o.earned, 0);
  const max = columns.reduce((s, c) => s + c.points, 0);
  return { student, file, outcomes, total, max, notes, seconds: result.seconds };
}
