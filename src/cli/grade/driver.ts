/**
 * Run notebooks' cells headlessly in fresh dlab kernels, many at once: the Node half of the
 * grading runner (the Python half, driver-py.ts, talks to the kernels with jupyter_client).
 *
 * @example
 * import { runJobs } from "./driver";
 * await runJobs([{ id: "ana", cells: [{ source: "1 + 1" }] }], { jobs: 2, workDir: "/tmp/g" }, (r) => console.log(r));
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { repoRoot, venvBin } from "../handout/tools";
import { passwd } from "../hub/processes";
import { blockedAt } from "../hub/python";
import { onLines } from "../../lines";
import { DRIVER_PY } from "./driver-py";

/** One cell to run. */
export interface JobCell {
  /** The cell's code. */
  source: string;
  /** Run it again in a fresh kernel after the first one died (not for checks). */
  replay?: boolean;
  /** Seconds this cell may run; the run's cell time limit when absent. */
  timeout?: number;
}

/** One notebook to run, each in its own kernel. */
export interface Job {
  id: string;
  cells: JobCell[];
}

/** What a cell did. */
export interface CellRun {
  /** ok, error (it threw, or did not compile), timeout, output-limit, died, not-run. */
  status: "ok" | "error" | "timeout" | "output-limit" | "died" | "not-run";
  /** The first line of what went wrong, when it did. */
  error?: string | null;
  /** The check record lines appended while this cell ran. */
  records: string;
  seconds?: number;
}

/** What a job did: one entry per cell, or `failed` when the runner itself failed. */
export interface JobResult {
  id: string;
  cells?: CellRun[];
  failed?: string;
  restarts?: number;
  seconds?: number;
}

/** Options of {@link runJobs}. */
export interface RunOptions {
  /** Kernels running at once. */
  jobs: number;
  /** Scratch folder: each kernel starts in a fresh folder under it. */
  workDir: string;
  /** Seconds one cell may run. Defaults to 60. */
  cellTimeoutS?: number;
  /** Characters of output one cell may print before it is stopped. Defaults to 2,000,000. */
  outputLimit?: number;
  /** Kernel name. Defaults to "dlab". */
  kernel?: string;
  /** Environment added for the kernels (DLAB_LAB, …). */
  env?: Record<string, string>;
  /** Kernels started ahead of need, besides the running ones. Defaults to 1. */
  prestart?: number;
  /**
   * Share one compile server (kernel/compile-server.ts) among each slot's kernels: they parse the
   * declarations once, not each (−2 CPU-s a kernel). Defaults to true when there are 2 jobs or more.
   */
  compileServers?: boolean;
}

/**
 * Grading as root, nobody's code runs as root: each kernel runs as a user id of its own that no
 * account has (driver-py.ts), and the compile servers as `DLAB_GRADE_USER` (default `nobody`, never
 * root). Undefined when not root. Throws when that user is missing or root, or when other users
 * cannot reach the checkout.
 */
export function gradingUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const name = process.env.DLAB_GRADE_USER || "nobody";
  const user = passwd().find((u) => u.name === name);
  if (!user || user.uid === 0)
    throw new Error(
      `grading as root runs each submission as an unprivileged user (DLAB_GRADE_USER, default nobody); ` +
        `${JSON.stringify(name)} is ${user ? "root" : "not a user of this machine"}`,
    );
  const blocked = blockedAt(repoRoot());
  if (blocked)
    throw new Error(
      `grading as root runs each submission as ${name}, who cannot reach the dlab checkout (${blocked} is closed ` +
        `to other users): put the checkout where all users can read it (e.g. under /opt) or run chmod o+x ${blocked}`,
    );
  return { uid: user.uid, gid: user.gid };
}

/** Run every job; `onResult` is called as each finishes (in finishing order). */
export function runJobs(jobs: Job[], opts: RunOptions, onResult: (r: JobResult) => void): Promise<void> {
  const config = {
    jobs: Math.max(1, Math.min(opts.jobs, jobs.length || 1)),
    prestart: opts.prestart ?? 1,
    work: path.resolve(opts.workDir),
    kernel: opts.kernel ?? "dlab",
    // Checks read their numbers on any backend; wasm starts ~0.3–0.5 CPU-s faster per kernel than
    // TensorFlow's native one, and every submission starts a kernel. DLAB_BACKEND chooses another.
    env: { DLAB_BACKEND: process.env.DLAB_BACKEND || "wasm", ...(opts.env ?? {}) },
    nodeModules: path.join(repoRoot(), "node_modules"),
    runAs: gradingUser(),
    compileServer:
      (opts.compileServers ?? jobs.length >= 2)
        ? [process.execPath, path.join(repoRoot(), "kernel", "dist", "compile-server.js")]
        : undefined,
  };
  fs.mkdirSync(config.work, { recursive: true });
  // The kernels' own user must reach its scratch folder inside (and nothing more).
  if (config.runAs) fs.chmodSync(config.work, 0o711);
  const limits = { timeout: opts.cellTimeoutS ?? 60, outputLimit: opts.outputLimit ?? 2_000_000 };
  return new Promise((resolve, reject) => {
    const child = spawn(venvBin("python"), ["-c", DRIVER_PY, JSON.stringify(config)], {
      cwd: config.work,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stderr = "";
    let fatal = "";
    const pending = new Set(jobs.map((j) => j.id));
    onLines(child.stdout, (line) => {
      const msg = JSON.parse(line) as JobResult & { fatal?: string };
      if (msg.fatal) fatal = msg.fatal;
      else {
        pending.delete(msg.id);
        onResult(msg);
      }
    });
    child.stderr.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    child.on("error", reject);
    child.on("close", (code) => {
      if (fatal) reject(new Error(fatal));
      else if (pending.size > 0)
        reject(new Error(`the grading runner stopped (exit ${code}) with ${pending.size} left:\n${stderr}`));
      else resolve();
    });
    for (const job of jobs) child.stdin.write(JSON.stringify({ ...job, ...limits }) + "\n");
    child.stdin.end();
  });
}
