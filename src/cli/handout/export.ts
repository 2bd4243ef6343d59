/**
 * `dlab handout`: notebook → executed only when asked (`execute`, in the dlab kernel) → (student
 * version) → every figure as PNG → HTML (nbconvert) → PDF (Chromium print). All handouts of one
 * call are written together or not at all. A notebook saved without outputs is shown as saved,
 * and the log says how to include them: a downloaded notebook never runs its code by being exported.
 *
 * @example
 * import { exportHandouts } from "./export";
 * await exportHandouts({ notebooks: ["notebooks/01-perceptron.ipynb"], version: "student", to: ["pdf"], out: "handouts" });
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Format, Version } from "./args";
import { LazyBrowser, withBrowser } from "./browser";
import { DEFAULT_KERNEL, executeNotebook } from "./execute";
import { openFigureRenderer } from "./figure-renderer";
import { addFigureImages, figuresNeedingImages } from "./figures";
import { notebookToHtml } from "./html";
import { assertDistinctStems, handoutFileName, insideDir, safeStem } from "./names";
import { Notebook, hasNoOutputs, readNotebook } from "./notebook";
import { htmlToPdf } from "./pdf";
import { showPoints } from "./points";
import { withStaging } from "./staging";
import { toStudent } from "./student";

/** Options of {@link exportHandouts}. */
export interface ExportOptions {
  /** The notebooks (.ipynb files). */
  notebooks: string[];
  /** "student" replaces solutions by stubs; "instructor" keeps everything. Defaults to "student". */
  version?: Version;
  /** Which files to write. Defaults to ["html", "pdf"]. */
  to?: Format[];
  /** Output folder (created if missing). */
  out: string;
  /** Run each notebook before export (its saved outputs are replaced). Defaults to false. */
  execute?: boolean;
  /** Kernel the notebooks run in with `execute`. Defaults to "dlab", whatever a notebook names. */
  kernel?: string;
  /** Time limit of one cell with `execute`, in seconds. Defaults to 300. */
  cellTimeoutS?: number;
  /** Progress lines (e.g. `console.error`). Defaults to silence. */
  log?: (line: string) => void;
}

/** What the log says about a notebook saved without outputs. */
export const NO_OUTPUTS_NOTE =
  "its outputs are empty (saved without running it), so the handout shows none; to include them, " +
  "run it and save it, or export with --execute (runs it in the dlab kernel)";

/** The notebook as it will be shown: executed if asked, then the chosen version. */
async function prepare(file: string, opts: ExportOptions, work: string): Promise<Notebook> {
  let nb = readNotebook(file);
  if (opts.execute) {
    opts.log?.(`${file}: executing it first in the ${opts.kernel ?? DEFAULT_KERNEL} kernel`);
    nb = await executeNotebook(nb, {
      workDir: work,
      cwd: path.dirname(path.resolve(file)),
      kernel: opts.kernel,
      timeoutS: opts.cellTimeoutS,
      label: file,
    });
  } else if (hasNoOutputs(nb)) opts.log?.(`${file}: ${NO_OUTPUTS_NOTE}`);
  return (opts.version ?? "student") === "student" ? toStudent(nb) : showPoints(nb);
}

/** One notebook's handout files, written into the staging folder; resolves to their names. */
async function exportOne(
  file: string,
  opts: ExportOptions,
  stage: string,
  browser: LazyBrowser,
): Promise<string[]> {
  const version = opts.version ?? "student";
  const stem = safeStem(file);
  const work = fs.mkdtempSync(path.join(stage, ".work-"));
  let nb = await prepare(file, opts, work);
  if (figuresNeedingImages(nb).length > 0) {
    const renderer = await openFigureRenderer(browser);
    try {
      nb = await addFigureImages(nb, renderer, file);
    } finally {
      await renderer.close();
    }
  }
  const html = await notebookToHtml(nb, { workDir: work, stem: `${stem}-${version}` });
  const names: string[] = [];
  for (const format of opts.to ?? ["html", "pdf"]) {
    const name = handoutFileName(file, version, format);
    if (format === "html") fs.writeFileSync(insideDir(stage, name), html);
    else await htmlToPdf(browser, html, insideDir(stage, name));
    names.push(name);
  }
  fs.rmSync(work, { recursive: true, force: true });
  opts.log?.(`${file}: ${names.join(", ")}`);
  return names;
}

/** Write the handouts; resolves to the paths written. On any error nothing is left in `out`. */
export async function exportHandouts(opts: ExportOptions): Promise<string[]> {
  if (opts.notebooks.length === 0) throw new Error("notebooks: expected at least one .ipynb file, got none");
  assertDistinctStems(opts.notebooks);
  return withStaging(opts.out, (stage) =>
    withBrowser(async (browser) => {
      const names: string[] = [];
      for (const file of opts.notebooks) names.push(...(await exportOne(file, opts, stage, browser)));
      return names;
    }),
  );
}
