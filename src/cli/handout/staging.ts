/**
 * All-or-nothing output: files are made in a hidden staging folder inside the output folder and
 * renamed into place only when every one of them is ready, so a failure leaves no partial handout
 * (and no output folder, if this call created it).
 *
 * @example
 * import { withStaging } from "./staging";
 * await withStaging("handouts", async (stage) => { fs.writeFileSync(`${stage}/a.html`, "…"); return ["a.html"]; });
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { insideDir } from "./names";

/** Run `make` with a fresh staging folder inside `out`, then move the files it names into `out`. */
export async function withStaging(
  outArg: string,
  make: (stage: string) => Promise<string[]>,
): Promise<string[]> {
  // absolute, because the tools the export runs (nbconvert, the kernel) have their own working folders
  const out = path.resolve(outArg);
  const created = !fs.existsSync(out);
  fs.mkdirSync(out, { recursive: true });
  // Inside `out`, so the final rename never crosses file systems and nothing lands elsewhere.
  const stage = fs.mkdtempSync(path.join(out, ".dlab-staging-"));
  try {
    const names = await make(stage);
    for (const name of names) {
      if (!fs.existsSync(insideDir(stage, name))) throw new Error(`internal: ${name} was not produced`);
    }
    return names.map((name) => {
      const target = insideDir(out, name);
      fs.renameSync(insideDir(stage, name), target);
      return target;
    });
  } catch (err) {
    fs.rmSync(stage, { recursive: true, force: true });
    if (created && fs.readdirSync(out).length === 0) fs.rmdirSync(out);
    throw err;
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}
