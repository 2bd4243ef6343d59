// tfjs's Adam as one TensorFlow kernel per weight on `tensorflow` (src/backend/fused-adam.ts): checked
// against Adam's published update written out in float64 here, and a model.fit against tfjs's own Adam on cpu.
import { afterAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { backend } from "../../src/backend";
import { activateTensorflow } from "../../src/backend/native";
import { nativeMissing } from "./native-backend";

const missing = nativeMissing();

afterAll(async () => {
  await backend(); // leave tfjs on dlab's choice for the next file
});

/** Adam (Kingma & Ba), the form tfjs uses: w −= lr · m̂ / (√v̂ + ε), in float64. */
function adamReference(w0: number[], grads: number[][], lr: number, b1 = 0.9, b2 = 0.999, eps = 1e-7) {
  const w = [...w0];
  const m = w.map(() => 0);
  const v = w.map(() => 0);
  grads.forEach((g, s) => {
    const t = s + 1;
    for (let j = 0; j < w.length; j++) {
      m[j] = b1 * m[j] + (1 - b1) * g[j];
      v[j] = b2 * v[j] + (1 - b2) * g[j] * g[j];
      const mHat = m[j] / (1 - b1 ** t);
      const vHat = v[j] / (1 - b2 ** t);
      w[j] -= (lr * mHat) / (Math.sqrt(vHat) + eps);
    }
  });
  return { w, m, v };
}

function expectClose(actual: ArrayLike<number>, expected: number[], tol: number) {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, j) => expect(Math.abs(actual[j] - e)).toBeLessThanOrEqual(tol * (1 + Math.abs(e))));
}

// gradients of 12 + 4 values for 6 steps, a few tiny (1e-6) so that ε's part in the update shows
const gradsOf = (n: number, step: number) =>
  Array.from({ length: n }, (_, j) => (j % 5 === 0 ? 1e-6 : Math.sin(1 + j * 0.7 + step * 1.3)));

