// Shared by the lab tests: execute a notebook through the real Jupyter client (nbclient from .venv,
// kernel "dlab") via run_notebook.py, and read what came back.
import { execFile } from "node:child_process";
import { join, resolve } from "node:path";
import { FIGURE_KINDS, FIGURE_MIME } from "../../../src/payload";

/** The repository root (this file lives in tests/integration/labs/). */
export const ROOT = resolve(__dirname, "..", "..", "..");
/** The ready-made labs, in order. */
export const LABS = ["01-perceptron", "02-backprop", "03-optimizers", "04-overfitting", "05-convnets"];
/** The notebooks folder: the kernel runs there, so `import * as dl from "dlab"` resolves. */
export const NOTEBOOKS = join(ROOT, "notebooks");

/** One output as run_notebook.py reduces it. */
export interface RunOutput {
  type: string;
  name?: string;
  text?: string;
  ename?: string;
  evalue?: string;
  mimes?: string[];
  figureKind?: string;
  bytes?: number;
}

/** One executed code cell. */
export interface RunCell {
  index: number;
  tags: string[];
  first: string;
  source: string;
  seconds: number;
  outputs: RunOutput[];
}

/** A whole run: wall time (kernel start included) and every code cell. */
export interface Run {
  seconds: number;
  cells: RunCell[];
}

/** Execute a notebook headlessly with the dlab kernel (cwd: notebooks/) and return its summary. */
export function runNotebook(file: string, timeoutSeconds = 300): Promise<Run> {
  const python = join(ROOT, ".venv", "bin", "python");
  const script = join(__dirname, "run_notebook.py");
  return new Promise((ok, fail) => {
    execFile(
      python,
      [script, file, "--cwd", NOTEBOOKS, "--timeout", String(timeoutSeconds)],
      { cwd: ROOT, maxBuffer: 64 * 1024 * 1024, timeout: (timeoutSeconds + 60) * 1000 },
      (err, stdout, stderr) => {
        if (err) return fail(new Error(`running ${file} failed: ${err.message}\n${stderr.slice(-3000)}`));
        try {
          ok(JSON.parse(stdout) as Run);
        } catch (e) {
          fail(
            new Error(
              `run_notebook.py printed no JSON for ${file}: ${(e as Error).message}\n${stderr.slice(-3000)}`,
            ),
          );
        }
      },
    );
  });
}

/** Every error output, as "cell N (first line): ename: evalue". */
export function errors(run: Run): string[] {
  return run.cells.flatMap((c) =>
    c.outputs
      .filter((o) => o.type === "error")
      .map((o) => `cell ${c.index} (${c.first}): ${o.ename}: ${o.evalue}`),
  );
}

/** Display outputs that are not proper dlab figures (missing the MIME type, text/plain, or a known kind). */
export function badFigures(run: Run): string[] {
  const kinds: readonly string[] = FIGURE_KINDS;
  return run.cells.flatMap((c) =>
    c.outputs
      .filter((o) => o.type === "display_data" || o.type === "execute_result")
      .filter(
        (o) =>
          !o.mimes?.includes(FIGURE_MIME) ||
          !o.mimes.includes("text/plain") ||
          !kinds.includes(o.figureKind ?? ""),
      )
      .map(
        (o) =>
          `cell ${c.index} (${c.first}): ${JSON.stringify(o.mimes)} kind ${o.figureKind} "${(o.text ?? "").slice(0, 80)}"`,
      ),
  );
}

/** The figure outputs of a run. */
export function figures(run: Run): RunOutput[] {
  return run.cells.flatMap((c) => c.outputs.filter((o) => o.mimes?.includes(FIGURE_MIME)));
}

/** How many self-checks a cell calls (`dl.check.x(`; the labs do not use the deprecated dl.checkLab). */
export function checkCalls(source: string): number {
  return (source.match(/\bdl\.check\.\w+\(/g) ?? []).length;
}

/** The verdict lines a check cell printed ("✔ name: right" / "✘ name: not yet — hint"). */
export function verdicts(cell: RunCell): string[] {
  const text = cell.outputs
    .filter((o) => o.type === "stream")
    .map((o) => o.text ?? "")
    .join("");
  return text.split("\n").filter((l) => /^[✔✘] /.test(l));
}

/** The cells that call a self-check. */
export function checkCells(run: Run): RunCell[] {
  return run.cells.filter((c) => checkCalls(c.source) > 0);
}
