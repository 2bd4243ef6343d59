/**
 * Which notebooks to grade and whose they are. Arguments are notebooks or folders (searched for
 * `*.ipynb`, checkpoints and hidden folders skipped). The student id is the file's name without
 * `.ipynb` — or its folder's name when the file is named like the lab, as `dlab collect` lays
 * submissions out: `<collect-dir>/<student>/02-backprop.ipynb`.
 *
 * @example
 * import { findSubmissions } from "./submissions";
 * findSubmissions(["collected/2026-11-30"], "02-backprop"); // [{ student: "ana", file: "…/ana/02-backprop.ipynb" }, …]
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { UsageError, quoted } from "../usage";

/** One notebook to grade. */
export interface Submission {
  student: string;
  file: string;
}

function walk(dir: string, out: string[]): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (entry.isFile() && entry.name.endsWith(".ipynb")) out.push(full);
  }
}

/** The student id of a submission file. */
export function studentId(file: string, lab: string): string {
  const stem = path.basename(file).replace(/\.ipynb$/, "");
  return stem === lab ? path.basename(path.dirname(path.resolve(file))) : stem;
}

/** The submissions the arguments name, sorted by student id; ids must be distinct. */
export function findSubmissions(args: string[], lab: string, labFile?: string): Submission[] {
  if (args.length === 0) throw new UsageError("submissions", "at least one notebook or folder", "none");
  const files: string[] = [];
  for (const arg of args) {
    const stat = fs.statSync(arg, { throwIfNoEntry: false });
    if (stat?.isDirectory()) walk(arg, files);
    else if (stat?.isFile() && arg.endsWith(".ipynb")) files.push(arg);
    else throw new UsageError("submissions", "notebooks (.ipynb) or folders holding them", quoted(arg));
  }
  const own = labFile ? path.resolve(labFile) : "";
  const subs = files
    .filter((f) => path.resolve(f) !== own)
    .map((file) => ({ student: studentId(file, lab), file }));
  if (subs.length === 0)
    throw new UsageError("submissions", "at least one .ipynb file", `none in ${args.map(quoted).join(", ")}`);
  const seen = new Map<string, string>();
  for (const s of subs) {
    const other = seen.get(s.student);
    if (other)
      throw new UsageError(
        "submissions",
        "one notebook per student",
        `two for "${s.student}": ${quoted(other)} and ${quoted(s.file)}`,
        "grade them in separate runs, or rename one",
      );
    seen.set(s.student, s.file);
  }
  return subs.sort((a, b) => a.student.localeCompare(b.student));
}
