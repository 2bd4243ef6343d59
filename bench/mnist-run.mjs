// One benchmark configuration, run inside its own process by bench/mnist.mjs.
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import { fileURLToPath } from "node:url";
import { buildModel, inputShape } from "./mnist-model.mjs";

const require = createRequire(import.meta.url);
const tf = require("@tensorflow/tfjs");
const dl = require("dlab");
const BATCH = 128;
const peakMB = () => process.resourceUsage().maxRSS / 1024;

/** Time on the clock and on the CPUs (all threads of the process) around `work`. */
async function timed(work) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await work();
  const secs = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { secs, cores: (cpu.user + cpu.system) / 1e6 / secs };
}

/** model.fit for one epoch of x, y, stopped once `seconds` of training have passed; resolves to the batches trained. */
async function fitFor(model, x, y, seconds) {
  let batches = 0;
  const t0 = performance.now();
  const stopAfter = {
    onBatchEnd: async () => {
      batches++;
      if (performance.now() - t0 > seconds * 1000) model.stopTraining = true;
    },
  };
  await model.fit(x, y, { batchSize: BATCH, epochs: 1, verbose: 0, callbacks: stopAfter, shuffle: false });
  return batches;
}

/**
 * model.fit on one backend: "plain-cpu" (tfjs as installed, no dl.backend), "dlab-default" or
 * "dlab-<backend>"; n samples, or as many as `seconds` of training allow (Infinity: all n); `kind`:
 * the model (bench/mnist-model.mjs); `warmup`: seconds of training first, not timed.
 */
export async function runFit(config, n, seconds = Infinity, kind = "mlp", warmup = 0) {
  let backend;
  if (config === "plain-cpu") {
    await tf.ready(); // tfjs's own default in Node: cpu
    backend = tf.getBackend();
  } else {
    backend = (await dl.backend(config === "dlab-default" ? {} : { force: config.slice(5) })).name;
  }
  const { train, test } = dl.data.mnist({ train: n, test: 2000 });
  const x = tf.tensor(train.x, [n, ...inputShape(kind)]);
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(train.y, "int32"), 10).toFloat());
  const model = buildModel(tf, 0, kind);
  model.compile({ optimizer: tf.train.adam(1e-3), loss: (yt, yp) => tf.losses.softmaxCrossEntropy(yt, yp) });
  // warm-up, not timed (kernel compilation, first allocations, the JavaScript engine's optimising
  // compiler): two batches, then more until `warmup` seconds of training have passed
  const [xw, yw] = [x.slice(0, 2 * BATCH), y.slice(0, 2 * BATCH)];
  await model.fit(xw, yw, { batchSize: BATCH, epochs: 1, verbose: 0 });
  if (warmup > 0) await fitFor(model, x, y, warmup);
  // one epoch of n samples, or fewer batches when `seconds` of training have passed
  let batches = 0;
  const t = await timed(async () => {
    batches = await fitFor(model, x, y, seconds);
  });
  const done = Math.min(n, batches * BATCH);
  const acc = tf.tidy(() =>
    model
      .predict(tf.tensor(test.x, [test.n, ...inputShape(kind)]))
      .argMax(1)
      .equal(tf.tensor1d(test.y, "int32"))
      .mean(),
  );
  const accuracy = (await acc.data())[0];
  return { backend, samples: done, samplesPerSec: done / t.secs, cores: t.cores, peakMB: peakMB(), accuracy };
}

/** Data-parallel training: `size` workers on wasm each compute the gradient of 1/size of every batch. */
export async function runWorkers(n, size) {
  const file = fileURLToPath(new URL("./mnist-worker.mjs", import.meta.url));
  const P = 784 * 256 + 256 + 256 * 128 + 128 + 128 * 10 + 10;
  const grads = new SharedArrayBuffer(2 * size * P * 4);
  const sync = new SharedArrayBuffer(8);
  const workers = Array.from(
    { length: size },
    (_, rank) => new Worker(file, { workerData: { n, seed: 0, rank, size, grads, sync } }),
  );
  const next = (w) =>
    new Promise((res, rej) => {
      w.once("message", res);
      w.once("error", rej);
    });
  const all = async (msg) =>
    Promise.all(
      workers.map((w) => {
        const p = next(w);
        w.postMessage(msg);
        return p;
      }),
    );
  await Promise.all(workers.map(next)); // ready
  await all({ type: "train", batchSize: BATCH, epoch: 99, limit: 2 }); // warm-up, not timed
  const t = await timed(() => all({ type: "train", batchSize: BATCH, epoch: 0 }));
  workers[0].postMessage({ type: "evaluate", test: 2000 });
  const { accuracy } = await next(workers[0]);
  await Promise.all(workers.map((w) => w.terminate()));
  return {
    backend: `wasm ×${size}`,
    samples: n,
    samplesPerSec: n / t.secs,
    cores: t.cores,
    peakMB: peakMB(),
    accuracy,
  };
}
