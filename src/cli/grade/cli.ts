/**
 * `dlab grade …` and `dlab validate …` on the command line.
 *
 * @example
 * // in a terminal:
 * //   npx dlab grade 02-backprop collected/ --out grades/02-backprop
 * //   npx dlab validate 02-backprop.ipynb
 */
import * as os from "node:os";
import * as path from "node:path";
import { MAX_CELL_TIMEOUT_S, split } from "../handout/args";
import { UsageError, quoted, runCommand } from "../usage";
import { gradeLab } from "./grade";
import { validateNotebook } from "./validate";

/** Usage of `dlab grade`. */
export const GRADE_USAGE = `usage: dlab grade <lab> <submission.ipynb|folder…> [--out DIR] [--jobs N] [--cell-timeout S]
                  [--hidden FILE | --no-hidden] [--all-cells] [--no-pdf]

Runs each submission in its own fresh dlab kernel, with the lab's check cells put back as the lab
has them (a deleted or edited check cell changes nothing), then the lab's hidden checks
(<lab>.hidden.ts beside the lab notebook), and writes DIR/grades.csv (one row per student, one
column per check with the points earned, total) and DIR/feedback/<student>.html and .pdf.
  <lab>           a lab name (02-backprop) or the lab notebook's path; graded against its check
                  cells, their points (cell metadata dlab.points) and its own solutions (run first)
  submissions     notebooks, or folders searched for *.ipynb; the student id is the file name, or
                  the folder name for files named like the lab (<dir>/<student>/02-backprop.ipynb)
  --out           output folder (default: grades/<lab>)
  --jobs          kernels at once (default: the number of CPU cores, ${os.cpus().length} here)
  --cell-timeout  seconds one cell may run before it is stopped (default: 60); a check cell is
                  stopped sooner, at 10 times what the lab's own solution took (at least 10 s)
  --hidden        the hidden-checks file (default: <lab>.hidden.ts beside the lab, if any)
  --no-hidden     grade the visible checks only
  --all-cells     run every cell, not only those the checks need (slower; same checks)
  --no-pdf        HTML feedback only
Submissions run in a scratch folder with your rights, or, when you grade as root, each as a user
id of its own that no account has (so one cannot touch another's folder, records or kernel), with
the compiler shared by each slot's kernels running as nobody (DLAB_GRADE_USER to choose another):
grade on an account without anything a student's code should not touch.
`;

/** Usage of `dlab validate`. */
export const VALIDATE_USAGE = `usage: dlab validate <notebook.ipynb> [--lab NAME|PATH] [--cell-timeout S]

Runs your notebook the way \`dlab grade\` will (the lab's check cells as the lab has them, a fresh
kernel) and prints what a grade would see: each visible check right or not yet, and its points.
Hidden checks are counted, not shown. The lab is the notebook's file name unless --lab names it.
`;

function cellTimeout(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const s = Number(value);
  if (!(Number.isInteger(s) && s >= 1 && s <= MAX_CELL_TIMEOUT_S))
    throw new UsageError("--cell-timeout", `whole seconds from 1 to ${MAX_CELL_TIMEOUT_S}`, quoted(value));
  return s;
}

function jobsOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!(Number.isInteger(n) && n >= 1 && n <= 256))
    throw new UsageError("--jobs", "a whole number of kernels from 1 to 256", quoted(value));
  return n;
}

async function grade(args: string[]): Promise<number> {
  const a = split(args, ["out", "jobs", "cell-timeout", "hidden"], ["no-hidden", "all-cells", "no-pdf"]);
  if (a.help) return help(GRADE_USAGE);
  const [lab, ...submissions] = a.rest;
  if (!lab) throw new UsageError("lab", "a lab name or notebook, then submissions", "nothing");
  if (a.on.has("no-hidden") && a.values.has("hidden"))
    throw new UsageError("--no-hidden", "not together with --hidden", quoted(a.values.get("hidden")!));
  const name = path.basename(lab).replace(/\.ipynb$/, "");
  const report = await gradeLab({
    lab,
    submissions,
    out: a.values.get("out") ?? path.join("grades", name),
    jobs: jobsOf(a.values.get("jobs")),
    cellTimeoutS: cellTimeout(a.values.get("cell-timeout")),
    hidden: a.on.has("no-hidden") ? null : a.values.get("hidden"),
    allCells: a.on.has("all-cells"),
    pdf: !a.on.has("no-pdf"),
    log: (line) => process.stderr.write(`dlab grade: ${line}\n`),
  });
  return report.pdfFailures.length > 0 ? 1 : 0;
}

async function validate(args: string[]): Promise<number> {
  const a = split(args, ["lab", "cell-timeout"]);
  if (a.help) return help(VALIDATE_USAGE);
  if (a.rest.length !== 1 || !a.rest[0].endsWith(".ipynb"))
    throw new UsageError(
      "notebook",
      "one .ipynb file",
      a.rest.length ? a.rest.map(quoted).join(" ") : "nothing",
    );
  const text = await validateNotebook({
    notebook: a.rest[0],
    lab: a.values.get("lab"),
    cellTimeoutS: cellTimeout(a.values.get("cell-timeout")),
  });
  process.stdout.write(text);
  return 0;
}

/** Run `dlab grade` / `dlab validate`; resolves to the exit code (2 for a usage mistake). */
export async function gradeMain(command: "grade" | "validate", args: string[]): Promise<number> {
  const usage = command === "grade" ? GRADE_USAGE : VALIDATE_USAGE;
  return runCommand(command, usage, async () => {
    return await (command === "grade" ? grade(args) : validate(args));
  });
}

function help(usage: string): number {
  process.stdout.write(usage);
  return 0;
}
