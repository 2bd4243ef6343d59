// Data made on wasm and moved to `tensorflow` (dl.train moving a CNN there): wasm's reshape shares one
// data id between an image batch and its rows, and tfjs-node used to give every view the first shape
// (lab 05 on a class hub, DLAB_BACKEND=wasm: "Expected begin and size arguments to be 1-D tensors of
// size 4"). Each view must reach TensorFlow in its own shape, with its own values, and be freed.
import { afterAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { backend } from "../../src/backend";
import { activateWasm } from "../../src/backend/activate";
import { activateTensorflow } from "../../src/backend/native";
import { nativeMissing } from "./native-backend";

const missing = nativeMissing();

afterAll(async () => {
  await backend(); // leave tfjs on dlab's choice for the next file
});

describe.skipIf(missing !== undefined)(
  `views of data moved to tensorflow${missing ? ` (skipped: ${missing})` : ""}`,
  () => {
    it("keep their shapes and values: slice and matMul on the rows of an image batch", async () => {
      await activateTensorflow(); // registers and patches tfjs-node's backend
      await activateWasm();
      const values = Array.from({ length: 4 * 2 * 3 }, (_, i) => i + 1);
      const images = tf.tensor4d(values, [4, 2, 3, 1]); // on wasm
      const rows = images.reshape([4, 6]); // shares the data id on wasm
      expect(tf.getBackend()).toBe("wasm");
      await tf.setBackend("tensorflow"); // the data moves lazily, at its first use there
      const before = tf.memory().numTensors;
      // rows 1–2, as plain numbers (an independent reference: the values written above)
      const slice = tf.slice(rows, [1, 0], [2, 6]);
      expect(slice.shape).toEqual([2, 6]);
      expect(Array.from(await slice.data())).toEqual(values.slice(6, 18));
      // the 4-D view still works in its own shape
      const pooled = tf.sum(images, [1, 2, 3]);
      expect(Array.from(await pooled.data())).toEqual(
        [0, 1, 2, 3].map((r) => values.slice(6 * r, 6 * r + 6).reduce((a, b) => a + b)),
      );
      // a matMul on the rows: row sums by a column of ones
      const ones = tf.ones([6, 1]);
      const sums = tf.matMul(rows, ones);
      expect(Array.from(await sums.data())).toEqual(Array.from(await pooled.data()));
      tf.dispose([slice, pooled, sums, ones]);
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([images, rows]);
    });
  },
);
