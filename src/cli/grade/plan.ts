/**
 * What grading runs for one notebook: its code cells with the lab's checks restored, only those
 * the checks need (unless all cells are asked for), then the lab's hidden checks.
 *
 * @example
 * import { planRun } from "./plan";
 * const plan = planRun(lab, readNotebook("ana/02-backprop.ipynb"), { hidden: true });
 */
import type { Notebook } from "../handout/notebook";
import type { JobCell } from "./driver";
import type { Lab } from "./lab";
import { neededCells } from "./needed";
import { restoreChecks } from "./restore";

/** A job cell's role: a lab check (k), a hidden cell (h), or the student's code. */
export interface CellRole {
  check?: number;
  hidden?: number;
}

/** The cells to run, each with its role, and the notes on what was restored. */
export interface Plan {
  cells: JobCell[];
  roles: CellRole[];
  notes: string[];
}

/** Options of {@link planRun}. */
export interface PlanOptions {
  /** Append the lab's hidden checks. Defaults to true. */
  hidden?: boolean;
  /** Run every code cell, not only those the checks need. Defaults to false. */
  allCells?: boolean;
}

/** Plan the run of one notebook against a lab. */
export function planRun(lab: Lab, nb: Notebook, opts: PlanOptions = {}): Plan {
  const restored = restoreChecks(lab.checks, nb);
  const hidden = opts.hidden === false ? [] : lab.hidden;
  const sources = [...restored.cells.map((c) => c.source), ...hidden.map((h) => h.source)];
  const roots = sources
    .map((_, i) => i)
    .filter((i) => i >= restored.cells.length || restored.cells[i].check !== undefined);
  const run = opts.allCells ? new Set(sources.map((_, i) => i)) : neededCells(sources, roots);
  const plan: Plan = { cells: [], roles: [], notes: restored.notes };
  sources.forEach((source, i) => {
    if (!run.has(i)) return;
    const role: CellRole =
      i < restored.cells.length ? { check: restored.cells[i].check } : { hidden: i - restored.cells.length };
    const preamble = role.hidden !== undefined && hidden[role.hidden].preamble;
    plan.cells.push({ source, replay: role.check === undefined && (role.hidden === undefined || preamble) });
    plan.roles.push(role);
  });
  return plan;
}

/** A check cell may take this many times what the lab's own solution took… */
export const CHECK_TIME_FACTOR = 10;
/** …and at least this many seconds (a slow but right answer still passes). */
export const CHECK_TIME_FLOOR_S = 10;

const roleKey = (r: CellRole) =>
  r.check !== undefined ? `check ${r.check}` : r.hidden !== undefined ? `hidden ${r.hidden}` : undefined;

/**
 * Time limits of the check cells (visible and hidden) from the lab's own run: CHECK_TIME_FACTOR times
 * the seconds each took there, at least CHECK_TIME_FLOOR_S, at most `cellTimeoutS`. A student's
 * endless loop in a function a check calls then costs seconds, not the whole cell limit, per check.
 * @example
 * const limits = checkLimits(reference, referenceRun.cells.map((c) => c.seconds), 60);
 * limitCells(studentPlan, limits); // its check cells get their limits
 */
export function checkLimits(
  reference: Plan,
  seconds: (number | undefined)[],
  cellTimeoutS: number,
): Map<string, number> {
  const limits = new Map<string, number>();
  reference.roles.forEach((role, i) => {
    const key = roleKey(role);
    const took = seconds[i];
    if (key === undefined || took === undefined) return;
    const limit = Math.max(CHECK_TIME_FLOOR_S, Math.ceil(CHECK_TIME_FACTOR * took));
    limits.set(key, Math.min(cellTimeoutS, limit));
  });
  return limits;
}

/** Give a plan's check cells the limits of {@link checkLimits} (other cells keep the run's limit). */
export function limitCells(plan: Plan, limits: Map<string, number>): void {
  plan.roles.forEach((role, i) => {
    const key = roleKey(role);
    const limit = key === undefined ? undefined : limits.get(key);
    if (limit !== undefined) plan.cells[i].timeout = limit;
  });
}
