// One replica of the benchmark MLP on the wasm backend, for synchronous data-parallel training in
// worker threads (wasm has no threads in Node, so this is how a second core gets used). Every
// worker computes the gradient of its share of each batch and writes it to shared memory; after a
// barrier each one averages all shares and applies the same Adam step, so the replicas stay equal.
import { parentPort, workerData } from "node:worker_threads";
import { createRequire } from "node:module";
import { buildModel } from "./mnist-model.mjs";

const require = createRequire(import.meta.url);
const dl = require("dlab");
const tf = require("@tensorflow/tfjs");

await dl.backend({ force: "wasm" });
const { n, seed, rank, size, grads: gradBuffer, sync: syncBuffer } = workerData;
const { train } = dl.data.mnist({ train: n, test: 0 });
const x = tf.tensor2d(train.x, [n, 784]);
const y = tf.tidy(() => tf.oneHot(tf.tensor1d(train.y, "int32"), 10).toFloat());
const model = buildModel(tf, seed); // same seed in every worker: identical replicas
const vars = model.trainableWeights.map((w) => w.read());
const sizes = vars.map((v) => v.size);
const P = sizes.reduce((a, b) => a + b, 0);
const opt = tf.train.adam(1e-3);
// two slots per worker (even and odd steps), so a worker may write step s+1 while another still reads step s
const shared = new Float32Array(gradBuffer);
const sync = new Int32Array(syncBuffer);

function barrier() {
  const generation = Atomics.load(sync, 1);
  if (Atomics.add(sync, 0, 1) === size - 1) {
    Atomics.store(sync, 0, 0);
    Atomics.add(sync, 1, 1);
    Atomics.notify(sync, 1);
  } else {
    Atomics.wait(sync, 1, generation);
  }
}

const slot = (r, step) => ((step % 2) * size + r) * P;

async function step(indices, s) {
  const parts = (r) => [
    Math.floor((r * indices.length) / size),
    Math.floor(((r + 1) * indices.length) / size),
  ];
  const [lo, hi] = parts(rank);
  const { value, grads } = tf.tidy(() => {
    const idx = tf.tensor1d(indices.subarray(lo, hi), "int32");
    const [xb, yb] = [tf.gather(x, idx), tf.gather(y, idx)];
    return tf.variableGrads(
      () => tf.losses.softmaxCrossEntropy(yb, model.apply(xb, { training: true })),
      vars,
    );
  });
  let offset = slot(rank, s);
  for (const v of vars) {
    shared.set(await grads[v.name].data(), offset);
    offset += v.size;
  }
  tf.dispose([value, ...Object.values(grads)]);
  barrier();
  // the batch gradient is the mean of the shares' gradients weighted by their sizes
  const mean = new Float32Array(P);
  for (let r = 0; r < size; r++) {
    const [a, b] = parts(r);
    const w = (b - a) / indices.length;
    const base = slot(r, s);
    for (let j = 0; j < P; j++) mean[j] += w * shared[base + j];
  }
  tf.tidy(() => {
    const named = {};
    let o = 0;
    vars.forEach((v, i) => {
      named[v.name] = tf.tensor(mean.subarray(o, o + sizes[i]), v.shape);
      o += sizes[i];
    });
    opt.applyGradients(named);
  });
}

parentPort.on("message", async (msg) => {
  if (msg.type === "train") {
    const all = dl.data.batchIndices(n, { batchSize: msg.batchSize, seed, epoch: msg.epoch });
    const count = msg.limit ?? all.length;
    for (let s = 0; s < count; s++) await step(all[s], s);
    parentPort.postMessage({ type: "trained", rank });
  } else if (msg.type === "evaluate") {
    const { test } = dl.data.mnist({ train: 0, test: msg.test });
    const acc = tf.tidy(() => {
      const p = model.predict(tf.tensor2d(test.x, [msg.test, 784])).argMax(1);
      return p.equal(tf.tensor1d(test.y, "int32")).mean();
    });
    parentPort.postMessage({ type: "evaluated", accuracy: (await acc.data())[0] });
    acc.dispose();
  }
});
parentPort.postMessage({ type: "ready", rank, parameters: P });
