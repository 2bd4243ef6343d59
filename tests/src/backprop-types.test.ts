// The kernel type-checks every cell before it runs it, so what a student naturally writes against
// dl.backprop, dl.check, dl.race, dl.optimizers and dl.schedules must compile under `strict`.
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const ROOT = resolve(__dirname, "..", "..");

const CELLS = String.raw`
import * as dl from "dlab";
import * as tf from "@tensorflow/tfjs";
const sigmaPrime = (z: tf.Tensor) => tf.sigmoid(z).mul(tf.sub(1, tf.sigmoid(z)));
function backward(net: dl.Network, cache: dl.ForwardCache, y: tf.Tensor) {
  const L = net.weights.length;
  const deltas: tf.Tensor[] = [];
  const dW: tf.Tensor[] = [];
  const db: tf.Tensor[] = [];
  deltas[L - 1] = cache.a[L].sub(y).div(y.shape[0]).mul(sigmaPrime(cache.z[L]));
  for (let l = L - 1; l >= 1; l--) deltas[l - 1] = deltas[l].matMul(net.weights[l]).mul(sigmaPrime(cache.z[l]));
  for (let l = 1; l <= L; l++) {
    dW[l - 1] = deltas[l - 1].transpose().matMul(cache.a[l - 1]);
    db[l - 1] = deltas[l - 1].sum(0);
  }
  return { dW, db, deltas };
}
void dl.check.backward(backward).then((r) => r.ok);
let net = dl.backprop.network({ sizes: [2, 3, 1], seed: 1 });
const cache = dl.backprop.forward(net, [[0, 1]]);
const g = backward(net, cache, tf.tensor2d([[1]]));
const next = dl.backprop.update(net, g, 0.5);
dl.backprop.dispose(net, cache, g);
net = next;
function momentumStep(theta: number[], grad: number[], state: { v: number[] }, h: { lr: number; mu: number }): number[] {
  state.v = state.v.map((vi, i) => h.mu * vi + grad[i]);
  return theta.map((th, i) => th - h.lr * state.v[i]);
}
async function checks(): Promise<dl.CheckResult[]> {
  return [
    await dl.check.optimizerStep("momentum", momentumStep),
    await dl.check.optimizerStep("adam", (theta, grad, s, h) => theta.map((t, i) => t - h.lr * grad[i] + 0 * s.t)),
    await dl.check.close("z", () => tf.tensor([1, 2]), [1, 2], { hint: "z = w·x + b" }),
    await dl.check.sigmoidViaTanh((z) => (1 + Math.tanh(z / 2)) / 2),
    await dl.check.penalty("l2", (w, lambda) => lambda * 0.5 * w.reduce((s, v) => s + v * v, 0)),
    await dl.check.cost((a, y) => tf.sum(tf.square(tf.sub(y, a))).div(2 * a.shape[0])),
    await dl.checkLab.softmax((z) => z.map((v) => v / z.length)),
  ];
}
void checks();
const r = dl.race.run({ surface: "valley", optimizers: ["sgd", dl.optimizers.adam({ lr: 0.1 })], lr: 0.1 });
r.tracks.map((t) => t.diverged?.message);
const cb: tf.Callback = dl.schedules.callback(dl.schedules.step({ lr0: 0.1, every: 10 }));
dl.lrSweep({ surface: "parabola", lrs: [0.1], display: false }).runs.map((x) => x.verdict);
dl.plot.surface("saddle");
void dl.gradcheck((q) => ({ w: q.w.mul(2) }), (q) => tf.sum(tf.square(q.w)) as tf.Scalar, { w: tf.tensor1d([1, 2]) }).then((r) => r.text);
`;

describe("types a notebook cell meets", () => {
  it("natural student code against the lessons API compiles with strict on", () => {
    const dir = mkdtempSync(join(tmpdir(), "dlab-types-"));
    writeFileSync(join(dir, "cells.ts"), CELLS);
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          target: "ES2022",
          module: "commonjs",
          moduleResolution: "node10",
          esModuleInterop: true,
          skipLibCheck: true,
          lib: ["ES2022", "DOM"],
          types: ["node"],
          typeRoots: [join(ROOT, "node_modules", "@types")],
          baseUrl: ROOT,
          paths: {
            dlab: ["src/index.ts"],
            "@tensorflow/tfjs": ["node_modules/@tensorflow/tfjs"],
            "*": ["node_modules/*"],
          },
        },
        files: ["cells.ts"],
      }),
    );
    let out = "";
    try {
      execFileSync(process.execPath, [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", dir], {
        encoding: "utf8",
      });
    } catch (e) {
      out = String((e as { stdout?: string }).stdout ?? e);
    }
    // only errors in the cells count: the package's own files are checked by its build
    expect(out.split("\n").filter((l) => l.includes("cells.ts"))).toEqual([]);
  });
});
