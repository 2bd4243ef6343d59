/**
 * Self-checks on training practice (lab 04): inverted dropout, the early-stopping point, the
 * Glorot limit.
 */
import {
  attempt,
  compare,
  NotYet,
  num,
  numbers,
  run,
  SLIP,
  tolerance,
  within,
  type CheckOptions,
  type CheckResult,
} from "./core";

/**
 * Check inverted dropout `fn(a, p, training, rand)`: drop where rand() < p, scale kept values by 1/(1 − p); identity at test time.
 * @example
 * await dl.check.dropout((a, p, training, rand) => (training ? a.map((v) => (rand() < p ? 0 : v / (1 - p))) : a.slice()));
 */
export async function dropout(
  fn: (a: number[], p: number, training: boolean, rand: () => number) => number[],
  opts: CheckOptions = {},
): Promise<CheckResult> {
  const a = [1, -2, 3, 0.5, 4, -1, 2, 6];
  const draws = [0.1, 0.7, 0.4, 0.9, 0.55, 0.2, 0.8, 0.05];
  return run(
    "dropout",
    "",
    async () => {
      const test = await numbers(
        "your test-time output",
        await attempt("your dropout", () => fn(a.slice(), 0.5, false, () => 0)),
      );
      if (test.values.some((v, i) => v !== a[i]))
        throw new NotYet(
          "at test time nothing is dropped and nothing is scaled (inverted dropout scales during training)",
        );
      for (const p of [0.5, 0.25]) {
        let k = 0;
        const rand = () => draws[k++ % draws.length];
        const got = await numbers(
          "your training output",
          await attempt("your dropout", () => fn(a.slice(), p, true, rand)),
        );
        const want = a.map((v, i) => (draws[i] < p ? 0 : v / (1 - p)));
        if (got.values.length !== a.length) throw new NotYet("return one value per activation");
        if (got.values.some((v, i) => (v === 0) !== (want[i] === 0)))
          throw new NotYet(
            "draw rand() once per activation, in order, and drop (set to 0) when it is below p",
          );
        if (got.values.some((v, i) => within(v, a[i], SLIP) && want[i] !== a[i]))
          throw new NotYet("scale the kept activations by 1/(1 − p), so their expected value is unchanged");
        compare(
          "your training output",
          got,
          { values: want, shape: [a.length] },
          tolerance(opts, 1e-9, 1e-7),
        );
      }
    },
    opts.print,
  );
}

/**
 * Check early stopping `fn(valLoss, patience)` → `{ stop, best }` (epochs counted from 1).
 * @example
 * await dl.check.stopPoint((v, p) => ({ stop: v.length, best: 1 }));
 */
export async function stopPoint(
  fn: (valLoss: number[], patience: number) => { stop: number; best: number },
  opts: CheckOptions = {},
): Promise<CheckResult> {
  const ref = (v: number[], patience: number) => {
    let best = 1;
    for (let e = 1; e <= v.length; e++) {
      if (v[e - 1] < v[best - 1]) best = e;
      if (e - best >= patience) return { stop: e, best };
    }
    return { stop: v.length, best };
  };
  const curves: Array<[number[], number]> = [
    [[1, 0.8, 0.6, 0.5, 0.55, 0.6, 0.7, 0.8, 0.9], 3],
    [[1, 0.9, 0.8, 0.7, 0.6], 2],
    [[0.5, 0.6, 0.5, 0.7, 0.4, 0.8, 0.9, 0.95], 2],
    [[0.9, 0.7, 0.7, 0.7, 0.7, 0.6], 4],
  ];
  return run(
    "early stopping point",
    "",
    async () => {
      for (const [v, p] of curves) {
        const out = await attempt("your function", () => fn(v.slice(), p));
        const want = ref(v, p);
        const best = await num("best", () => out.best);
        const stop = await num("stop", () => out.stop);
        if (best === want.best - 1 || stop === want.stop - 1)
          throw new NotYet("epochs count from 1: epoch k has loss valLoss[k − 1]");
        if (best !== want.best)
          throw new NotYet(
            "the best epoch is the one with the lowest validation loss so far (the first one on ties)",
          );
        if (stop !== want.stop)
          throw new NotYet(
            "stop at the first epoch where the best epoch is `patience` epochs old; if that never happens, at the last epoch",
          );
      }
    },
    opts.print,
  );
}

/**
 * Check the Glorot limit `fn(m, mPrev)` → t = √6 / √(m + mPrev).
 * @example
 * await dl.check.glorotLimit((m, mPrev) => Math.sqrt(6) / Math.sqrt(m + mPrev));
 */
export async function glorotLimit(
  fn: (m: number, mPrev: number) => number,
  opts: CheckOptions = {},
): Promise<CheckResult> {
  const cases = [
    [100, 100],
    [10, 784],
    [1, 8],
    [64, 32],
  ];
  return run(
    "Glorot limit",
    "",
    async () => {
      for (const [m, mPrev] of cases) {
        const t = await num("your limit", () => fn(m, mPrev));
        const want = Math.sqrt(6) / Math.sqrt(m + mPrev);
        if (within(t, 6 / Math.sqrt(m + mPrev), SLIP)) throw new NotYet("the numerator is √6, not 6");
        if (within(t, Math.sqrt(6) / (m + mPrev), SLIP))
          throw new NotYet("divide by the square root of M_ℓ + M_ℓ₋₁");
        if (!within(t, want, tolerance(opts, 1e-9)))
          throw new NotYet("t = √6 / √(M_ℓ + M_ℓ₋₁): units of this layer plus units of the layer before");
      }
    },
    opts.print,
  );
}