describe.skipIf(missing !== undefined)(
  `fused Adam on tensorflow${missing ? ` (skipped: ${missing})` : ""}`,
  () => {
    it("follows Adam's update rule, keeps the moments where tfjs keeps them, and leaves no tensors", async () => {
      await activateTensorflow();
      const w0 = Array.from({ length: 12 }, (_, j) => j / 6 - 1);
      const b0 = [0.5, -0.25, 0, 2];
      const w = tf.variable(tf.tensor2d(w0, [3, 4]), true, "fusedAdamW");
      const b = tf.variable(tf.tensor1d(b0), true, "fusedAdamB");
      const opt = tf.train.adam(0.01);
      const steps = 6;
      let count = 0;
      for (let s = 0; s < steps; s++) {
        const grads = {
          fusedAdamW: tf.tensor2d(gradsOf(12, s), [3, 4]),
          fusedAdamB: tf.tensor1d(gradsOf(4, s + 9)),
        };
        opt.applyGradients(grads);
        tf.dispose(Object.values(grads));
        // the moments exist from the first step on; later steps add nothing
        if (s === 0) count = tf.memory().numTensors;
        else expect(tf.memory().numTensors).toBe(count);
      }
      const refW = adamReference(
        w0,
        Array.from({ length: steps }, (_, s) => gradsOf(12, s)),
        0.01,
      );
      const refB = adamReference(
        b0,
        Array.from({ length: steps }, (_, s) => gradsOf(4, s + 9)),
        0.01,
      );
      expectClose(await w.data(), refW.w, 1e-5);
      expectClose(await b.data(), refB.w, 1e-5);
      // getWeights: the iteration count, then each weight's m and v (tfjs's order and names)
      const saved = await opt.getWeights();
      expect(saved.map((s) => s.name)).toEqual([
        "iter",
        "fusedAdamW/m",
        "fusedAdamB/m",
        "fusedAdamW/v",
        "fusedAdamB/v",
      ]);
      expect((await saved[0].tensor.data())[0]).toBe(steps);
      expectClose(await saved[2].tensor.data(), refB.m, 1e-6);
      expectClose(await saved[3].tensor.data(), refW.v, 1e-6);
      expectClose(await saved[1].tensor.data(), refW.m, 1e-6);
      expectClose(await saved[4].tensor.data(), refB.v, 1e-6);
      saved[0].tensor.dispose();
      // the update ran in TensorFlow's kernel: tfjs's own Adam runs Sqrt, Square, RealDiv… per weight
      const g = { fusedAdamW: tf.zeros([3, 4]), fusedAdamB: tf.zeros([4]) };
      const ran = (await tf.profile(() => opt.applyGradients(g))).kernels.map((k) => k.name);
      expect(ran).toEqual([]);
      tf.dispose(Object.values(g));
      const before = tf.memory().numTensors;
      opt.dispose(); // β₁ᵗ, β₂ᵗ and the four moments
      expect(tf.memory().numTensors).toBe(before - 6);
      tf.dispose([w, b]);
    });

    it("leaves a tensor read before a step as it was, and starts from values assigned in between", async () => {
      await activateTensorflow();
      const w = tf.variable(tf.tensor1d([1, 2, 3]), true, "fusedAdamCopy");
      const opt = tf.train.adam(0.1);
      const g = tf.tensor1d([0.5, -1, 2]);
      opt.applyGradients({ fusedAdamCopy: g });
      const snapshot = tf.clone(w); // shares w's buffer in TensorFlow
      const kept = Array.from(await snapshot.data());
      opt.applyGradients({ fusedAdamCopy: g });
      expect(Array.from(await snapshot.data())).toEqual(kept);
      expect(Array.from(await w.data())).not.toEqual(kept);
      // a value set by hand (as setWeights does) is where the next step starts
      w.assign(tf.tensor1d([10, 20, 30]));
      opt.applyGradients({ fusedAdamCopy: g });
      const ref = adamReference(
        [0, 0, 0],
        [
          [0.5, -1, 2],
          [0.5, -1, 2],
          [0.5, -1, 2],
        ],
        0.1,
      );
      const lastStep = adamReference(
        [0, 0, 0],
        [
          [0.5, -1, 2],
          [0.5, -1, 2],
        ],
        0.1,
      );
      // the third step's change, applied to the assigned values
      expectClose(
        await w.data(),
        [10, 20, 30].map((x, j) => x + ref.w[j] - lastStep.w[j]),
        1e-5,
      );
      tf.dispose([snapshot, g, w]);
      opt.dispose();
    });

    it("updates in place, and two optimizers taking turns on one weight each start from its value", async () => {
      await activateTensorflow();
      const w = tf.variable(tf.tensor1d([1, -2, 3, 0.5]), true, "fusedAdamTurns");
      const start = tf.memory().numTensors;
      const a = tf.train.adam(0.1);
      const b = tf.train.adam(0.05);
      const g = [
        [0.5, -1, 2, 0.1],
        [-0.3, 0.2, 1, -2],
        [1, 1, -1, 0.5],
        [0.2, -0.7, 0.4, 3],
      ];
      // A, B, A, B: each keeps its own moments; the weight carries both optimizers' changes
      const apply = (opt: tf.Optimizer, grad: number[]) => {
        const t = tf.tensor1d(grad);
        opt.applyGradients({ fusedAdamTurns: t });
        t.dispose();
      };
      apply(a, g[0]); // the first step: the tensor the variable was made from still shares its data
      const id = w.dataId;
      apply(b, g[1]);
      // now no other tensor holds the weight's data: TensorFlow updated it in place, under the same data id
      expect(w.dataId).toBe(id);
      apply(a, g[2]);
      apply(b, g[3]);
      // float64 reference: an Adam step is w −= lr · m̂ / (√v̂ + ε) with each optimizer's own m, v, t
      const adamState = () => ({ m: [0, 0, 0, 0], v: [0, 0, 0, 0], t: 0 });
      const stepRef = (w0: number[], st: ReturnType<typeof adamState>, grad: number[], lr: number) => {
        st.t++;
        return w0.map((x, j) => {
          st.m[j] = 0.9 * st.m[j] + 0.1 * grad[j];
          st.v[j] = 0.999 * st.v[j] + 0.001 * grad[j] ** 2;
          const mHat = st.m[j] / (1 - 0.9 ** st.t);
          const vHat = st.v[j] / (1 - 0.999 ** st.t);
          return x - (lr * mHat) / (Math.sqrt(vHat) + 1e-7);
        });
      };
      const [sa, sb] = [adamState(), adamState()];
      let ref = [1, -2, 3, 0.5];
      ref = stepRef(ref, sa, g[0], 0.1);
      ref = stepRef(ref, sb, g[1], 0.05);
      ref = stepRef(ref, sa, g[2], 0.1);
      ref = stepRef(ref, sb, g[3], 0.05);
      expectClose(await w.data(), ref, 1e-5);
      // the moments read right while they wait in TensorFlow
      const saved = await a.getWeights();
      expectClose(await saved[1].tensor.data(), sa.m, 1e-6);
      expectClose(await saved[2].tensor.data(), sa.v, 1e-6);
      saved[0].tensor.dispose();
      // disposing both optimizers frees their state; the weight keeps its value
      a.dispose();
      b.dispose();
      expectClose(await w.data(), ref, 1e-5);
      expect(tf.memory().numTensors).toBe(start);
      w.dispose();
    });

    it("goes on with tfjs's own update on another backend where the fused steps left off", async () => {
      await activateTensorflow();
      const w0 = [0.3, -1.2, 2, 0.05, -0.4];
      const w = tf.variable(tf.tensor1d(w0), true, "fusedAdamMove");
      const opt = tf.train.adam(0.02);
      const grads = Array.from({ length: 5 }, (_, s) => gradsOf(5, s + 3));
      const apply = (g: number[]) => {
        const t = tf.tensor1d(g);
        opt.applyGradients({ fusedAdamMove: t });
        t.dispose();
      };
      grads.slice(0, 3).forEach(apply); // fused, on tensorflow
      await tf.setBackend("cpu"); // the weight and the moments move; tfjs's Adam takes over at step 4
      grads.slice(3).forEach(apply);
      expectClose(await w.data(), adamReference(w0, grads, 0.02).w, 1e-5);
      opt.dispose();
      w.dispose();
    });

    it("trains a model with fit as tfjs's own Adam does on cpu", async () => {
      const run = async (name: "tensorflow" | "cpu") => {
        if (name === "tensorflow") await activateTensorflow();
        else await tf.setBackend("cpu");
        const init = (seed: number) => tf.initializers.glorotUniform({ seed });
        const model = tf.sequential({
          layers: [
            tf.layers.dense({ inputShape: [6], units: 8, activation: "relu", kernelInitializer: init(1) }),
            tf.layers.dense({ units: 3, kernelInitializer: init(2) }),
          ],
        });
        model.compile({ optimizer: tf.train.adam(0.05), loss: "meanSquaredError" });
        const x = tf.tensor2d(
          Array.from({ length: 32 * 6 }, (_, i) => Math.cos(i * 0.37)),
          [32, 6],
        );
        const y = tf.tensor2d(
          Array.from({ length: 32 * 3 }, (_, i) => Math.sin(i * 0.11)),
          [32, 3],
        );
        const h = await model.fit(x, y, { epochs: 15, batchSize: 8, shuffle: false, verbose: 0 });
        tf.dispose([x, y]);
        model.optimizer.dispose();
        model.dispose();
        return h.history.loss as number[];
      };
      const fused = await run("tensorflow");
      const reference = await run("cpu");
      expect(fused[14]).toBeLessThan(fused[0] * 0.8); // it learns
      expectClose(fused, reference, 1e-4);
    });
  },
);
