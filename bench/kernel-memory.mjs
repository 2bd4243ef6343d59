#!/usr/bin/env node
// Peak memory of a dlab kernel per lab (run on demand: `node bench/kernel-memory.mjs`).
//   Each lab in notebooks/ is executed top to bottom through nbclient (tests/integration/labs/
//   run_notebook.py) with the `dlab` kernel started as the kernelspec of scripts/setup.mjs starts
//   it; the kernel's peak RSS (VmHWM, threads included) is read from /proc while it runs.
//   Target: ≤ 350 MB after any lab.
// Options:
//   --baseline <git ref>  also run the kernel and src/ of that commit (built in a temp folder,
//                         started with the plain `node main.js` argv), side by side per lab
//   --labs 01,04          only these labs (prefixes of the notebook names)
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { kernelArgv } from "../scripts/setup.mjs";
import { buildBaseline } from "./baseline.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const PYTHON = join(ROOT, ".venv", "bin", "python");
const RUN_NOTEBOOK = join(ROOT, "tests", "integration", "labs", "run_notebook.py");

const arg = (name) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};

/** `{ VmHWM, VmRSS }` of a process in MB, or undefined when it is gone. */
function memory(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
    return { hwm: kb("VmHWM") / 1024, rss: kb("VmRSS") / 1024 };
  } catch {
    return undefined;
  }
}

/** The kernels (`…/kernel/dist/main.js`) among the children of `ppid`. */
function kernelsOf(ppid) {
  const out = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      if (Number(stat.split(") ")[1].split(" ")[1]) !== ppid) continue;
      const cmd = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      if (cmd.includes(join("kernel", "dist", "main.js"))) out.push(Number(entry));
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}

/** A JUPYTER_PATH folder whose `dlab` kernelspec runs `argv`. */
function specDir(argv) {
  const dir = mkdtempSync(join(tmpdir(), "dlab-bench-spec-"));
  const kdir = join(dir, "kernels", "dlab");
  mkdirSync(kdir, { recursive: true });
  const spec = { argv, display_name: "dlab (bench)", language: "typescript", interrupt_mode: "message" };
  writeFileSync(join(kdir, "kernel.json"), JSON.stringify(spec));
  return dir;
}

/** Run one notebook; resolves with the kernel's peak RSS, seconds and error count. */
function runLab(notebook, cwd, jupyterPath) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const py = spawn(PYTHON, [RUN_NOTEBOOK, notebook, "--cwd", cwd, "--timeout", "600"], {
      cwd: ROOT,
      env: { ...process.env, JUPYTER_PATH: jupyterPath },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    py.stdout.on("data", (d) => (stdout += d));
    py.stderr.on("data", (d) => (stderr += d));
    let peak = 0;
    let last = 0;
    const timer = setInterval(() => {
      for (const pid of kernelsOf(py.pid)) {
        const m = memory(pid);
        if (m) {
          peak = Math.max(peak, m.hwm);
          last = m.rss;
        }
      }
    }, 50);
    py.on("exit", (code) => {
      clearInterval(timer);
      if (code !== 0)
        return reject(new Error(`${notebook}: run_notebook.py exited ${code}\n${stderr.slice(-2000)}`));
      const run = JSON.parse(stdout);
      const errors = run.cells.flatMap((c) => c.outputs.filter((o) => o.type === "error")).length;
      resolve({ peak, last, seconds: (performance.now() - t0) / 1000, errors });
    });
  });
}

async function main() {
  const only = arg("--labs")?.split(",");
  const labs = readdirSync(join(ROOT, "notebooks"))
    .filter((f) => f.endsWith(".ipynb") && (!only || only.some((p) => f.startsWith(p))))
    .sort();
  const ref = arg("--baseline");
  const variants = [];
  const temps = [];
  if (ref) {
    const base = buildBaseline(ref);
    temps.push(base.dir);
    variants.push({ name: `baseline ${ref}`, cwd: base.notebooks, spec: specDir(base.argv) });
  }
  const argv = kernelArgv(join(ROOT, "kernel", "dist", "main.js"));
  variants.push({ name: "this tree", cwd: join(ROOT, "notebooks"), spec: specDir(argv) });
  temps.push(...variants.map((v) => v.spec));
  console.log(`kernel argv (this tree): ${argv.slice(1, -2).join(" ") || "(no node flags)"}`);
  try {
    for (const lab of labs) {
      const cols = [];
      for (const v of variants) {
        const load = loadavg()[0].toFixed(2);
        const r = await runLab(join(v.cwd, lab), v.cwd, v.spec);
        cols.push(
          `${v.name}: peak ${r.peak.toFixed(0)} MB, at the end ${r.last.toFixed(0)} MB, ` +
            `${r.seconds.toFixed(1)} s, ${r.errors} error outputs (load ${load})`,
        );
      }
      console.log(`${lab.replace(".ipynb", "")} [target peak ≤ 350 MB]\n  ${cols.join("\n  ")}`);
    }
  } finally {
    for (const d of temps) rmSync(d, { recursive: true, force: true });
  }
  console.log(
    `load average: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(" ")} on ${availableParallelism()} cores`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
