/**
 * The student version of a notebook: every solution is replaced by its stub.
 *
 * How a stub is found, for each cell (first rule that applies wins):
 * 1. Markers (nbgrader style), in ANY code cell, tagged or not: every region from a line
 *    `// BEGIN SOLUTION` (or `# BEGIN SOLUTION`) to a line `// END SOLUTION` is replaced by
 *    `// YOUR CODE HERE` and `throw new Error("not implemented yet");` at the marker's indent.
 *    Put the markers inside a function body, so the cell still runs and the check cell can
 *    call the function and report "not yet".
 * 2. A cell tagged `solution` whose `metadata.dlab.stub` is a string: the source becomes that string.
 * 3. A code cell tagged `solution` whose nearest preceding code cell is tagged `stub` or
 *    `exercise`: the solution cell is removed (the stub before it stays).
 * 4. A Markdown cell tagged `solution`: replaced by "*Your answer here.*".
 * Anything else tagged `solution` is an error: the export never guesses and never leaks.
 * Replaced cells lose their outputs, execution count and `solution` tag (so converting twice is
 * harmless). Cells whose outputs came from the instructor's solutions keep their code but lose
 * their outputs (solution-deps.ts): check cells (tagged `check`, or calling `dl.check…`), whose
 * verdict was on the solution, and cells that use what a solution defines. Other figures stay.
 *
 * @example
 * import { toStudent } from "./student";
 * const student = toStudent(nb); // nb is left unchanged
 */
import { Cell, Notebook, cellSource, cellTags, cloneNotebook, describeCell } from "./notebook";
import { solutionDependentCells } from "./solution-deps";

export { CHECK_TAG } from "./solution-deps";

/** The tag that marks a solution cell (as nbgrader does). */
export const SOLUTION_TAG = "solution";
/** Tags that mark a cell as the stub the student fills in. */
export const STUB_TAGS: readonly string[] = ["stub", "exercise"];
/** What a student sees where a solution region was. */
export const PLACEHOLDER = ["// YOUR CODE HERE", 'throw new Error("not implemented yet");'];

const BEGIN = /^(\s*)(?:\/\/|#)\s*BEGIN SOLUTION\s*$/;
const END = /^\s*(?:\/\/|#)\s*END SOLUTION\s*$/;

/** True when the source has a BEGIN or END SOLUTION marker line. */
export function hasMarkers(source: string): boolean {
  return source.split("\n").some((l) => BEGIN.test(l) || END.test(l));
}

/** Replace each BEGIN/END SOLUTION region by the placeholder; `label` names the cell in errors. */
export function stripSolutionRegions(source: string, label = "the cell"): string {
  const out: string[] = [];
  let openedAt = -1;
  source.split("\n").forEach((line, i) => {
    const begin = BEGIN.exec(line);
    if (begin) {
      if (openedAt >= 0)
        throw new Error(
          `${label}: "BEGIN SOLUTION" on line ${i + 1} inside another solution region (opened on line ${openedAt + 1})`,
        );
      openedAt = i;
      out.push(...PLACEHOLDER.map((p) => begin[1] + p));
    } else if (END.test(line)) {
      if (openedAt < 0)
        throw new Error(`${label}: "END SOLUTION" on line ${i + 1} without a BEGIN SOLUTION before it`);
      openedAt = -1;
    } else if (openedAt < 0) {
      out.push(line);
    }
  });
  if (openedAt >= 0)
    throw new Error(`${label}: "BEGIN SOLUTION" on line ${openedAt + 1} is never closed by "END SOLUTION"`);
  return out.join("\n");
}

/** A replaced cell: new source, no outputs, never executed, no longer tagged as a solution. */
function replaced(cell: Cell, source: string): Cell {
  // without the solution tag, converting a student notebook again changes nothing
  const tags = cellTags(cell).filter((t) => t !== SOLUTION_TAG);
  const next: Cell = { ...cell, source, metadata: { ...cell.metadata, tags } };
  if (tags.length === 0) delete next.metadata.tags;
  if (cell.cell_type === "code") {
    next.outputs = [];
    next.execution_count = null;
  }
  delete next.attachments;
  return next;
}

/** True when the nearest code cell before `index` is tagged as a stub. */
function stubBefore(cells: Cell[], index: number): boolean {
  for (let i = index - 1; i >= 0; i--) {
    if (cells[i].cell_type === "code") return cellTags(cells[i]).some((t) => STUB_TAGS.includes(t));
  }
  return false;
}

/** The student cell for one cell, or null to drop it (rules 1-4 above); `dependent`: clear its outputs. */
function studentCell(cells: Cell[], index: number, dependent: boolean): Cell | null {
  const cell = cells[index];
  const source = cellSource(cell);
  if (cell.cell_type === "code" && hasMarkers(source)) {
    return replaced(cell, stripSolutionRegions(source, describeCell(cells, index)));
  }
  if (dependent) return replaced(cell, source);
  if (!cellTags(cell).includes(SOLUTION_TAG)) return cell;
  const stub = cell.metadata.dlab?.stub;
  if (typeof stub === "string") return replaced(cell, stub);
  if (cell.cell_type === "code" && stubBefore(cells, index)) return null;
  if (cell.cell_type === "markdown") return replaced(cell, "*Your answer here.*");
  throw new Error(
    `${describeCell(cells, index)} is tagged "solution" but has no stub: add // BEGIN SOLUTION / // END SOLUTION ` +
      `markers, a metadata.dlab.stub string, or a code cell tagged "stub" just before it`,
  );
}

/** The student version of a notebook (a new object; the input is not changed). */
export function toStudent(nb: Notebook): Notebook {
  const copy = cloneNotebook(nb);
  const hasRegions = (i: number) =>
    copy.cells[i].cell_type === "code" && hasMarkers(cellSource(copy.cells[i]));
  const isSolution = (i: number) => hasRegions(i) || cellTags(copy.cells[i]).includes(SOLUTION_TAG);
  const dependent = solutionDependentCells(copy.cells, isSolution, hasRegions);
  const cells: Cell[] = [];
  copy.cells.forEach((_, i) => {
    const cell = studentCell(copy.cells, i, dependent.has(i));
    if (cell) cells.push(cell);
  });
  copy.cells = cells;
  return copy;
}
