// The lean tfjs-node kernels on `tensorflow` (src/backend/lean-kernels.ts), checked against tfjs's cpu
// backend (its own kernels and gradients, written independently of TensorFlow's).
import { afterAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { backend } from "../../src/backend";
import { activateTensorflow } from "../../src/backend/native";
import { nativeMissing } from "./native-backend";

const missing = nativeMissing();

afterAll(async () => {
  await backend(); // leave tfjs on dlab's choice for the next file
});

/** `f` run on cpu and on tensorflow; the values of what each returns. */
async function both(f: () => tf.Tensor): Promise<{ cpu: number[]; native: number[] }> {
  await tf.setBackend("cpu");
  const cpu = Array.from(tf.tidy(f).dataSync());
  await activateTensorflow();
  const native = Array.from(tf.tidy(f).dataSync());
  return { cpu, native };
}

/** The TensorFlow ops one call of `f` runs on tensorflow. */
async function kernelsOf(f: () => tf.TensorContainer): Promise<string[]> {
  await activateTensorflow();
  const info = await tf.profile(() => tf.tidy(f));
  return info.kernels.map((k) => k.name);
}

const edge = [Number.NaN, -1, 0, -0, 1e-3, 2, Infinity, -Infinity, -1e-3];

describe.skipIf(missing !== undefined)(
  `lean kernels on tensorflow${missing ? ` (skipped: ${missing})` : ""}`,
  () => {
    it("step: 1 above 0, 0 at and below, NaN for NaN, as on cpu; α ≠ 0 too", async () => {
      const zero = await both(() => tf.step(tf.tensor1d(edge)));
      expect(zero.native).toEqual(zero.cpu);
      expect(zero.native.slice(1)).toEqual([0, 0, 0, 1, 1, 1, 0, 0]);
      expect(zero.native[0]).toBeNaN();
      const leaky = await both(() => tf.step(tf.tensor1d(edge), 0.25));
      expect(leaky.native).toEqual(leaky.cpu);
    });

    it("ReLU's gradient is dy where x > 0, else 0, in one TensorFlow op", async () => {
      const x = Array.from({ length: 24 }, (_, i) => Math.sin(i * 1.7) * 3);
      const c = Array.from({ length: 24 }, (_, i) => 1 + i / 7);
      const grad = () => tf.grad((t: tf.Tensor) => tf.relu(t).mul(tf.tensor1d(c)).sum())(tf.tensor1d(x));
      const { cpu, native } = await both(grad);
      expect(native).toEqual(cpu);
      expect(native).toEqual(x.map((v, i) => (Math.fround(v) > 0 ? Math.fround(c[i]) : 0)));
      const ran = await kernelsOf(grad);
      expect(ran).toContain("DlabReluGrad");
      expect(ran).not.toContain("Select");
      // the documented difference: where x is NaN the gradient is 0 (tfjs's own: NaN)
      const nan = await both(() =>
        tf.grad((t: tf.Tensor) => tf.relu(t).sum())(tf.tensor1d([Number.NaN, 1, -1])),
      );
      expect(nan.native).toEqual([0, 1, 0]);
      expect(nan.cpu[0]).toBeNaN();
    });

    it("ReLU's second derivative: linear in dy, zero in x", async () => {
      // d/dx of (d/dx Σ relu(x)·x) = d/dx (step(x)·x + relu(x)) = 2·step(x) where relu is smooth
      const x = [-2, -0.5, 0.5, 3];
      const second = () =>
        tf.grad((t: tf.Tensor) =>
          tf
            .grad((u: tf.Tensor) => tf.relu(u).mul(u).sum())(t)
            .sum(),
        )(tf.tensor1d(x));
      const { cpu, native } = await both(second);
      expect(native).toEqual(cpu);
      expect(native).toEqual([0, 0, 2, 2]);
    });

    it("a cast to the same dtype and a reshape to the same shape share the data; others still compute", async () => {
      await activateTensorflow();
      const x = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
      const kept = tf.cast(x, "float32");
      const same = tf.reshape(x, [2, 3]);
      expect(kept.dataId).toBe(x.dataId);
      expect(same.dataId).toBe(x.dataId);
      x.dispose(); // the shares keep the data
      expect(Array.from(await kept.data())).toEqual([1, 2, 3, 4, 5, 6]);
      expect(Array.from(await same.data())).toEqual([1, 2, 3, 4, 5, 6]);
      const asInt = tf.cast(tf.tensor1d([1.7, -2.2]), "int32");
      expect(Array.from(await asInt.data())).toEqual([1, -2]);
      const other = tf.reshape(same, [3, 2]);
      expect(other.shape).toEqual([3, 2]);
      expect(Array.from(await other.data())).toEqual([1, 2, 3, 4, 5, 6]);
      tf.dispose([kept, same, asInt, other]);
    });

    it("tf.losses.softmaxCrossEntropy: the value and both gradients of cpu, with weights and every reduction", async () => {
      const logits = Array.from({ length: 4 * 5 }, (_, i) => Math.sin(i * 0.9) * 4);
      const onehot = Array.from({ length: 4 * 5 }, (_, i) => (i % 5 === (Math.floor(i / 5) * 2) % 5 ? 1 : 0));
      const weights = [1, 0, 2.5, 0.5];
      const R = tf.Reduction;
      for (const reduction of [R.SUM_BY_NONZERO_WEIGHTS, R.MEAN, R.SUM, R.NONE])
        for (const w of [undefined, weights])
          for (const smoothing of [0, 0.1]) {
            // the loss (summed when NONE leaves it per row) and its gradients for labels and logits
            const f = () => {
              const loss = (a: tf.Tensor, b: tf.Tensor) =>
                tf.losses.softmaxCrossEntropy(a, b, w && tf.tensor1d(w), smoothing, reduction).sum();
              const [y, z] = [tf.tensor2d(onehot, [4, 5]), tf.tensor2d(logits, [4, 5])];
              const [dy, dz] = tf.grads(loss)([y, z]);
              return tf.concat([loss(y, z).reshape([1]), dy.flatten(), dz.flatten()]);
            };
            const { cpu, native } = await both(f);
            const what = `reduction ${reduction}, ${w ? "weighted" : "unweighted"}, smoothing ${smoothing}`;
            native.forEach((v, i) =>
              expect(Math.abs(v - cpu[i]), `${what} #${i}`).toBeLessThan(1e-5 * (1 + Math.abs(cpu[i]))),
            );
          }
      const ran = await kernelsOf(() =>
        tf.grad((z: tf.Tensor) => tf.losses.softmaxCrossEntropy(tf.tensor2d(onehot, [4, 5]), z))(
          tf.tensor2d(logits, [4, 5]),
        ),
      );
      expect(ran).toContain("DlabSoftmaxXent");
      expect(ran).not.toContain("Exp");
    });

    it("trains a ReLU network to the loss curve of cpu", async () => {
      const run = async (name: "tensorflow" | "cpu") => {
        if (name === "tensorflow") await activateTensorflow();
        else await tf.setBackend("cpu");
        const init = (seed: number) => tf.initializers.glorotUniform({ seed });
        const model = tf.sequential({
          layers: [
            tf.layers.dense({ inputShape: [5], units: 16, activation: "relu", kernelInitializer: init(3) }),
            tf.layers.dense({ units: 8, activation: "relu", kernelInitializer: init(4) }),
            tf.layers.dense({ units: 2, kernelInitializer: init(5) }),
          ],
        });
        model.compile({ optimizer: tf.train.sgd(0.1), loss: "meanSquaredError" });
        const x = tf.tensor2d(
          Array.from({ length: 40 * 5 }, (_, i) => Math.cos(i * 0.31)),
          [40, 5],
        );
        const y = tf.tensor2d(
          Array.from({ length: 40 * 2 }, (_, i) => Math.sin(i * 0.17)),
          [40, 2],
        );
        const h = await model.fit(x, y, { epochs: 12, batchSize: 10, shuffle: false, verbose: 0 });
        tf.dispose([x, y]);
        model.dispose();
        return h.history.loss as number[];
      };
      const lean = await run("tensorflow");
      const reference = await run("cpu");
      expect(lean[11]).toBeLessThan(lean[0] * 0.95); // it learns
      lean.forEach((l, i) => expect(Math.abs(l - reference[i])).toBeLessThanOrEqual(1e-5 * reference[i]));
    });
  },
);
