/**
 * All-or-nothing output: files are made in a hidden staging folder inside the output folder and
 * renamed into place only when every one of them is ready, so a failure leaves no partial handout.
 *
 * @example
 * import { stagingDir, commitStaged } from "./staging";
 * const stage = stagingDir("handouts");
 * // … write a.html into stage …
 * commitStaged(stage, "handouts", ["a.html"]);
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { insideDir } from "./names";

/** A fresh hidden folder inside `out` (so the final rename never crosses file systems). */
export function stagingDir(out: string): string {
  return fs.mkdtempSync(path.join(out, ".dlab-staging-"));
}

/** Move the named files from the staging folder into `out`; resolves to their final paths. */
export function commitStaged(stage: string, out: string, names: string[]): string[] {
  for (const name of names) {
    if (!fs.existsSync(insideDir(stage, name))) throw new Error(`internal: ${name} was not produced`);
  }
  return names.map((name) => {
    const target = insideDir(out, name);
    fs.renameSync(insideDir(stage, name), target);
    return target;
  });
}
