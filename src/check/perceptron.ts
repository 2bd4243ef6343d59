/**
 * Self-checks for the perceptron exercises (lab 01): the step perceptron, Rosenblatt's update,
 * logic gates and the decision line.
 */
import { ArgumentError, describeValue } from "../errors";
import { rng } from "../data/rng";
import { attempt, compare, NotYet, num, numbers, run, type CheckOptions, type CheckResult } from "./core";

/**
 * Check the step perceptron `fn(x, w, b)` → 1 if w·x + b > 0, else 0 (0 exactly on the threshold).
 * @example
 * await dl.check.stepPerceptron((x, w, b) => (w.reduce((s, wi, i) => s + wi * x[i], b) > 0 ? 1 : 0));
 */
export async function stepPerceptron(
  fn: (x: number[], w: number[], b: number) => number,
  opts: CheckOptions = {},
): Promise<CheckResult> {
  const r = rng("check-step");
  const cases: Array<[number[], number[], number]> = [
    [[1, 1], [1, 1], -2], // exactly on the threshold
    [[0.5, 2, 1], [3, -1, 2], 0.1],
  ];
  for (let i = 0; i < 20; i++)
    cases.push([
      [r.uniform(-2, 2), r.uniform(-2, 2), r.uniform(-2, 2)],
      [r.normal(), r.normal(), r.normal()],
      r.normal(),
    ]);
  return run(
    "step perceptron",
    "",
    async () => {
      for (const [x, w, b] of cases) {
        const got = await num("your output", () => fn(x.slice(), w.slice(), b));
        const z = w.reduce((s, wi, i) => s + wi * x[i], b);
        if (got !== 0 && got !== 1)
          throw new NotYet("the step perceptron outputs 0 or 1, nothing in between");
        if (got !== (z > 0 ? 1 : 0)) {
          throw new NotYet(
            z === 0
              ? "on the threshold (w·x + b = 0) the rule says 0"
              : "compute w·x + b (every input times its weight, plus the bias) and compare it with 0",
          );
        }
      }
    },
    opts.print,
  );
}

/**
 * Check one step of Rosenblatt's rule as `fn(w, b, x, y, lr)` → `{ w, b }`, labels 0/1, ŷ = [w·x + b > 0],
 * w ← w + η(y − ŷ)x, b ← b + η(y − ŷ).
 * @example
 * await dl.check.perceptronUpdate((w, b, x, y, lr) => { … return { w, b }; });
 */
export async function perceptronUpdate(
  fn: (w: number[], b: number, x: number[], y: number, lr: number) => { w: number[]; b: number },
  opts: CheckOptions = {},
): Promise<CheckResult> {
  const cases: Array<[number[], number, number[], number, number, string]> = [
    [[1, -1], 0.5, [2, 3], 1, 1, "a point of class 1 predicted 0"],
    [[2, 1], 0, [1, 1], 0, 1, "a point of class 0 predicted 1"],
    [[1, 1], -1, [2, 2], 1, 1, "a point already on the right side"],
    [[0.5, -2], 1, [3, 1], 1, 0.1, "a mistake with learning rate 0.1"],
    [[1, 1], -2, [1, 1], 1, 1, "a point exactly on the line (w·x + b = 0 predicts 0)"],
  ];
  return run(
    "perceptron update",
    "compare with w ← w + η(y − ŷ)x and b ← b + η(y − ŷ)",
    async () => {
      for (const [w, b, x, y, lr, what] of cases) {
        const yHat = w.reduce((s, wi, i) => s + wi * x[i], b) > 0 ? 1 : 0;
        const err = y - yHat;
        const out = await attempt("your update", () => fn(w.slice(), b, x.slice(), y, lr));
        if (typeof out !== "object" || !("w" in out) || !("b" in out))
          throw new NotYet("return an object { w, b } with the new weights and bias");
        const newW = (await numbers("w", out.w)).values;
        const moved = newW.some((v, i) => v !== w[i]) || out.b !== b;
        if (err === 0 && moved)
          throw new NotYet(`for ${what}, nothing should change: the rule only acts on mistakes`);
        if (err !== 0 && !moved)
          throw new NotYet(`for ${what}, the weights should move: on a mistake, (y − ŷ) is not 0`);
        const want = {
          values: [...w.map((wi, i) => wi + lr * err * x[i]), b + lr * err],
          shape: [w.length + 1],
        };
        const got = { values: [...newW, Number(out.b)], shape: [w.length + 1] };
        try {
          compare("w and b", got, want, opts);
        } catch {
          throw new NotYet(
            `not yet right for ${what}: check the direction (y − ŷ), the factor η and that b moves too`,
          );
        }
      }
    },
    opts.print,
  );
}

const GATES: Record<string, (a: number, b: number) => number> = {
  nand: (a, b) => 1 - a * b,
  and: (a, b) => a * b,
  or: (a, b) => Math.max(a, b),
};

