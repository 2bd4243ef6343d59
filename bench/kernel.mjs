#!/usr/bin/env node
// Benchmark of the dlab kernel (run on demand: `node bench/kernel.mjs [--baseline <git ref>]`):
//   start → first kernel_info_reply (target ≤ 1.5 s), a trivial cell (median of 50, ≤ 25 ms),
//   `import * as dl from "dlab"` from notebooks/ (≤ 1 s), a trivial cell after it (≤ 25 ms), and
//   the jupyter_kernel_test tally. With --baseline, the in-lab part also runs the kernel of that
//   commit (bench/baseline.mjs), alternating with this tree's, each with its kernel CPU per cell.
// The kernel is started the way Jupyter starts it (the kernelspec's argv, scripts/setup.mjs) and
// spoken to over zeromq with the kernel's own wire module; a cell's time runs from sending
// execute_request to receiving its execute_reply.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { availableParallelism, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { kernelArgv } from "../scripts/setup.mjs";
import { buildBaseline } from "./baseline.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(join(ROOT, "kernel", "package.json"));
const zmq = require("zeromq");
const { encode, decode, newHeader } = require("./dist/wire.js");

const freePort = () =>
  new Promise((res) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });

/** The kernelspec argv of this tree. */
const THIS_TREE = kernelArgv(join(ROOT, "kernel", "dist", "main.js"));

async function startKernel(cwd, argv = THIS_TREE) {
  const key = randomBytes(16).toString("hex");
  const ports = {};
  for (const p of ["shell_port", "control_port", "iopub_port", "stdin_port", "hb_port"])
    ports[p] = await freePort();
  const info = { transport: "tcp", ip: "127.0.0.1", key, signature_scheme: "hmac-sha256", ...ports };
  const dir = mkdtempSync(join(tmpdir(), "dlab-bench-"));
  const file = join(dir, "kernel.json");
  writeFileSync(file, JSON.stringify(info));
  const t0 = performance.now();
  const [node, ...args] = argv.map((a) => (a === "{connection_file}" ? file : a));
  const proc = spawn(node, args, {
    cwd,
    stdio: "inherit",
  });
  const shell = new zmq.Dealer({ linger: 0 });
  shell.connect(`tcp://127.0.0.1:${ports.shell_port}`);
  const iopub = new zmq.Subscriber({ linger: 0 });
  iopub.connect(`tcp://127.0.0.1:${ports.iopub_port}`);
  iopub.subscribe();
  const k = { proc, shell, iopub, key: Buffer.from(key), t0, session: newHeader("x", "bench").msg_id };
  k.request = async (type, content) => {
    const header = newHeader(type, k.session);
    await shell.send(encode(k.key, { identities: [], header, parent_header: {}, metadata: {}, content }));
    for (;;) {
      const [frames] = [await shell.receive()];
      const res = decode(k.key, frames);
      if (res.message && res.message.parent_header.msg_id === header.msg_id) return res.message;
    }
  };
  k.stop = async () => {
    await k.request("shutdown_request", { restart: false }).catch(() => {});
    shell.close();
    iopub.close();
    await new Promise((r) => (proc.exitCode !== null ? r() : proc.on("exit", r)));
    rmSync(dir, { recursive: true, force: true });
  };
  return k;
}

