#!/usr/bin/env node
// Time each ready-made lab top to bottom per backend (run on demand, not a test): the lab runs headlessly
// in the real dlab kernel (jupyter nbconvert --execute on a copy, outside the checkout's notebooks/ so
// nothing is rewritten), with DLAB_BACKEND set (`auto`: unset, what a student gets: dl.backend()'s choice,
// small models on wasm, see src/train/small-model.ts), and the wall time and the CPU time of the kernel and
// nbconvert together are reported. Backends and labs are alternated over the rounds, so a busy machine
// slows them all alike; the machine's load is printed. The labs' budget: ≤ 90 s each on a 2-core CPU.
// Usage: node bench/labs.mjs [--rounds 1] [--backends auto,tensorflow,wasm] [--labs 01-perceptron,...]
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

/** The kernel's environment for `backend`: `auto` leaves DLAB_BACKEND unset. */
function labEnv(backend) {
  const env = { ...process.env, DLAB_BACKEND: backend };
  if (backend === "auto") delete env.DLAB_BACKEND;
  return env;
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const opt = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const python = path.join(root, ".venv", "bin", "python");
if (!existsSync(python)) throw new Error("bench/labs: .venv is missing; run npm install first");

const labs =
  opt("--labs")?.split(",") ??
  readdirSync(path.join(root, "notebooks"))
    .filter((f) => /^\d\d-.*\.ipynb$/.test(f))
    .map((f) => f.replace(/\.ipynb$/, ""))
    .sort();
const backends = opt("--backends")?.split(",") ?? ["auto", "tensorflow", "wasm"];
const rounds = Number(opt("--rounds") ?? 1);

// The run: nbconvert in a child Python that reports its children's CPU time (the kernel's included).
const RUNNER = `
import resource, subprocess, sys, time
t0 = time.monotonic()
r = subprocess.run(sys.argv[1:], capture_output=True, text=True)
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print("@@%d %.2f %.2f" % (r.returncode, time.monotonic() - t0, ru.ru_utime + ru.ru_stime))
if r.returncode: print(r.stderr[-2000:], file=sys.stderr)
`;

function runLab(lab, backend, dir) {
  const copy = path.join(dir, `${lab}.ipynb`);
  copyFileSync(path.join(root, "notebooks", `${lab}.ipynb`), copy);
  const res = spawnSync(
    python,
    [
      "-c",
      RUNNER,
      path.join(root, ".venv", "bin", "jupyter"),
      "nbconvert",
      "--to",
      "notebook",
      "--execute",
      "--ExecutePreprocessor.kernel_name=dlab",
      "--ExecutePreprocessor.timeout=600",
      "--output",
      path.join(dir, `${lab}.out.ipynb`),
      copy,
    ],
    { cwd: dir, encoding: "utf8", env: { ...labEnv(backend), DLAB_RECORDS: "off" } },
  );
  const line = res.stdout?.split("\n").find((l) => l.startsWith("@@"));
  if (!line) return { error: (res.stderr || "no result").split("\n").slice(-3).join(" | ") };
  const [code, wall, cpu] = line.slice(2).split(" ").map(Number);
  if (code !== 0)
    return {
      error: `nbconvert exited ${code}: ${res.stderr.split("\n").filter(Boolean).slice(-2).join(" | ")}`,
    };
  return { wall, cpu };
}

const dir = mkdtempSync(path.join(os.tmpdir(), "dlab-bench-labs-"));
// the kernel runs beside the copy; `import "dlab"` resolves through this link, as `dlab grade` does it
symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"));
const results = {};
const loads = [os.loadavg()[0]];
try {
  for (let k = 0; k < rounds; k++) {
    const order = k % 2 ? [...backends].reverse() : backends;
    for (const lab of labs)
      for (const backend of order) {
        process.stderr.write(`round ${k + 1}/${rounds}: ${lab} on ${backend}…\n`);
        (results[`${lab} ${backend}`] ??= []).push(runLab(lab, backend, dir));
      }
    loads.push(os.loadavg()[0]);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const best = (rs) => rs.filter((r) => !r.error).sort((a, b) => a.wall - b.wall)[0];
const lines = [
  `labs top to bottom, kernel start included — ${os.availableParallelism()} cores (${os.cpus()[0]?.model ?? "?"}), ${rounds} round(s), fastest round shown`,
  `machine load (1-min average) at the start and after each round: ${loads.map((l) => l.toFixed(1)).join(", ")}`,
  "",
  `${"lab".padEnd(18)} ${backends.map((b) => `${b} wall / CPU`.padStart(26)).join("")}`,
];
for (const lab of labs) {
  const cells = backends.map((b) => {
    const rs = results[`${lab} ${b}`];
    const r = best(rs);
    return (
      r ? `${r.wall.toFixed(1)} s / ${r.cpu.toFixed(1)} CPU-s` : `failed: ${rs[0].error.slice(0, 60)}`
    ).padStart(26);
  });
  lines.push(`${lab.padEnd(18)} ${cells.join("")}`);
}
lines.push(
  "",
  "wall: nbconvert's run (kernel start to shutdown); CPU: the kernel's and nbconvert's CPU time together.",
);
process.stdout.write(lines.join("\n") + "\n");
