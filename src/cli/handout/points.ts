/**
 * Points in the instructor version: each check cell with `metadata.dlab.points` (what `dlab grade`
 * gives for it) shows them as a first comment line, e.g. `// 2 points (dlab grade)`.
 *
 * @example
 * import { showPoints } from "./points";
 * const shown = showPoints(nb); // nb is left unchanged
 */
import { Notebook, cellSource, cloneNotebook } from "./notebook";
import { isCheckCell } from "./solution-deps";

/** The points a cell's metadata gives, or undefined. */
export function metadataPoints(meta: Record<string, unknown>): number | undefined {
  const p = (meta.dlab as { points?: unknown } | undefined)?.points;
  return typeof p === "number" && Number.isFinite(p) && p >= 0 ? p : undefined;
}

/** A copy whose check cells with points start with a line saying how many. */
export function showPoints(nb: Notebook): Notebook {
  const copy = cloneNotebook(nb);
  for (const cell of copy.cells) {
    const points = metadataPoints(cell.metadata ?? {});
    if (points === undefined || !isCheckCell(cell)) continue;
    cell.source = `// ${points} point${points === 1 ? "" : "s"} (dlab grade)\n${cellSource(cell)}`;
  }
  return copy;
}