/** CPU seconds (user + system) the kernel process has used: a load-independent companion to wall time. */
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (100 Hz)
  } catch {
    return NaN;
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const execute = (k, code) =>
  k.request("execute_request", {
    code,
    silent: false,
    store_history: true,
    user_expressions: {},
    allow_stdin: false,
    stop_on_error: false,
  });

/** n trivial cells: their times (ms) and the kernel's CPU ms per cell. */
async function timeTrivialCells(k, n = 50) {
  const cells = [];
  const cpu0 = cpuSeconds(k.proc.pid);
  for (let j = 0; j < n; j++) {
    const t = performance.now();
    const r = await execute(k, `${j} + 1`);
    if (r.content.status !== "ok") throw new Error(`cell failed: ${JSON.stringify(r.content)}`);
    cells.push(performance.now() - t);
  }
  return { cells, cpuMs: ((cpuSeconds(k.proc.pid) - cpu0) * 1000) / n };
}

const summary = ({ cells, cpuMs }) =>
  `median ${median(cells).toFixed(1)} ms over ${cells.length} (min ${Math.min(...cells).toFixed(1)}, ` +
  `max ${Math.max(...cells).toFixed(1)}; kernel CPU ${cpuMs.toFixed(1)} ms a cell)`;

async function trivialCells(k, n = 50) {
  return summary(await timeTrivialCells(k, n));
}

/** A lab kernel (started in `notebooks`, dlab imported): the import's time and trivial cells after it. */
async function labRound(notebooks, argv, waitMs = 4000) {
  const k = await startKernel(notebooks, argv);
  await k.request("kernel_info_request", {});
  await new Promise((r) => setTimeout(r, waitMs));
  const t = performance.now();
  const imp = await execute(k, 'import * as dl from "dlab"');
  if (imp.content.status !== "ok") throw new Error(`import failed: ${JSON.stringify(imp.content)}`);
  const importMs = performance.now() - t;
  const trivial = await timeTrivialCells(k);
  await k.stop();
  return { importMs, ...trivial };
}

/** This tree against the baseline, alternating rounds so both see the same machine load. */
async function sideBySide(ref, rounds = 3) {
  const base = buildBaseline(ref);
  try {
    const runs = { baseline: [], tree: [] };
    for (let i = 0; i < rounds; i++) {
      runs.baseline.push(await labRound(base.notebooks, base.argv));
      runs.tree.push(await labRound(join(ROOT, "notebooks"), THIS_TREE));
    }
    const merge = (rs) => ({ cells: rs.flatMap((r) => r.cells), cpuMs: median(rs.map((r) => r.cpuMs)) });
    const b = merge(runs.baseline);
    const n = merge(runs.tree);
    console.log(`trivial cell after importing dlab, ${rounds} alternating kernels each:`);
    console.log(`  baseline ${ref}: ${summary(b)}`);
    console.log(`  this tree: ${summary(n)}`);
    console.log(
      `  ratio this tree / baseline: median ${(median(n.cells) / median(b.cells)).toFixed(2)}, ` +
        `kernel CPU ${(n.cpuMs / b.cpuMs).toFixed(2)}; import ${median(runs.tree.map((r) => r.importMs)).toFixed(0)} ms vs ${median(runs.baseline.map((r) => r.importMs)).toFixed(0)} ms`,
    );
  } finally {
    rmSync(base.dir, { recursive: true, force: true });
  }
}

async function main() {
  const ref = process.argv.includes("--baseline")
    ? process.argv[process.argv.indexOf("--baseline") + 1]
    : undefined;
  if (ref) await sideBySide(ref);
  const plainDir = mkdtempSync(join(tmpdir(), "dlab-bench-nb-"));
  const starts = [];
  const firstCells = [];
  const firstCellCpu = [];
  let plainCells = "";
  for (let i = 0; i < 3; i++) {
    const k = await startKernel(plainDir);
    await k.request("kernel_info_request", {});
    starts.push(performance.now() - k.t0);
    // The compiler warms up after kernel_info: also report when a first cell's result is back.
    await execute(k, "1 + 1");
    firstCells.push(performance.now() - k.t0);
    firstCellCpu.push(cpuSeconds(k.proc.pid) * 1000);
    if (i === 2) plainCells = await trivialCells(k);
    await k.stop();
  }
  // A lab: the kernel starts in notebooks/, the student reads for a few seconds, then imports dlab.
  const k = await startKernel(join(ROOT, "notebooks"));
  await k.request("kernel_info_request", {});
  await new Promise((r) => setTimeout(r, 4000));
  const t = performance.now();
  const cpu0 = cpuSeconds(k.proc.pid);
  const imp = await execute(k, 'import * as dl from "dlab"');
  const importMs = performance.now() - t;
  const importCpuMs = (cpuSeconds(k.proc.pid) - cpu0) * 1000;
  const labCells = await trivialCells(k);
  await k.stop();
  rmSync(plainDir, { recursive: true, force: true });
  const list = (xs) => xs.map((x) => x.toFixed(0)).join(", ");
  console.log(
    `start → first kernel_info_reply: median ${median(starts).toFixed(0)} ms (runs: ${list(starts)}) [target ≤ 1500]`,
  );
  console.log(
    `start → first cell's reply: median ${median(firstCells).toFixed(0)} ms (runs: ${list(firstCells)}; kernel CPU ${list(firstCellCpu)} ms)`,
  );
  console.log(`trivial cell, plain TypeScript: ${plainCells} [target ≤ 25]`);
  console.log(
    `import * as dl from "dlab" (4 s after start): ${importMs.toFixed(0)} ms, kernel CPU ${importCpuMs.toFixed(0)} ms (${imp.content.status}) [target ≤ 1000]`,
  );
  console.log(`trivial cell after importing dlab (tfjs types loaded): ${labCells}`);
  console.log(
    `load average: ${readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")} on ${availableParallelism()} cores`,
  );
  const py = join(ROOT, ".venv", "bin", "python");
  const res = spawnSync(py, ["-m", "unittest", "-v", join("tests", "kernel", "test_dlab_kernel.py")], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, JUPYTER_PATH: join(ROOT, ".venv", "share", "jupyter") },
  });
  const count = (re) => (res.stderr.match(re) || []).length;
  console.log(
    `jupyter_kernel_test: ${count(/\.\.\. ok$/gm)} passed, ${count(/\.\.\. (FAIL|ERROR)$/gm)} failed, ${count(/\.\.\. skipped/gm)} skipped (exit ${res.status})`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
