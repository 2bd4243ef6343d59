// Hidden checks of lab 02 — for the lecturer only. `npx dlab grade 02-backprop …` runs the cells
// below after each student's notebook, in the same kernel (so they call the student's functions);
// students never get this file (`dlab student` and the hub copy only .ipynb files, and it is not
// part of the installed dlab package). Each `// @hidden <points>` line starts a cell; each cell
// reports one dl.check.hidden, on other inputs than the visible check. Keep your real ones out of
// a repository students can read (`dlab grade --hidden FILE`).

// @hidden 1
// Clipping at both ends, and labels that are all 0 or all 1.
await dl.check.hidden(
  "binary cross-entropy: certain predictions and one-sided labels",
  async () => {
    const eps = 1e-7;
    const ref = (t: number[], p: number[]) =>
      t.reduce((s, y, i) => {
        const q = Math.min(1 - eps, Math.max(eps, p[i]));
        return s - (y * Math.log(q) + (1 - y) * Math.log(1 - q));
      }, 0) / t.length;
    const cases: [number[], number[]][] = [
      [[1, 0, 1], [1, 0, 0]],
      [[0, 0], [0.25, 0.6]],
      [[1, 1, 1, 1], [0.9, 0.51, 0.999, 0.3]],
    ];
    return Promise.all(
      cases.map(([t, p]) => dl.check.close("bce", () => bce(t, p), ref(t, p), { rtol: 1e-6 })),
    );
  },
  { hint: "clip every prediction to [ε, 1 − ε] before the log, and divide by the number of examples" },
);

// @hidden 1
// Several outputs per example: the sum runs over the outputs too, the mean over the rows only.
await dl.check.hidden(
  "quadratic cost: two outputs per example",
  () => {
    const a = tf.tensor2d([[0.2, 0.9], [0.5, 0.1], [0.7, 0.3]]);
    const y = tf.tensor2d([[0, 1], [1, 0], [1, 1]]);
    const want = (0.04 + 0.01 + 0.25 + 0.01 + 0.09 + 0.49) / (2 * 3);
    return dl.check.close("cost", () => quadraticCost(a, y), want, { rtol: 1e-5 }).finally(() => tf.dispose([a, y]));
  },
  { hint: "C sums ‖y − a‖² over all outputs and divides by 2n, n the number of rows" },
);

// @hidden 1
// Negative x and a target above the output: the signs of both gradients.
await dl.check.hidden(
  "two-weight gradients: negative input",
  async () => {
    const J = (w1: number, w2: number, x: number, y: number) => 0.5 * (w2 / (1 + Math.exp(-w1 * x)) - y) ** 2;
    const h = 1e-6;
    const parts = [];
    for (const [w1, w2, x, y] of [[-0.4, 2.5, -1.5, 3], [1.2, -0.7, -0.3, -2]]) {
      const dw1 = (J(w1 + h, w2, x, y) - J(w1 - h, w2, x, y)) / (2 * h);
      const dw2 = (J(w1, w2 + h, x, y) - J(w1, w2 - h, x, y)) / (2 * h);
      const got = twoWeightGrads(w1, w2, x, y);
      parts.push(await dl.check.close("grads", [got.dw1, got.dw2], [dw1, dw2], { rtol: 1e-5, atol: 1e-8 }));
    }
    return parts;
  },
  { hint: "∂J/∂w₁ = (ŷ − y)·w₂·σ′(z₁)·x, with the sign of x kept" },
);

// @hidden 2
// A tanh network: a backward pass that hard-codes σ′ = a(1 − a) is right for sigmoid only.
await dl.check.hidden(
  "backward pass: a tanh network with two outputs",
  async () => {
    const net = dl.backprop.network({ sizes: [3, 5, 2], activation: "tanh", seed: 31, std: 0.8 });
    const x = [[0.3, -1.2, 0.8], [1.5, 0.2, -0.4], [-0.7, 0.9, 0.1]];
    const y = [[1, 0], [0, 1], [1, 1]];
    try {
      return (await dl.gradcheck.network(backward, net, x, y, { cost: "quadratic" })).ok;
    } finally {
      dl.backprop.dispose(net);
    }
  },
  { hint: "use the network's own activation derivative (dl.backprop.activatePrime with net.activation)" },
);
