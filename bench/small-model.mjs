#!/usr/bin/env node
// Where small models train faster on wasm than on tensorflow (run on demand, not a test): the measure
// behind dl.train's small-model rule (src/train/small-model.ts, SMALL_STEP). Each configuration, a dense
// net of the given widths at one batch size, trains with model.fit and Adam in its own process on a
// forced backend: `warmup` seconds untimed, then `seconds` timed. Backends and configurations are
// alternated over the rounds, the machine's load is printed, and the fastest round of each is kept.
// Usage: node bench/small-model.mjs [--rounds 2] [--seconds 2] [--warmup 0.7] [--nets 2-64-64-1@16,784-128-10@32,...]
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import * as os from "node:os";
import { fileURLToPath } from "node:url";

const args = process.argv.slice(2);
const opt = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);

/** widths "2-64-64-1" → [2, 64, 64, 1]; the trainable weights of that dense net. */
const widths = (net) => net.split("-").map(Number);
const weightsOf = (units) => units.slice(1).reduce((s, u, i) => s + units[i] * u + u, 0);

// child mode: one net on one backend; prints ms per step
if (opt("--run")) {
  const require = createRequire(import.meta.url);
  const tf = require("@tensorflow/tfjs");
  const dl = require("dlab");
  await dl.backend({ force: opt("--run") });
  const units = widths(opt("--net"));
  const batch = Number(opt("--batch"));
  const classes = units.at(-1);
  const model = tf.sequential({
    layers: units.slice(1).map((u, i) =>
      tf.layers.dense({
        ...(i === 0 ? { inputShape: [units[0]] } : {}),
        units: u,
        activation: i < units.length - 2 ? "relu" : classes === 1 ? "sigmoid" : "softmax",
        kernelInitializer: tf.initializers.glorotUniform({ seed: i + 1 }),
      }),
    ),
  });
  const loss = classes === 1 ? "binaryCrossentropy" : "sparseCategoricalCrossentropy";
  model.compile({ optimizer: tf.train.adam(1e-3), loss });
  const steps = 64; // batches per fit call: its own overhead is spread as in an epoch
  const x = tf.randomNormal([batch * steps, units[0]], 0, 1, "float32", 1);
  const y = tf.randomUniform([batch * steps, 1], 0, Math.max(2, classes), "int32", 2).toFloat();
  const train = async (seconds) => {
    let done = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < seconds * 1000) {
      await model.fit(x, y, { batchSize: batch, epochs: 1, verbose: 0, shuffle: false });
      done += steps;
    }
    return (performance.now() - t0) / done;
  };
  await train(Number(opt("--warmup")));
  process.stdout.write(`@@${await train(Number(opt("--seconds")))}\n`);
  process.exit(0);
}

const nets = (
  opt("--nets") ??
  "2-64-64-1@16,2-64-64-1@64,784-16-10@32,2-256-256-1@8,2-64-64-1@128,784-128-10@8,2-128-128-1@64,784-128-10@32"
).split(",");
const rounds = Number(opt("--rounds") ?? 2);
const backends = ["tensorflow", "wasm"];
const times = new Map(nets.map((n) => [n, { tensorflow: [], wasm: [] }]));
const loads = [os.loadavg()[0]];
for (let r = 0; r < rounds; r++) {
  for (const spec of nets) {
    const [net, batch] = spec.split("@");
    for (const b of r % 2 ? [...backends].reverse() : backends) {
      process.stderr.write(`round ${r + 1}/${rounds}: ${spec} on ${b}…\n`);
      const res = spawnSync(
        process.execPath,
        [
          fileURLToPath(import.meta.url),
          ...["--run", b, "--net", net, "--batch", batch],
          ...["--seconds", opt("--seconds") ?? "2", "--warmup", opt("--warmup") ?? "0.7"],
        ],
        { encoding: "utf8", timeout: 300_000 },
      );
      const line = res.stdout?.split("\n").find((l) => l.startsWith("@@"));
      if (line) times.get(spec)[b].push(Number(line.slice(2)));
      else process.stderr.write(`  failed: ${(res.stderr ?? "").split("\n").slice(-3).join(" | ")}\n`);
    }
  }
  loads.push(os.loadavg()[0]);
}
const fmt = (v, d = 2) => (Number.isFinite(v) ? v.toFixed(d) : "–");
const lines = [
  `dense nets, model.fit with Adam, ms per step (fastest of ${rounds} alternated rounds) — ${os.availableParallelism()} cores, Node ${process.version}`,
  `machine load (1-min average) at the start and after each round: ${loads.map((l) => l.toFixed(1)).join(", ")}`,
  "",
  `${"net @ batch".padEnd(18)} ${"weights × batch".padStart(15)} ${"tensorflow".padStart(10)} ${"wasm".padStart(8)} ${"tf / wasm".padStart(10)}`,
];
for (const [spec, t] of times) {
  const [net, batch] = spec.split("@");
  const size = weightsOf(widths(net)) * Number(batch);
  const [tfMs, wasmMs] = [Math.min(...t.tensorflow), Math.min(...t.wasm)];
  lines.push(
    `${spec.padEnd(18)} ${size.toLocaleString("en-US").padStart(15)} ${fmt(tfMs).padStart(10)} ${fmt(wasmMs).padStart(8)} ${fmt(tfMs / wasmMs).padStart(10)}`,
  );
}
lines.push(
  "",
  "tf / wasm above 1: wasm is faster for that step size (dl.train's SMALL_STEP should sit where it crosses 1).",
);
process.stdout.write(lines.join("\n") + "\n");
