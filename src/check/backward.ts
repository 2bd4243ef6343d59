/**
 * Self-check for the backward pass (lab 02): the student's four equations against autodiff and
 * float64 differences on seeded networks, naming the layer to look at first.
 */
import { network, dispose, type Cost } from "../backprop";
import { rng } from "../data/rng";
import { ArgumentError } from "../errors";
import { gradcheck, type BackwardFn, type GradcheckResult } from "../gradcheck";
import { firstLine, NotYet, run, type CheckOptions, type CheckResult } from "./core";

/** The seeded networks and data the backward check runs on. */
const BACKWARD_CASES = [
  { sizes: [2, 3, 1], seed: 11 },
  { sizes: [3, 4, 3, 2], seed: 12 },
].map((spec) => {
  const r = rng(`check-backward-${spec.seed}`);
  const x = Array.from({ length: 4 }, () => Array.from({ length: spec.sizes[0] }, () => r.normal()));
  const y = x.map(() => Array.from({ length: spec.sizes[spec.sizes.length - 1] }, () => r.int(2)));
  return { ...spec, x, y };
});

/** Turn a gradcheck result into a NotYet naming the layer to look at first. */
function verdict(res: GradcheckResult, sizes: number[]): void {
  if (res.ok) return;
  // errors flow down: the highest wrong layer is where to look first (its weights if they are off)
  const bad = res.tensors.filter((t) => !t.ok);
  const top = bad[bad.length - 1];
  const worst = bad.find((t) => t.name === `W${top.name.slice(1)}`) ?? top;
  const more =
    bad.length > 1 ? ` (${bad.length - 1} other gradient${bad.length > 2 ? "s are" : " is"} off too)` : "";
  throw new NotYet(
    `on a [${sizes.join(", ")}] network, ${worst.label} is wrong${more} — ${worst.hint ?? ""}`,
  );
}

/** Errors from the student's code or a wrong shape become the hint. */
function asHint(e: unknown): never {
  if (e instanceof NotYet) throw e;
  // a gradient of the wrong shape, or none: what was expected, in the student's terms
  if (e instanceof ArgumentError)
    throw new NotYet(`your backward pass should give ${e.expected}, got ${e.got}`);
  throw new NotYet(`your backward pass threw an error: ${firstLine(e)}`);
}

/**
 * Check a backward pass `fn(net, cache, y)` → `{ dW, db }` (like dl.backprop.backward) on seeded
 * random networks, against autodiff and float64 differences; the first wrong layer is named.
 * @example
 * await dl.check.backward((net, cache, y) => myBackward(net, cache, y));
 */
export async function backward(
  fn: BackwardFn,
  opts: CheckOptions & { /** Cost the backward pass is for. Defaults to "quadratic". */ cost?: Cost } = {},
): Promise<CheckResult> {
  const gopts = { cost: opts.cost ?? "quadratic" } as const;
  return run(
    "backward pass",
    "",
    async () => {
      for (const c of BACKWARD_CASES) {
        const net = network({ sizes: c.sizes, seed: c.seed, activation: "sigmoid" });
        try {
          verdict(await gradcheck.network(fn, net, c.x, c.y, gopts).catch(asHint), c.sizes);
        } finally {
          dispose(net);
        }
      }
    },
    opts.print,
  );
}