/**
 * Check that a step perceptron with weights w and bias b computes a logic gate (nand, and, or).
 * @example
 * await dl.check.gate("nand", { w: [-2, -2], b: 3 });
 */
export async function gate(
  name: "nand" | "and" | "or",
  p: { w: number[]; b: number },
  opts: CheckOptions = {},
): Promise<CheckResult> {
  const key = String(name).toLowerCase();
  if (!Object.hasOwn(GATES, key))
    throw new ArgumentError(
      "dl.check.gate",
      "name",
      `one of ${Object.keys(GATES).join(", ")}`,
      describeValue(name),
    );
  return run(
    `${name.toUpperCase()} perceptron`,
    "",
    async () => {
      const { w, b } = await attempt("your weights", () => p);
      await gateRight(key, { w, b });
    },
    opts.print,
  );
}

const INPUTS: Array<[number, number]> = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
];

/** Throws NotYet naming the first input where the step perceptron (w, b) is not the gate. */
async function gateRight(key: string, p: { w: unknown; b: unknown } | undefined): Promise<void> {
  const name = key.toUpperCase();
  if (typeof p !== "object" || p === null)
    throw new NotYet(`the ${name} perceptron should be an object { w: [w₁, w₂], b }, got ${typeof p}`);
  const ws = await numbers(`${name}'s w`, p.w);
  if (ws.values.length !== 2)
    throw new NotYet(`${name}'s w should hold 2 weights (one per input), got ${ws.values.length}`);
  if (typeof p.b !== "number" || !Number.isFinite(p.b))
    throw new NotYet(`${name}'s b should be a number, got ${String(p.b)}`);
  for (const [x1, x2] of INPUTS) {
    const out = ws.values[0] * x1 + ws.values[1] * x2 + p.b > 0 ? 1 : 0;
    if (out !== GATES[key](x1, x2))
      throw new NotYet(
        `for inputs (${x1}, ${x2}) your ${name} perceptron outputs ${out}; the ${name} truth table says otherwise`,
      );
  }
}

/** A step perceptron as a student writes it: weights and bias. */
export interface StepWeights {
  w: number[];
  b: number;
}

/**
 * Check a one-hidden-layer XOR network made of step perceptrons, XOR = AND(OR(a, c), NAND(a, c)):
 * `fn()` returns the weights the student chose for the OR and the AND unit (NAND is the lecture's).
 * Each unit must compute its gate; the hint names the unit and the input where it does not.
 * @example
 * await dl.check.xorFromGates(() => ({ or: { w: [2, 2], b: -1 }, and: { w: [2, 2], b: -3 } }));
 */
export async function xorFromGates(
  fn: () => { or: StepWeights; and: StepWeights },
  opts: CheckOptions = {},
): Promise<CheckResult> {
  return run(
    "XOR from OR, NAND and AND",
    "",
    async () => {
      const units = await attempt("your function", fn);
      if (typeof units !== "object")
        throw new NotYet(`return { or: { w, b }, and: { w, b } }, got ${typeof units}`);
      await gateRight("or", units.or);
      await gateRight("and", units.and);
      // the network itself, from the two units and the lecture's NAND (b = 3, w = [−2, −2])
      const step = (u: StepWeights, a: number, c: number) => (u.w[0] * a + u.w[1] * c + u.b > 0 ? 1 : 0);
      const nand: StepWeights = { w: [-2, -2], b: 3 };
      for (const [a, c] of INPUTS) {
        const h = [step(units.or, a, c), step(nand, a, c)];
        if (step(units.and, h[0], h[1]) !== (a ^ c))
          throw new NotYet(`the network AND(OR, NAND) is wrong for inputs (${a}, ${c})`);
      }
    },
    opts.print,
  );
}

/**
 * Check `fn(x1, x2)` → which side of the line w₀ + w₁x₁ + w₂x₂ = 0 a point is on (1 or 0), at 200 seeded points.
 * @example
 * await dl.check.decisionLine((x1, x2) => (1 + 3 * x1 - 2 * x2 > 0 ? 1 : 0), { w0: 1, w: [3, -2] });
 */
export async function decisionLine(
  fn: (x1: number, x2: number) => number,
  line: { w0: number; w: [number, number] },
  opts: CheckOptions = {},
): Promise<CheckResult> {
  return run(
    "decision line",
    "",
    async () => {
      const r = rng("decision-line");
      for (let i = 0; i < 200; i++) {
        const [x1, x2] = [r.uniform(-3, 3), r.uniform(-3, 3)];
        const z = line.w0 + line.w[0] * x1 + line.w[1] * x2;
        if (Math.abs(z) < 1e-9) continue;
        const got = await attempt("your function", () => fn(x1, x2));
        if (got !== 0 && got !== 1)
          throw new NotYet(`return the class, 1 or 0, got ${String(got).slice(0, 20)}`);
        if (got !== (z > 0 ? 1 : 0))
          throw new NotYet(
            `a point is put on the wrong side: the sign of w₀ + w₁x₁ + w₂x₂ decides the class`,
          );
      }
    },
    opts.print,
  );
}
