import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { afterAll, describe, expect, it, vi } from "vitest";
import { moons } from "../../src/data/toy";
import { mlp } from "../../src/models";
import { train } from "../../src/train";

/** The per-batch loss curve of one seeded run on the current backend. */
async function curve(): Promise<number[]> {
  const m = mlp({
    inputs: 2,
    layers: [
      { units: 16, activation: "tanh" },
      { units: 1, activation: "sigmoid" },
    ],
    seed: 3,
    lr: 0.05,
  });
  const losses: number[] = [];
  await train(m, moons({ n: 200, seed: 9, noise: 0.2 }), {
    epochs: 3,
    batchSize: 16,
    seed: 4,
    plot: false,
    onBatch: (_b, l) => void losses.push(l.loss),
  });
  m.dispose();
  return losses;
}

describe("seeded training across backends", () => {
  afterAll(async () => {
    await tf.setBackend("cpu");
  });

  // Bit-identical is NOT what we get: wasm's XNNPACK kernels sum in another order than the cpu
  // backend, so after the first update the curves differ by 1–2 float32 ulps. The first batch
  // (same seeded weights, same seeded batch) is identical; the rest agree to ~1e-6 relative.
  it("gives the same loss curve on cpu and wasm for the same seed, to float32 rounding", async () => {
    vi.spyOn(console, "log").mockImplementation(() => {});
    await tf.setBackend("cpu");
    const cpu = await curve();
    expect(await tf.setBackend("wasm")).toBe(true);
    const wasm = await curve();
    expect(wasm).toHaveLength(cpu.length);
    const maxDiff = Math.max(...cpu.map((v, i) => Math.abs(v - wasm[i])));
    console.info(
      `cpu vs wasm: ${cpu.length} batches, max |Δloss| = ${maxDiff}, first difference at batch ${cpu.findIndex((v, i) => v !== wasm[i]) + 1}, identical: ${cpu.every((v, i) => v === wasm[i])}`,
    );
    expect(wasm[0]).toBe(cpu[0]);
    for (let i = 0; i < cpu.length; i++)
      expect(Math.abs(wasm[i] - cpu[i])).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(cpu[i])));
    // and the two backends are not accidentally the same code path
    expect(tf.getBackend()).toBe("wasm");
  });
});
