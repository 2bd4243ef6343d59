/**
 * A lab as the grader sees it: its notebook, its check cells (tagged `check`) with their points
 * (`metadata.dlab.points`), and the lecturer's hidden checks from `<lab>.hidden.ts` beside it.
 *
 * A hidden-checks file is TypeScript in cells: code before the first marker is a preamble (helpers,
 * reference values); each line `// @hidden <points>` starts a cell that calls `dl.check.hidden`.
 * It runs after the student's notebook, in the same kernel, so it sees the student's functions.
 *
 * @example
 * import { loadLab } from "./lab";
 * const lab = loadLab("02-backprop"); // notebooks/02-backprop.ipynb and its hidden checks
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Cell, Notebook, cellSource, readNotebook } from "../handout/notebook";
import { metadataPoints } from "../handout/points";
import { isCheckCell } from "../handout/solution-deps";
import { repoRoot } from "../handout/tools";
import { UsageError, quoted } from "../usage";

/** A check cell of the lab. */
export interface LabCheck {
  /** Position among the lab's cells. */
  index: number;
  /** The cell's id (nbformat 4.5), when it has one. */
  id?: string;
  /** The original source, put back into every submission. */
  source: string;
  /** Points for the cell (`metadata.dlab.points`); 1 when not set. */
  points: number;
}

/** A cell of the hidden-checks file. */
export interface HiddenCell {
  source: string;
  /** Points; 0 for the preamble. */
  points: number;
  /** True for the code before the first marker. */
  preamble: boolean;
}

/** A lab, ready to grade against. */
export interface Lab {
  /** The lab's name: the notebook's file name without `.ipynb`, e.g. "02-backprop". */
  name: string;
  file: string;
  notebook: Notebook;
  checks: LabCheck[];
  /** The hidden-checks file, or null when the lab has none. */
  hiddenFile: string | null;
  hidden: HiddenCell[];
}

const MARKER = /^\/\/\s*@hidden\b\s*(.*)$/;

/** The points of a check cell: `metadata.dlab.points` when a number ≥ 0, else 1. */
export function cellPoints(cell: Cell): number {
  return metadataPoints(cell.metadata ?? {}) ?? 1;
}

/** Split a hidden-checks file into its preamble and its `// @hidden <points>` cells. */
export function parseHidden(text: string, file = "hidden checks"): HiddenCell[] {
  const cells: HiddenCell[] = [{ source: "", points: 0, preamble: true }];
  text.split("\n").forEach((line, i) => {
    const m = MARKER.exec(line.trim());
    if (!m) {
      cells[cells.length - 1].source += line + "\n";
      return;
    }
    const points = Number(/^(\d+(?:\.\d+)?)/.exec(m[1])?.[1]);
    if (!Number.isFinite(points))
      throw new Error(`${file}, line ${i + 1}: expected "// @hidden <points>", got ${quoted(line.trim())}`);
    cells.push({ source: "", points, preamble: false });
  });
  const code = (s: string) =>
    s
      .replace(/\/\*[\s\S]*?\*\//g, "")
      .replace(/\/\/.*$/gm, "")
      .trim();
  return cells.filter((c) => !c.preamble || code(c.source) !== "");
}

/** The lab notebook a `<lab>` argument names: a path to an .ipynb, or a lab name under notebooks/. */
export function resolveLab(arg: string): string {
  if (arg.endsWith(".ipynb")) {
    if (!fs.existsSync(arg))
      throw new UsageError("lab", "an existing .ipynb file or a lab name", quoted(arg));
    return arg;
  }
  const file = path.join(repoRoot(), "notebooks", `${arg}.ipynb`);
  if (fs.existsSync(file)) return file;
  const labs = fs
    .readdirSync(path.join(repoRoot(), "notebooks"))
    .filter((f) => f.endsWith(".ipynb"))
    .map((f) => f.replace(/\.ipynb$/, ""));
  throw new UsageError("lab", `a lab name (${labs.join(", ")}) or a path to its .ipynb`, quoted(arg));
}

/** Load a lab and its hidden checks (`hidden`: another file than `<lab>.hidden.ts`; null: none). */
export function loadLab(arg: string, hidden?: string | null): Lab {
  const file = resolveLab(arg);
  const notebook = readNotebook(file);
  const name = path.basename(file).replace(/\.ipynb$/, "");
  const checks: LabCheck[] = [];
  notebook.cells.forEach((cell, index) => {
    if (!isCheckCell(cell)) return;
    checks.push({ index, id: cell.id, source: cellSource(cell), points: cellPoints(cell) });
  });
  if (checks.length === 0)
    throw new UsageError(
      "lab",
      'a notebook with check cells (tagged "check")',
      `${quoted(file)} without any`,
    );
  const beside = path.join(path.dirname(file), `${name}.hidden.ts`);
  const hiddenFile = hidden === null ? null : (hidden ?? (fs.existsSync(beside) ? beside : null));
  if (hiddenFile && !fs.existsSync(hiddenFile))
    throw new UsageError("--hidden", "an existing hidden-checks file", quoted(hiddenFile));
  const cells = hiddenFile ? parseHidden(fs.readFileSync(hiddenFile, "utf8"), hiddenFile) : [];
  return { name, file, notebook, checks, hiddenFile, hidden: cells };
}
