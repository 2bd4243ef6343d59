/**
 * `dlab handout …` and `dlab student …` on the command line.
 *
 * @example
 * // in a terminal:
 * //   npx dlab handout notebooks/*.ipynb --version student --to html,pdf --out handouts
 * //   npx dlab student notebooks --out student
 * //   npx dlab images notebooks/*.ipynb
 */
import { runCommand } from "../usage";
import { parseHandoutArgs, parseImagesArgs, parseStudentArgs } from "./args";
import { exportHandouts } from "./export";
import { addNotebookImages } from "./images";
import { writeStudentNotebooks } from "./student-notebooks";

/** Usage of `dlab handout`. */
export const HANDOUT_USAGE = `usage: dlab handout <notebook.ipynb…> [--version student|instructor] [--to html,pdf] [--out DIR]
                    [--execute [--kernel NAME] [--cell-timeout SECONDS]]

Writes DIR/<name>-<version>.html and .pdf for each notebook (all or nothing), with the outputs
the notebook was saved with; a notebook is never run unless --execute is given.
  --version       student (default): cells tagged "solution" are replaced by their stubs;
                  instructor: everything is kept
  --to            html, pdf or html,pdf (default)
  --out           output folder (default: handouts)
  --execute       run each notebook first (its saved outputs are replaced); only for notebooks
                  you trust: their code runs with your rights
  --kernel        kernel to run them in with --execute (default: dlab, whatever a notebook names)
  --cell-timeout  seconds one cell may run with --execute (default: 300)
`;

/** Usage of `dlab student`. */
export const STUDENT_USAGE = `usage: dlab student <folder|notebook.ipynb…> --out DIR

Writes DIR/<name>.ipynb: each notebook with its solutions replaced by stubs and their outputs cleared,
and the outputs of check cells and of cells that use a solution cleared too (other figures stay).
`;

/** Usage of `dlab images`. */
export const IMAGES_USAGE = `usage: dlab images <notebook.ipynb|folder…>

Stores a PNG (700×420) next to every dlab figure output that has none, as JupyterLab's Vega
renderer does, so GitHub, nbviewer and nbconvert show the plots without the dlab extension.
Figures are drawn like the handouts' (the extension's figure builder, plotly.js, headless Chromium).
Each notebook is rewritten in place, atomically, only when an image was added; nothing else changes.
`;

const USAGES: Record<string, string> = {
  handout: HANDOUT_USAGE,
  student: STUDENT_USAGE,
  images: IMAGES_USAGE,
};

/** Run `dlab handout` / `dlab student` / `dlab images`; resolves to the exit code (2 for a usage mistake). */
export async function handoutMain(command: string, args: string[]): Promise<number> {
  const usage = USAGES[command] ?? HANDOUT_USAGE;
  return runCommand(command, usage, async () => {
    if (command === "images") {
      const parsed = parseImagesArgs(args);
      if (parsed.help) return help(usage);
      const log = (line: string) => process.stderr.write(`dlab images: ${line}\n`);
      const reports = await addNotebookImages({ notebooks: parsed.notebooks, log });
      for (const r of reports) if (r.added > 0) process.stdout.write(r.notebook + "\n");
    } else if (command === "student") {
      const parsed = parseStudentArgs(args);
      if (parsed.help) return help(usage);
      for (const file of await writeStudentNotebooks(parsed)) process.stdout.write(file + "\n");
    } else {
      const parsed = parseHandoutArgs(args);
      if (parsed.help) return help(usage);
      const log = (line: string) => process.stderr.write(`dlab handout: ${line}\n`);
      for (const file of await exportHandouts({ ...parsed, log })) process.stdout.write(file + "\n");
    }
    return 0;
  });
}

function help(usage: string): number {
  process.stdout.write(usage);
  return 0;
}
