/**
 * Execute a notebook headlessly with nbclient from `.venv`, for `dlab handout --execute` only:
 * in the dlab kernel unless a kernel is named explicitly (never the kernel a downloaded notebook
 * names for itself), with a time limit per cell. A failing cell is reported by index and first line.
 *
 * @example
 * import { executeNotebook } from "./execute";
 * const done = await executeNotebook(nb, { workDir: "/tmp/x", cwd: "notebooks" });
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Notebook, describeCell, notebookJson } from "./notebook";
import { run, venvBin } from "./tools";

/** Options of {@link executeNotebook}. */
export interface ExecuteOptions {
  /** Scratch folder for the notebook going in and out. */
  workDir: string;
  /** Folder the kernel starts in (the notebook's own folder, so `import "dlab"` resolves). */
  cwd: string;
  /** Kernel name. Defaults to "dlab", whatever kernel the notebook names. */
  kernel?: string;
  /** Per-cell timeout in seconds. Defaults to 300. */
  timeoutS?: number;
  /** Name of the notebook in messages. Defaults to "notebook". */
  label?: string;
}

// Runs in .venv's Python. on_cell_start records which cell is running, so a failure can be named
// even for kernels whose error replies carry no traceback (tslab's).
const DRIVER = `
import json, sys, nbformat
from nbclient import NotebookClient
src, dst, kernel, cwd, timeout = sys.argv[1:6]
nb = nbformat.read(src, as_version=4)
state = {"index": None}
def on_start(cell=None, cell_index=None, **_):
    state["index"] = cell_index
client = NotebookClient(nb, kernel_name=kernel, timeout=int(timeout),
                        resources={"metadata": {"path": cwd}}, on_cell_start=on_start)
try:
    client.execute()
except BaseException as e:
    sys.stderr.write("\\n@@DLAB@@" + json.dumps({"cell": state["index"], "error": str(e)[-1500:]}) + "\\n")
    sys.exit(3)
nbformat.write(nb, dst)
`;

/** The kernel a notebook runs in when none is named: dlab's own. */
export const DEFAULT_KERNEL = "dlab";

/** Execute all cells; resolves to the executed notebook or rejects naming the failing cell. */
export async function executeNotebook(nb: Notebook, opts: ExecuteOptions): Promise<Notebook> {
  const src = path.join(opts.workDir, "execute-in.ipynb");
  const dst = path.join(opts.workDir, "execute-out.ipynb");
  fs.writeFileSync(src, notebookJson(nb));
  const kernel = opts.kernel ?? DEFAULT_KERNEL;
  const args = ["-c", DRIVER, src, dst, kernel, path.resolve(opts.cwd), String(opts.timeoutS ?? 300)];
  const res = await run(venvBin("python"), args, { cwd: opts.cwd });
  const label = opts.label ?? "notebook";
  if (res.code !== 0) {
    const marker = res.stderr.lastIndexOf("@@DLAB@@");
    if (marker < 0)
      throw new Error(`${label}: executing with kernel "${kernel}" failed:\n${res.stderr.slice(-1500)}`);
    const info = JSON.parse(res.stderr.slice(marker + 8)) as { cell: number | null; error: string };
    const where = info.cell === null ? "before the first cell" : describeCell(nb.cells, info.cell);
    // eslint-disable-next-line no-control-regex -- tracebacks come coloured with ANSI escapes
    const error = info.error.replace(/\x1b\[[0-9;]*m/g, "").trim();
    throw new Error(`${label}: ${where} failed while executing with kernel "${kernel}":\n${error}`);
  }
  return JSON.parse(fs.readFileSync(dst, "utf8")) as Notebook;
}
