/**
 * The parts of the Jupyter notebook format (nbformat 4) that the handout export reads and writes.
 *
 * @example
 * import { readNotebook, cellSource } from "./notebook";
 * const nb = readNotebook("notebooks/01-perceptron.ipynb");
 * console.log(cellSource(nb.cells[0]));
 */
import * as fs from "node:fs";

/** One output of a code cell (`display_data`, `execute_result`, `stream`, `error`). */
export interface Output {
  output_type: string;
  data?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  text?: string | string[];
  [key: string]: unknown;
}

/** One cell; `source` may be a string or a list of lines, as nbformat allows. */
export interface Cell {
  cell_type: "code" | "markdown" | "raw";
  source: string | string[];
  metadata: { tags?: unknown; dlab?: { stub?: unknown }; [key: string]: unknown };
  outputs?: Output[];
  execution_count?: number | null;
  attachments?: Record<string, Record<string, unknown>>;
  id?: string;
}

/** A whole notebook. */
export interface Notebook {
  cells: Cell[];
  metadata: Record<string, unknown>;
  nbformat: number;
  nbformat_minor: number;
}

/** Read and minimally validate a notebook file; errors name the file and what was wrong. */
export function readNotebook(file: string): Notebook {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    throw new Error(`notebook "${file}" cannot be read: ${(err as Error).message}`);
  }
  let nb: unknown;
  try {
    nb = JSON.parse(text);
  } catch (err) {
    throw new Error(`notebook "${file}" is not JSON: ${(err as Error).message}`);
  }
  const cells = (nb as { cells?: unknown }).cells;
  if (typeof nb !== "object" || nb === null || !Array.isArray(cells)) {
    throw new Error(`notebook "${file}" has no "cells" list: expected an nbformat 4 notebook`);
  }
  return nb as Notebook;
}

/** Serialise a notebook the way Jupyter does (one-space indent, trailing newline). */
export function notebookJson(nb: Notebook): string {
  return JSON.stringify(nb, null, 1) + "\n";
}

/** The cell's source as one string. */
export function cellSource(cell: Cell): string {
  return Array.isArray(cell.source) ? cell.source.join("") : String(cell.source ?? "");
}

/** The cell's tags (strings only; anything else in `metadata.tags` is ignored). */
export function cellTags(cell: Cell): string[] {
  const tags = cell.metadata?.tags;
  return Array.isArray(tags) ? tags.filter((t): t is string => typeof t === "string") : [];
}

/** First non-blank line of a cell, shortened: how errors point a person at a cell. */
export function firstLine(cell: Cell): string {
  const line =
    cellSource(cell)
      .split("\n")
      .find((l) => l.trim() !== "") ?? "";
  return line.length > 80 ? line.slice(0, 77) + "..." : line;
}

/** How messages name a cell: 1-based position, count and first line, e.g. `cell 3 of 9 ("x = 1")`. */
export function describeCell(cells: Cell[], index: number): string {
  return `cell ${index + 1} of ${cells.length} ("${firstLine(cells[index])}")`;
}

/** True when no code cell has any output: such a notebook is executed before export. */
export function hasNoOutputs(nb: Notebook): boolean {
  return nb.cells.every((c) => c.cell_type !== "code" || (c.outputs ?? []).length === 0);
}

/** A deep copy, so transforms never change their input. */
export function cloneNotebook(nb: Notebook): Notebook {
  return JSON.parse(JSON.stringify(nb)) as Notebook;
}
