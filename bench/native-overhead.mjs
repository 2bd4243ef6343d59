#!/usr/bin/env node
// Where does a training step on the `tensorflow` backend go? (run on demand, not a test)
// The reference MLP (bench/mnist-model.mjs), batch 128, Adam 1e-3, 1 TensorFlow thread, each variant in
// its own process, variants alternated over rounds; prints samples/s per variant and the median ratio
// to `raw-fit` (plain @tensorflow/tfjs-node, no dlab, model.fit as bench/mnist-run.mjs calls it).
//   raw-fit       require("@tensorflow/tfjs-node") only; model.fit with bench/mnist-run.mjs's callback
//   raw-nocb      the same without the onBatchEnd callback (tfjs-layers then does not read the loss per batch)
//   dlab-fit      dl.backend({ force: "tensorflow" }) then the same fit (what bench/mnist.mjs times)
//   raw-patched   raw-fit with src/backend/moved-views.ts's hooks on tfjs-node's backend
//   raw-loop      manual loop: optimizer.minimize on batches sliced from the data, one loss read per step
// A "+" suffix changes the environment: dlab-fit+UNFUSED is dlab with tfjs's own Adam (DLAB_FUSED_ADAM=0,
// see src/backend/fused-adam.ts), raw-fit+ONEDNN0 turns oneDNN's TensorFlow ops off.
// (Every variant loads MNIST with dlab's reader; importing dlab starts no backend.)
// Usage: node bench/native-overhead.mjs [--rounds 3] [--seconds 4] [--n 25600] [--only raw-fit,dlab-fit,dlab-fit+UNFUSED]
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import * as os from "node:os";
import { buildModel } from "./mnist-model.mjs";

const args = process.argv.slice(2);
const opt = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const BATCH = 128;
const N = Number(opt("--n") ?? 25600);

async function child(variant, seconds) {
  const require = createRequire(import.meta.url);
  let tf, dl;
  if (variant.startsWith("dlab")) {
    dl = require("dlab");
    tf = require("@tensorflow/tfjs");
    await dl.backend({ force: "tensorflow" });
  } else {
    tf = require("@tensorflow/tfjs-node");
    // raw-patched: tfjs-node with dlab's moved-views hooks only
    if (variant === "raw-patched") require("../src/dist/backend/moved-views.js").fixMovedViews(tf.backend());
  }
  const data = (dl ?? require("dlab")).data.mnist({ train: N, test: 2000 });
  const x = tf.tensor(data.train.x, [N, 784]);
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(data.train.y, "int32"), 10).toFloat());
  const model = buildModel(tf, 0, "mlp");
  const optimizer = tf.train.adam(1e-3);
  const loss = (yt, yp) => tf.losses.softmaxCrossEntropy(yt, yp);
  model.compile({ optimizer, loss });
  let batches = 0;
  let t0;
  const callbacks = variant.endsWith("nocb")
    ? undefined
    : {
        onBatchEnd: async () => {
          batches++;
          if (performance.now() - t0 > seconds * 1000) model.stopTraining = true;
        },
      };
  const fit = (xs, ys) =>
    model.fit(xs, ys, { batchSize: BATCH, epochs: 1, verbose: 0, callbacks, shuffle: false });
  const loop = async (xs, ys, limitSecs) => {
    const n = xs.shape[0];
    for (let s = 0; s * BATCH < n; s++) {
      const l = tf.tidy(() => {
        const xb = xs.slice(s * BATCH, BATCH);
        const yb = ys.slice(s * BATCH, BATCH);
        return optimizer.minimize(() => loss(yb, model.apply(xb, { training: true })), true);
      });
      await l.data();
      l.dispose();
      batches++;
      if (performance.now() - t0 > limitSecs * 1000) break;
    }
  };
  const run = variant === "raw-loop" ? loop : fit;
  const [xw, yw] = [x.slice(0, 2 * BATCH), y.slice(0, 2 * BATCH)];
  t0 = performance.now();
  await run(xw, yw, Infinity);
  batches = 0;
  const cpu0 = process.cpuUsage();
  t0 = performance.now();
  await run(x, y, seconds);
  const secs = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const done = variant.endsWith("nocb") ? N : Math.min(N, batches * BATCH);
  return { variant, samplesPerSec: done / secs, cores: (cpu.user + cpu.system) / 1e6 / secs };
}

if (opt("--run")) {
  const r = await child(opt("--run"), Number(opt("--seconds")));
  process.stdout.write(`@@${JSON.stringify(r)}\n`);
  process.exit(0);
}

const all = ["raw-fit", "raw-nocb", "dlab-fit", "raw-loop"];
const variants = opt("--only")?.split(",") ?? all;
const rounds = Number(opt("--rounds") ?? 3);
const seconds = Number(opt("--seconds") ?? 4);
const env = {
  ...process.env,
  TF_NUM_INTRAOP_THREADS: "1",
  TF_NUM_INTEROP_THREADS: "1",
  TF_CPP_MIN_LOG_LEVEL: "2",
};
/** Extra environment of a variant name's "+" part: ONEDNN0 turns oneDNN's custom TensorFlow ops off,
 * UNFUSED gives dlab tfjs's own Adam (DLAB_FUSED_ADAM=0, src/backend/fused-adam.ts). */
const envOf = (extra) =>
  ({ ONEDNN0: { TF_ENABLE_ONEDNN_OPTS: "0" }, UNFUSED: { DLAB_FUSED_ADAM: "0" } })[extra] ?? {};
const runs = Object.fromEntries(variants.map((v) => [v, []]));
const loads = [os.loadavg()[0]];
for (let k = 0; k < rounds; k++) {
  for (const v of k % 2 ? [...variants].reverse() : variants) {
    const [variant, extra] = v.split("+"); // raw-fit+ONEDNN0: the variant with TF_ENABLE_ONEDNN_OPTS=0
    const res = spawnSync(
      process.execPath,
      [fileURLToPath(import.meta.url), "--run", variant, "--seconds", String(seconds)],
      { encoding: "utf8", env: { ...env, ...envOf(extra) }, timeout: 300_000 },
    );
    const line = res.stdout?.split("\n").find((l) => l.startsWith("@@"));
    if (!line) {
      process.stderr.write(`${v} failed: ${res.stderr.split("\n").slice(-5).join(" | ")}\n`);
      continue;
    }
    runs[v].push(JSON.parse(line.slice(2)));
  }
  loads.push(os.loadavg()[0]);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
// samples per CPU-second: less sensitive to other work on the machine than samples per second
const perCpu = (r) => r.samplesPerSec / r.cores;
const ref = runs[variants[0]];
console.log(`load (1-min) at the start and after each round: ${loads.map((l) => l.toFixed(1)).join(", ")}`);
for (const v of variants) {
  const s = runs[v].map((r) => r.samplesPerSec);
  if (!s.length || !ref.length) continue;
  const c = runs[v].map(perCpu);
  console.log(
    `${v.padEnd(16)} ${Math.round(median(s)).toLocaleString("en-US").padStart(7)} samples/s ×${(median(s) / median(ref.map((r) => r.samplesPerSec))).toFixed(2)}` +
      `  ${Math.round(median(c)).toLocaleString("en-US").padStart(7)} /CPU-s ×${(median(c) / median(ref.map(perCpu))).toFixed(2)}` +
      `  cores ${median(runs[v].map((r) => r.cores)).toFixed(2)}  rounds: ${s.map(Math.round).join(", ")} (/CPU-s ${c.map(Math.round).join(", ")})`,
  );
}
console.log(`ratios (×) against ${variants[0]}; medians over ${rounds} rounds`);
