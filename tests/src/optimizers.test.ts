// Each optimizer against its published rule, written again here as a plain loop over the whole
// vector (independent of src/), and against tfjs's own optimizer where the two should agree.
import { describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import * as optimizers from "../../src/optimizers";
import { bowl, valley, himmelblau, type Surface } from "../../src/surfaces";

type Vec = number[];
type RefStep = (theta: Vec, g: Vec, t: number) => Vec;

/** Run an optimizer object for n steps on a surface, returning every point. */
function path(opt: optimizers.Optimizer, s: Surface, start: Vec, n: number): Vec[] {
  const pts = [start];
  for (let k = 0; k < n; k++) pts.push(opt.step(pts[k], s.grad(pts[k])));
  return pts;
}

/** Run a reference rule (closure over its own state) for n steps. */
function refPath(step: RefStep, s: Surface, start: Vec, n: number): Vec[] {
  const pts = [start];
  for (let t = 1; t <= n; t++) pts.push(step(pts[t - 1], s.grad(pts[t - 1]), t));
  return pts;
}

/** The same run with a tfjs optimizer on a float32 variable. */
function tfPath(opt: tf.Optimizer, s: Surface, start: Vec, n: number): Vec[] {
  const v = tf.tidy(() => tf.variable(tf.tensor1d(start)));
  const pts = [start];
  for (let k = 0; k < n; k++) {
    const g = tf.tensor1d(s.grad(pts[k]));
    opt.applyGradients({ [v.name]: g });
    g.dispose();
    pts.push(Array.from(v.dataSync()));
  }
  v.dispose();
  opt.dispose();
  return pts;
}

function expectPathsClose(a: Vec[], b: Vec[], rtol: number, atol = 1e-12): void {
  expect(a.length).toBe(b.length);
  a.forEach((p, k) =>
    p.forEach((v, i) => {
      const err = Math.abs(v - b[k][i]);
      if (err > atol + rtol * Math.abs(b[k][i]))
        throw new Error(`step ${k} coordinate ${i}: ${v} vs ${b[k][i]}`);
    }),
  );
}

// ── reference rules from the papers ──
const refs: Record<string, (h: Record<string, number>) => RefStep> = {
  // Robbins & Monro: θ_{t+1} = θ_t − η g_t
  sgd: (h) => (th, g) => th.map((v, i) => v - h.lr * g[i]),
  // Sutskever et al. 2013, eq. (1)-(2): v ← μv − ηg; θ ← θ + v (classical momentum)
  momentum: (h) => {
    let v: Vec | null = null;
    return (th, g) => {
      v = (v ?? th.map(() => 0)).map((vi, i) => h.mu * vi - h.lr * g[i]);
      return th.map((x, i) => x + v![i]);
    };
  },
  // Duchi et al. 2011, diagonal version: G_t = G_{t−1} + g²; θ ← θ − η g / (δ + √G_t), G_0 = 0.1
  adagrad: (h) => {
    let G: Vec | null = null;
    return (th, g) => {
      G = (G ?? th.map(() => 0.1)).map((x, i) => x + g[i] ** 2);
      return th.map((x, i) => x - (h.lr * g[i]) / (1e-7 + Math.sqrt(G![i])));
    };
  },
  // Zeiler 2012, Algorithm 1 (with a global η multiplying Δx, η = 1 in the paper)
  adadelta: (h) => {
    let Eg: Vec | null = null;
    let Ex: Vec | null = null;
    return (th, g) => {
      Eg = (Eg ?? th.map(() => 0)).map((e, i) => h.rho * e + (1 - h.rho) * g[i] ** 2);
      const dx = g.map(
        (gi, i) => (-Math.sqrt((Ex ?? th.map(() => 0))[i] + h.eps) / Math.sqrt(Eg![i] + h.eps)) * gi,
      );
      Ex = (Ex ?? th.map(() => 0)).map((e, i) => h.rho * e + (1 - h.rho) * dx[i] ** 2);
      return th.map((x, i) => x + h.lr * dx[i]);
    };
  },
  // Kingma & Ba 2015, Algorithm 1 with bias correction
  adam: (h) => {
    let m: Vec | null = null;
    let v: Vec | null = null;
    return (th, g, t) => {
      m = (m ?? th.map(() => 0)).map((mi, i) => h.b1 * mi + (1 - h.b1) * g[i]);
      v = (v ?? th.map(() => 0)).map((vi, i) => h.b2 * vi + (1 - h.b2) * g[i] * g[i]);
      return th.map((x, i) => {
        const mHat = m![i] / (1 - h.b1 ** t);
        const vHat = v![i] / (1 - h.b2 ** t);
        return x - (h.lr * mHat) / (Math.sqrt(vHat) + h.eps);
      });
    };
  },
  // Hinton lecture 6e: MeanSquare = 0.9 MeanSquare + 0.1 g²; θ ← θ − η g / √(MeanSquare) (+ε)
  rmsprop: (h) => {
    let ms: Vec | null = null;
    return (th, g) => {
      ms = (ms ?? th.map(() => 0)).map((s, i) => 0.9 * s + 0.1 * g[i] ** 2);
      return th.map((x, i) => x - (h.lr * g[i]) / Math.sqrt(ms![i] + 1e-7));
    };
  },
};

const cases: Array<{ name: string; opt: () => optimizers.Optimizer; h: Record<string, number> }> = [
  { name: "sgd", opt: () => optimizers.sgd({ lr: 0.3 }), h: { lr: 0.3 } },
  { name: "momentum", opt: () => optimizers.momentum({ lr: 0.05, mu: 0.8 }), h: { lr: 0.05, mu: 0.8 } },
  { name: "adagrad", opt: () => optimizers.adagrad({ lr: 0.4 }), h: { lr: 0.4 } },
  {
    name: "adadelta",
    opt: () => optimizers.adadelta({ lr: 1, rho: 0.9, epsilon: 1e-6 }),
    h: { lr: 1, rho: 0.9, eps: 1e-6 },
  },
  { name: "adam", opt: () => optimizers.adam({ lr: 0.1 }), h: { lr: 0.1, b1: 0.9, b2: 0.999, eps: 1e-8 } },
  { name: "rmsprop", opt: () => optimizers.rmsprop({ lr: 0.02 }), h: { lr: 0.02 } },
];

describe("optimizers follow their published update rules", () => {
  for (const c of cases) {
    it(`${c.name}: 60 steps on the valley and on Himmelblau equal the paper's rule`, () => {
      for (const s of [valley, himmelblau]) {
        const start = s === valley ? [-4.5, 1.2] : [0.5, -0.5];
        expectPathsClose(path(c.opt(), s, start, 60), refPath(refs[c.name](c.h), s, start, 60), 1e-12);
      }
    });
  }

  it("rules are not interchangeable (the reference comparison can fail)", () => {
    const a = path(optimizers.adam({ lr: 0.1 }), valley, [-4.5, 1.2], 5);
    const b = refPath(refs.rmsprop({ lr: 0.1 }), valley, [-4.5, 1.2], 5);
    expect(() => expectPathsClose(a, b, 1e-6)).toThrow();
  });

  it("Adam's first step has length η in every coordinate (bias correction at work)", () => {
    const p = optimizers.adam({ lr: 0.1 }).step([1, 1], [3, -0.01]);
    expect(p[0]).toBeCloseTo(0.9, 6);
    expect(p[1]).toBeCloseTo(1.1, 5);
  });

  it("state, t, reset and fresh behave", () => {
    const o = optimizers.momentum({ lr: 0.1, mu: 0.5 });
    o.step([1], [1]);
    o.step([1], [1]);
    expect(o.t).toBe(2);
    expect(o.state.v).toEqual([1.5]);
    const f = o.fresh();
    expect(f.t).toBe(0);
    expect(f.lr).toBe(0.1);
    o.reset();
    expect(o.t).toBe(0);
    expect(o.state.v).toBeUndefined();
  });

  it("bad input names the argument", () => {
    expect(() => optimizers.sgd().step([1, 2], [1])).toThrow(/"grad".*length of theta \(2\).*got 1/);
    expect(() => optimizers.adam({ beta1: 1.5 })).toThrow(/"opts.beta1".*\[0, 1\].*1\.5/);
    expect(() => optimizers.byName("nesterov")).toThrow(/"name".*sgd, momentum.*"nesterov"/);
    expect(optimizers.byName("RMSProp", 0.5).lr).toBe(0.5);
  });
});

describe("tfjs's optimizers take the same path", () => {
  const matching = cases.filter((c) => c.name !== "adadelta");
  for (const c of matching) {
    it(`${c.name} matches tf.train.${c.name} on the bowl and the valley (float32)`, () => {
      const before = tf.memory().numTensors;
      for (const s of [bowl, valley]) {
        const start = s.start;
        const ours = path(c.opt(), s, start, 25);
        const theirs = tfPath(c.opt().toTf(), s, start, 25);
        expectPathsClose(ours, theirs, 2e-4, 2e-5);
      }
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it("adadelta: tfjs divides by the previous E[g²] — it matches Zeiler's rule with that one-step lag, not Zeiler's", () => {
    const h = { lr: 1, rho: 0.9, eps: 1e-6 };
    const lagged: RefStep = (() => {
      let Eg: Vec | null = null;
      let Ex: Vec | null = null;
      return (th: Vec, g: Vec) => {
        const old = Eg ?? th.map(() => 0);
        const dx = g.map(
          (gi, i) => (-Math.sqrt((Ex ?? th.map(() => 0))[i] + h.eps) / Math.sqrt(old[i] + h.eps)) * gi,
        );
        Eg = old.map((e, i) => h.rho * e + (1 - h.rho) * g[i] ** 2);
        Ex = (Ex ?? th.map(() => 0)).map((e, i) => h.rho * e + (1 - h.rho) * dx[i] ** 2);
        return th.map((x, i) => x + h.lr * dx[i]);
      };
    })();
    const theirs = tfPath(
      optimizers.adadelta({ lr: 1, rho: 0.9, epsilon: 1e-6 }).toTf(),
      valley,
      [-4.5, 1.2],
      20,
    );
    expectPathsClose(refPath(lagged, valley, [-4.5, 1.2], 20), theirs, 2e-4, 2e-5);
    const ours = path(optimizers.adadelta({ lr: 1, rho: 0.9, epsilon: 1e-6 }), valley, [-4.5, 1.2], 20);
    expect(() => expectPathsClose(ours, theirs, 1e-2)).toThrow();
  });
});
