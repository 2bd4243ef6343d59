/**
 * The external tools the export drives: the project's `.venv` (Jupyter, nbconvert, nbclient)
 * and the system Chromium, found relative to this checkout, never on PATH.
 *
 * @example
 * import { venvBin, run } from "./tools";
 * await run(venvBin("jupyter"), ["--version"]);
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/** The repository root: the nearest folder above this file with the workspace package.json. */
export function repoRoot(): string {
  let dir = __dirname;
  for (;;) {
    const pkg = path.join(dir, "package.json");
    if (fs.existsSync(pkg) && /"workspaces"/.test(fs.readFileSync(pkg, "utf8"))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the dlab checkout above ${__dirname}`);
    dir = parent;
  }
}

/** A program in the project's virtual environment; throws with a fix when it is missing. */
export function venvBin(name: string): string {
  const bin = path.join(repoRoot(), ".venv", "bin", name);
  if (!fs.existsSync(bin)) throw new Error(`${bin} is missing: run "npm install" (it creates .venv) first`);
  return bin;
}

/** The system Chromium (Debian package `chromium`); never downloaded. */
export const CHROMIUM = process.env.DLAB_CHROMIUM ?? "/usr/bin/chromium";

/** Flags for headless Chromium that keep it quiet and off the network. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** Result of a finished child process. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run a program without a shell and collect its output; never rejects for a non-zero exit. */
export function run(
  cmd: string,
  args: string[],
  opts: { cwd?: string; timeoutMs?: number } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = opts.timeoutMs ? setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs) : undefined;
    child.on("error", reject);
    child.on("close", (code) => {
      if (timer) clearTimeout(timer);
      resolve({ code: code ?? 1, stdout, stderr });
    });
  });
}
