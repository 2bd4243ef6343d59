/**
 * Which saved outputs were made by the instructor's solutions, so the student version can clear
 * them: check cells (tagged `check`, or calling `dl.check…` / `dl.checkLab…`) printed a verdict on
 * the solution, and any later cell that uses a name a solution defines (directly, or through a
 * name defined by such a cell) drew its figure or printed its numbers with the solution. Figures
 * of other cells stay. Static and conservative: a name used anywhere in a cell's code counts.
 *
 * @example
 * import { solutionDependentCells } from "./solution-deps";
 * const clear = solutionDependentCells(nb.cells); // Set of cell indices
 */
import { Cell, cellSource, cellTags } from "./notebook";

/** The tag of a check cell. */
export const CHECK_TAG = "check";

const CHECK_CALL = /\bdl\s*\.\s*check\w*\s*[.(]/;
const BEGIN = /^\s*(?:\/\/|#)\s*BEGIN SOLUTION\s*$/;
// a top-level declaration starts at column 0: function f, class C, const/let/var x or { a, b } or [a, b]
const DECLARATION =
  /^(?:export\s+)?(?:(?:async\s+)?function\s*\*?\s*([\w$]+)|class\s+([\w$]+)|(?:const|let|var)\s+([\w$]+|\{[^}]*\}|\[[^\]]*\]))/;

/** True when the cell is a check: tagged `check`, or calling a `dl.check…` function. */
export function isCheckCell(cell: Cell): boolean {
  return (
    cell.cell_type === "code" &&
    (cellTags(cell).includes(CHECK_TAG) || CHECK_CALL.test(withoutComments(cellSource(cell))))
  );
}

/** The source without `//` and `/* *\/` comments (so a name in a comment is not a use). */
export function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`\\])\/\/.*$/gm, "$1");
}

/** Names a declaration line declares (one, or those of a `{ a, b: c }` / `[a, b]` pattern). */
function namesIn(line: string): string[] {
  const m = DECLARATION.exec(line);
  if (!m) return [];
  const name = m[1] ?? m[2] ?? m[3];
  if (!/^[{[]/.test(name)) return [name];
  return name
    .slice(1, -1)
    .split(",")
    .map((part) => part.split(":").pop()!.split("=")[0].replace("...", "").trim())
    .filter((n) => /^[\w$]+$/.test(n));
}

/** Every top-level name a cell declares. */
export function declaredNames(source: string): string[] {
  return source.split("\n").flatMap(namesIn);
}

/** The top-level names whose declaration holds a BEGIN SOLUTION region (all names if `whole`). */
export function solutionNames(source: string, whole: boolean): string[] {
  if (whole) return declaredNames(source);
  const names: string[] = [];
  let current: string[] = [];
  for (const line of source.split("\n")) {
    const declared = namesIn(line);
    if (declared.length > 0) current = declared;
    else if (BEGIN.test(line)) names.push(...current);
  }
  return names;
}

/** True when `code` uses any of `names` as an identifier (not as `x.name`). */
function uses(code: string, names: Set<string>): boolean {
  for (const name of names) {
    const escaped = name.replace(/\$/g, "\\$");
    if (new RegExp(`(?<![\\w$.])${escaped}(?![\\w$])`).test(code)) return true;
  }
  return false;
}

/**
 * A cell's top-level statements: each starts at a line in column 0 and runs until the next such
 * line (lines starting with a closing bracket or a dot continue it), comments removed.
 */
export function topLevelStatements(source: string): string[] {
  const statements: string[] = [];
  for (const line of withoutComments(source).split("\n")) {
    if (line.trim() === "") continue;
    const continues = /^[\s)\]}.]/.test(line) && statements.length > 0;
    if (continues) statements[statements.length - 1] += "\n" + line;
    else statements.push(line);
  }
  return statements;
}

/** Names of `known` that a statement assigns or mutates (`x = …`, `x += …`, `x.push(…)`, `x[i] = …`). */
function changedNames(statement: string, known: Set<string>): string[] {
  const changed =
    /(?<![\w$.])([\w$]+)\s*(?:[-+*/%]?=(?!=)|\.\s*(?:push|unshift|splice|set|fill|copyWithin)\s*\(|\[[^\]]*\]\s*=(?!=))/g;
  return [...statement.matchAll(changed)].map((m) => m[1]).filter((n) => known.has(n));
}

/**
 * Indices of the code cells whose outputs depend on the solutions: check cells, and cells with a
 * statement that uses a name from a solution (or from such a statement, which it declares or
 * changes). `isSolution(i)` says whether cell i holds one; `hasRegions(i)` whether only its
 * BEGIN/END SOLUTION regions are the solution.
 */
export function solutionDependentCells(
  cells: Cell[],
  isSolution: (i: number) => boolean,
  hasRegions: (i: number) => boolean,
): Set<number> {
  const tainted = new Set<string>();
  const known = new Set<string>();
  const dependent = new Set<number>();
  cells.forEach((cell, i) => {
    if (cell.cell_type !== "code") return;
    const source = cellSource(cell);
    for (const n of declaredNames(source)) known.add(n);
    if (isSolution(i)) {
      for (const n of solutionNames(source, !hasRegions(i))) tainted.add(n);
      return;
    }
    if (isCheckCell(cell)) dependent.add(i);
    for (const statement of topLevelStatements(source)) {
      if (!uses(statement, tainted)) continue;
      dependent.add(i);
      for (const n of [...declaredNames(statement), ...changedNames(statement, known)]) tainted.add(n);
    }
  });
  return dependent;
}
