/**
 * Put the lab's original check cells back into a submission, so that deleting or editing a check
 * cell changes nothing about the grade. Each lab check is found by its cell id, else by its exact
 * source; an edited one gets its original source back; a deleted one is inserted after the last
 * cell that declares a name it checks (e.g. after the cell defining `bce` for `dl.check.bce(bce)`).
 * A student's own copies of a check (unmatched cells calling `dl.check…`) are not checks.
 *
 * @example
 * import { restoreChecks } from "./restore";
 * const { cells, notes } = restoreChecks(lab.checks, submission);
 */
import { Notebook, cellSource } from "../handout/notebook";
import type { LabCheck } from "./lab";
import { boundNames, usedNames } from "./needed";

/** A code cell of a submission, ready to run. */
export interface GradedCell {
  source: string;
  /** The lab check (position in `lab.checks`) this cell is, when it is one. */
  check?: number;
}

/** A submission with its checks restored, and what was changed (for the feedback). */
export interface Restored {
  cells: GradedCell[];
  notes: string[];
}

const normal = (s: string) => s.replace(/\s+/g, " ").trim();

/** The submission's code cells with the lab's check cells put back (see the module comment). */
export function restoreChecks(checks: LabCheck[], nb: Notebook): Restored {
  const code = nb.cells.filter((c) => c.cell_type === "code");
  const cells: GradedCell[] = code.map((c) => ({ source: cellSource(c) }));
  const notes: string[] = [];
  const taken = new Set<number>();
  const missing: number[] = [];
  checks.forEach((check, k) => {
    let at = check.id === undefined ? -1 : code.findIndex((c, i) => !taken.has(i) && c.id === check.id);
    if (at < 0) at = cells.findIndex((c, i) => !taken.has(i) && normal(c.source) === normal(check.source));
    if (at < 0) return missing.push(k);
    taken.add(at);
    if (normal(cells[at].source) !== normal(check.source))
      notes.push(`check cell ${k + 1} was changed: the original was put back`);
    cells[at] = { source: check.source, check: k };
  });
  for (const k of missing) {
    const check = checks[k];
    const uses = usedNames(check.source);
    let after = -1;
    cells.forEach((c, i) => {
      if (c.check === undefined && boundNames(c.source).some((n) => uses.has(n))) after = i;
    });
    // no cell defines what it checks: after the check before it, so the order of checks stays
    if (after < 0) after = cells.findIndex((c) => c.check === k - 1);
    cells.splice(after + 1, 0, { source: check.source, check: k });
    notes.push(`check cell ${k + 1} was missing: the original was put back`);
  }
  return { cells, notes };
}
