/**
 * Lab 03's reasoning checks on the learning rate: predict what gradient descent does for given η
 * before running it (`lrRegimes`), and find the largest η that still converges (`largestStableLr`,
 * 2/λ_max of the Hessian). The answers come from the run and the surface, never from the hint.
 */
import { lrSweep, VERDICTS, type Verdict } from "../optimizers/sweep";
import { get, type Surface } from "../surfaces";
import { attempt, NotYet, run, type CheckResult } from "./core";

/** Options of {@link lrRegimes}: the sweep the predictions are compared with. */
export interface RegimeOptions {
  /** The surface or its name. Defaults to "valley". */
  surface?: Surface | string;
  /** Steps per run. Defaults to 60. */
  steps?: number;
  /** Print the line. Defaults to true. */
  print?: boolean;
}

const key = (lr: number) => String(lr);

/**
 * Predict-then-run for several learning rates: `predict()` returns, per η, what plain gradient descent
 * will do ("creeps", "converges smoothly", "zig-zags", "diverges"); the check runs `dl.lrSweep` and
 * compares. A wrong prediction names the η to think again about, never what happened.
 * @example
 * await dl.check.lrRegimes(() => ({ "0.02": "creeps", "0.6": "diverges" }), [0.02, 0.6]);
 */
export async function lrRegimes(
  predict: () => Record<string, string>,
  lrs: number[],
  opts: RegimeOptions = {},
): Promise<CheckResult> {
  const surface = get(opts.surface ?? "valley", "dl.check.lrRegimes");
  return run(
    `learning rates on the ${surface.name}: your predictions`,
    "",
    async () => {
      const said = await attempt("your prediction", predict);
      if (typeof said !== "object")
        throw new NotYet(`return an object such as { "${lrs[0]}": "creeps", … }, not a ${typeof said}`);
      const mine = said as Record<string, unknown>;
      const missing = lrs.filter((lr) => mine[key(lr)] === undefined || mine[key(lr)] === "");
      if (missing.length) throw new NotYet(`predict every η: none yet for ${missing.join(", ")}`);
      const odd = lrs.filter((lr) => !VERDICTS.includes(String(mine[key(lr)]).trim() as Verdict));
      if (odd.length)
        throw new NotYet(`for η = ${odd.join(", ")} pick one of ${VERDICTS.map((r) => `"${r}"`).join(", ")}`);
      const runs = lrSweep({ surface, lrs, steps: opts.steps ?? 60, display: false }).runs;
      const wrong = runs.filter((r) => String(mine[key(r.lr)]).trim() !== r.verdict).map((r) => r.lr);
      if (wrong.length)
        throw new NotYet(
          `${lrs.length - wrong.length} of ${lrs.length} right; think again about η = ${wrong.join(", ")}: ` +
            "per direction of curvature λ one step multiplies the distance to the minimum by (1 − λη)",
        );
    },
    opts.print,
  );
}

/** The largest eigenvalue of a 1-D or 2-D surface's Hessian at p, by central differences of its gradient. */
export function maxCurvature(surface: Surface, p: readonly number[], h = 1e-4): number {
  const col = (j: number) => {
    const up = p.slice();
    const dn = p.slice();
    up[j] += h;
    dn[j] -= h;
    const gu = surface.grad(up);
    const gd = surface.grad(dn);
    return gu.map((v, i) => (v - gd[i]) / (2 * h));
  };
  if (surface.dim === 1) return col(0)[0];
  const [[a, b1], [b2, d]] = [col(0), col(1)];
  const b = (b1 + b2) / 2;
  // eigenvalues of the symmetric [[a, b], [b, d]]
  return (a + d) / 2 + Math.sqrt(((a - d) / 2) ** 2 + b * b);
}

/** Options of {@link largestStableLr}. */
export interface StableLrOptions {
  /** The surface or its name. Defaults to "valley". */
  surface?: Surface | string;
  /** How far below the limit still counts as found (relative). Defaults to 0.04 (4 %). */
  rtol?: number;
  /** Print the line. Defaults to true. */
  print?: boolean;
}

/**
 * An open task: the largest learning rate at which plain gradient descent still converges near the
 * surface's global minimum (the limit 2/λ_max, λ_max the Hessian's largest eigenvalue there). Right when
 * the answer is at most the limit and within `rtol` below it; the hint says only "too large" or "larger".
 * @example
 * await dl.check.largestStableLr(() => myLargestEta, { surface: "valley" });
 */
export async function largestStableLr(
  answer: () => number,
  opts: StableLrOptions = {},
): Promise<CheckResult> {
  const surface = get(opts.surface ?? "valley", "dl.check.largestStableLr");
  return run(
    `the largest stable learning rate on the ${surface.name}`,
    "",
    async () => {
      const eta = await attempt("your answer", answer);
      if (typeof eta !== "number" || !Number.isFinite(eta) || eta <= 0)
        throw new NotYet(`your answer should be a positive number (a learning rate), got ${String(eta)}`);
      const best = surface.points.reduce((a, b) => (b.value < a.value ? b : a));
      const limit = 2 / maxCurvature(surface, best.at);
      if (eta > limit * (1 + 1e-6))
        throw new NotYet(
          `at η = ${eta} gradient descent does not converge: run it (dl.lrSweep) and watch the steep direction`,
        );
      if (eta < limit * (1 - (opts.rtol ?? 0.04)))
        throw new NotYet(
          `η = ${eta} converges, and so does a somewhat larger η: which direction limits η, and at what value?`,
        );
    },
    opts.print,
  );
}
