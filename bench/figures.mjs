#!/usr/bin/env node
// What live plotting costs a training (run on demand: `node bench/figures.mjs [--rounds N]`).
// The same training runs in a real dlab kernel with the figure off (`plot: false`) and on (the
// live history, ≤ 4 updates a second), rounds alternated so both see the same machine load; each
// cell is timed from execute_request to execute_reply, with the kernel's CPU over it, and the
// figure messages it published are counted. Target: the figure costs ≤ 3 % of training time.
// Two lab-sized trainings: lab 03's MNIST MLP (784 → 64 → 10, 2,000 digits, 3 epochs) and lab
// 04's over-sized moons network (2 → 64 → 64 → 1, 60 points, 100 epochs of tiny batches).
import { loadavg } from "node:os";
import { join } from "node:path";
import { cpuSeconds, execute, ROOT, startKernel } from "./figures-kernel.mjs";

const TRAININGS = {
  "lab 03 MNIST MLP": {
    setup: `const mnist = dl.data.mnist({ train: 2000, test: 1000 });`,
    train: (plot) =>
      `{ const m = dl.mlp({ inputs: 784, layers: [{ units: 64, activation: "relu" }, { units: 10, activation: "softmax" }], optimizer: "sgd", lr: 0.1, seed: 0 });
  await dl.train(m, { train: mnist.train, validation: mnist.test }, { epochs: 3, batchSize: 32, seed: 0, plot: ${plot} }); m.dispose(); }`,
  },
  "lab 04 moons 2-64-64-1": {
    setup: `const moons = dl.data.moons({ n: 120, noise: 0.3, seed: 0 });
const parts = dl.data.split(moons, { validation: 0.25, test: 0.25, seed: 0 });`,
    train: (plot) =>
      `{ const m = dl.mlp({ inputs: 2, layers: [{ units: 64, activation: "relu" }, { units: 64, activation: "relu" }, { units: 1, activation: "sigmoid" }], optimizer: "adam", lr: 0.01, seed: 0 });
  await dl.train(m, { train: parts.train, validation: parts.validation }, { epochs: 100, batchSize: 16, seed: 0, plot: ${plot} }); m.dispose(); }`,
  },
};

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (on, off) => `${(((on - off) / off) * 100).toFixed(1)} %`;

/** One training cell: wall ms, kernel CPU ms, figure messages and their bytes. */
async function timed(k, code) {
  k.messages.length = 0;
  const cpu0 = cpuSeconds(k.proc.pid);
  const t = performance.now();
  const r = await execute(k, code);
  const wall = performance.now() - t;
  const cpu = (cpuSeconds(k.proc.pid) - cpu0) * 1000;
  if (r.content.status !== "ok") throw new Error(`cell failed: ${JSON.stringify(r.content)}`);
  // iopub arrives on its own socket: let the last messages of the cell land before counting
  await new Promise((res) => setTimeout(res, 300));
  const figs = k.messages.filter((m) => m.type === "display_data" || m.type === "update_display_data");
  return { wall, cpu, sends: figs.length, bytes: figs.reduce((n, m) => n + m.bytes, 0) };
}

/**
 * The load-independent side: the kernel CPU of one live update (building a lab-sized history
 * payload, 2 metrics with 500-point batch traces and 100-epoch lines, and publishing it), times
 * 4 updates a second, is the most the figure can take from each second of training.
 */
const UPDATES = 200;
const PER_UPDATE = `{ const n = 500, e = 100, xs = Array.from({ length: n }, (_, i) => (i + 1) / 5), ex = Array.from({ length: e }, (_, i) => i + 1);
  const curves = ["loss", "acc"].flatMap((metric) => [
    { metric, split: "train", step: "batch", x: xs, y: xs.map((x) => Math.exp(-x / 30) + 0.05 * Math.sin(x * 7)) },
    { metric, split: "train", step: "epoch", x: ex, y: ex.map((x) => Math.exp(-x / 30)) },
    { metric, split: "validation", step: "epoch", x: ex, y: ex.map((x) => Math.exp(-x / 35)) },
  ]);
  const fig = new dl.LiveFigure({ minIntervalMs: 0 });
  for (let i = 0; i < ${UPDATES}; i++) {
    fig.update(dl.figures.historyFigure(curves as any, { status: "epoch " + i + "/100 · batch 3/4 · last batches: loss 0.2 · epoch 1: loss 0.3" }));
    await new Promise((r) => setImmediate(r));
  }
  fig.finish(); }`;

async function main() {
  const rounds = process.argv.includes("--rounds")
    ? Number(process.argv[process.argv.indexOf("--rounds") + 1])
    : 5;
  const k = await startKernel(join(ROOT, "notebooks"));
  await k.request("kernel_info_request", {});
  const load0 = loadavg()[0];
  const imp = await execute(k, 'import * as dl from "dlab"; await dl.backend()');
  if (imp.content.status !== "ok") throw new Error(`import failed: ${JSON.stringify(imp.content)}`);
  for (const [name, t] of Object.entries(TRAININGS)) {
    await execute(k, t.setup);
    await timed(k, t.train(false)); // warm-up: kernels compiled, data on the backend
    const off = [];
    const on = [];
    for (let i = 0; i < rounds; i++) {
      // alternate which goes first, so a trend in machine load hits both alike
      const pair = i % 2 ? ["on", "off"] : ["off", "on"];
      for (const which of pair)
        (which === "on" ? on : off).push(await timed(k, t.train(which === "on" ? '"history"' : "false")));
    }
    const m = (rs, f) => median(rs.map(f));
    console.log(`${name}, ${rounds} alternated rounds each (medians):`);
    console.log(
      `  figure off: wall ${m(off, (r) => r.wall).toFixed(0)} ms, kernel CPU ${m(off, (r) => r.cpu).toFixed(0)} ms`,
    );
    console.log(
      `  figure on:  wall ${m(on, (r) => r.wall).toFixed(0)} ms, kernel CPU ${m(on, (r) => r.cpu).toFixed(0)} ms, ` +
        `${m(on, (r) => r.sends)} figure messages, ${(m(on, (r) => r.bytes) / 1024).toFixed(0)} KB`,
    );
    console.log(
      `  cost of the live figure: wall ${pct(
        m(on, (r) => r.wall),
        m(off, (r) => r.wall),
      )}, ` +
        `kernel CPU ${pct(
          m(on, (r) => r.cpu),
          m(off, (r) => r.cpu),
        )} [target ≤ 3 %]; ` +
        `per-round wall ratios on/off: ${on.map((r, i) => (r.wall / off[i].wall).toFixed(3)).join(", ")}`,
    );
  }
  await execute(k, PER_UPDATE); // warm-up
  const costs = [];
  for (let i = 0; i < 3; i++) costs.push(await timed(k, PER_UPDATE));
  const cpu = median(costs.map((c) => c.cpu)) / UPDATES;
  console.log(
    `one live history update (build + publish, ${(median(costs.map((c) => c.bytes)) / costs[0].sends / 1024).toFixed(1)} KB): ` +
      `kernel CPU ${cpu.toFixed(2)} ms, wall ${(median(costs.map((c) => c.wall)) / UPDATES).toFixed(2)} ms; ` +
      `at 4 updates a second at most ${((4 * cpu) / 10).toFixed(2)} % of training time [target ≤ 3 %]`,
  );
  console.log(
    `machine load (1-min average): ${load0.toFixed(2)} at start, ${loadavg()[0].toFixed(2)} at end`,
  );
  await k.stop();
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
