/**
 * `dlab student`: write the student notebooks themselves (solutions replaced by stubs, their
 * outputs cleared), all or nothing.
 *
 * @example
 * import { writeStudentNotebooks } from "./student-notebooks";
 * await writeStudentNotebooks({ notebooks: ["notebooks/01-perceptron.ipynb"], out: "student" });
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { assertDistinctStems, insideDir, safeStem } from "./names";
import { notebookJson, readNotebook } from "./notebook";
import { toStudent } from "./student";
import { withStaging } from "./staging";

/** Options of {@link writeStudentNotebooks}. */
export interface StudentOptions {
  /** The instructor notebooks (.ipynb files). */
  notebooks: string[];
  /** Folder the student notebooks are written to (created if missing). */
  out: string;
}

/** Write `<out>/<stem>.ipynb` for each notebook; resolves to the written paths. */
export async function writeStudentNotebooks(opts: StudentOptions): Promise<string[]> {
  assertDistinctStems(opts.notebooks);
  for (const nb of opts.notebooks) {
    const target = path.resolve(opts.out, safeStem(nb) + ".ipynb");
    if (target === path.resolve(nb))
      throw new Error(
        `--out "${opts.out}" would overwrite the instructor notebook "${nb}": choose another folder`,
      );
  }
  // Convert everything first: one notebook without a stub must not leave half a folder behind.
  const converted = opts.notebooks.map((file) => {
    try {
      return { name: safeStem(file) + ".ipynb", text: notebookJson(toStudent(readNotebook(file))) };
    } catch (err) {
      throw new Error(`${file}: ${(err as Error).message}`);
    }
  });
  return withStaging(opts.out, async (stage) => {
    for (const c of converted) fs.writeFileSync(insideDir(stage, c.name), c.text);
    return converted.map((c) => c.name);
  });
}
