/**
 * Output file names, derived only from the notebook's file name (never from its metadata),
 * reduced to characters that are safe on every file system and can never leave the output folder.
 *
 * @example
 * import { safeStem, handoutFileName } from "./names";
 * safeStem("notebooks/01 perceptron.ipynb"); // "01_perceptron"
 * handoutFileName("notebooks/01-perceptron.ipynb", "student", "pdf"); // "01-perceptron-student.pdf"
 */
import * as path from "node:path";

/** Longest stem kept; longer names are cut (file systems allow 255 bytes). */
const MAX_STEM = 100;

/** The notebook's file name without folder and `.ipynb`, with anything but [A-Za-z0-9._-] made `_`. */
export function safeStem(notebookPath: string): string {
  const base = path.basename(notebookPath.replace(/\\/g, "/")).replace(/\.ipynb$/i, "");
  const cleaned = base
    .replace(/[^A-Za-z0-9._-]/g, "_")
    .replace(/^[.-]+/, "") // no hidden files, nothing that reads as an option
    .slice(0, MAX_STEM);
  return cleaned === "" ? "notebook" : cleaned;
}

/** The handout's file name, e.g. `01-perceptron-student.html`. */
export function handoutFileName(notebookPath: string, version: string, ext: "html" | "pdf"): string {
  return `${safeStem(notebookPath)}-${version}.${ext}`;
}

/** Throw when two notebooks would write the same output file; names both. */
export function assertDistinctStems(notebookPaths: string[]): void {
  const seen = new Map<string, string>();
  for (const p of notebookPaths) {
    const stem = safeStem(p);
    const other = seen.get(stem);
    if (other !== undefined) {
      throw new Error(
        `notebooks "${other}" and "${p}" would both be written as "${stem}": rename one of them`,
      );
    }
    seen.set(stem, p);
  }
}

/** Join `name` to `dir`, refusing anything that would land outside `dir` (defence in depth). */
export function insideDir(dir: string, name: string): string {
  const root = path.resolve(dir);
  const full = path.resolve(root, name);
  if (path.dirname(full) !== root)
    throw new Error(`refusing to write "${name}": it is not a plain file name inside "${dir}"`);
  return full;
}
