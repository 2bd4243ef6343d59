// One replica of the benchmark MLP on the wasm backend, for data-parallel training in worker threads:
// it computes the gradient of its share of each batch, and applies the averaged gradient it gets back.
import { parentPort, workerData } from "node:worker_threads";
import { createRequire } from "node:module";
import { buildModel } from "./mnist-model.mjs";

const require = createRequire(import.meta.url);
const dl = require("dlab");
const tf = require("@tensorflow/tfjs");

await dl.backend({ force: "wasm" });
const { n, seed, rank, size } = workerData;
const { train } = dl.data.mnist({ train: n, test: 0 });
const x = tf.tensor2d(train.x, [n, 784]);
const y = tf.tidy(() => tf.oneHot(tf.tensor1d(train.y, "int32"), 10).toFloat());
const model = buildModel(tf, seed); // same seed in every worker: identical replicas
const vars = model.trainableWeights.map((w) => w.read());
const opt = tf.train.adam(1e-3);

parentPort.on("message", async (msg) => {
  if (msg.type === "step") {
    // first apply the averaged gradient of the previous batch (one message per step saves a round trip)
    if (msg.apply) {
      tf.tidy(() => {
        const named = {};
        vars.forEach((v, i) => (named[v.name] = tf.tensor(msg.apply[i], v.shape)));
        opt.applyGradients(named);
      });
    }
    if (!msg.indices) return parentPort.postMessage({ type: "applied", rank });
    // my share of this batch: a contiguous slice of the batch's seeded indices
    const lo = Math.floor((rank * msg.indices.length) / size);
    const share = msg.indices.subarray(lo, Math.floor(((rank + 1) * msg.indices.length) / size));
    const { value, grads } = tf.tidy(() => {
      const idx = tf.tensor1d(share, "int32");
      const xb = tf.gather(x, idx);
      const yb = tf.gather(y, idx);
      return tf.variableGrads(
        () => tf.losses.softmaxCrossEntropy(yb, model.apply(xb, { training: true })),
        vars,
      );
    });
    const arrays = await Promise.all(vars.map((v) => grads[v.name].data()));
    const loss = (await value.data())[0];
    tf.dispose([value, ...Object.values(grads)]);
    parentPort.postMessage(
      { type: "grad", rank, loss, count: share.length, arrays },
      arrays.map((a) => a.buffer),
    );
  } else if (msg.type === "evaluate") {
    const { test } = dl.data.mnist({ train: 0, test: msg.test });
    const acc = tf.tidy(() => {
      const p = model.predict(tf.tensor2d(test.x, [msg.test, 784])).argMax(1);
      return p.equal(tf.tensor1d(test.y, "int32")).mean();
    });
    parentPort.postMessage({ type: "evaluated", accuracy: (await acc.data())[0] });
    acc.dispose();
  } else if (msg.type === "stop") {
    process.exit(0);
  }
});
parentPort.postMessage({ type: "ready", rank });
