/**
 * What every dlab optimizer is: a published rule applied element by element to a parameter
 * vector θ with gradient g, with readable state and an equivalent tfjs optimizer.
 */
import * as tf from "@tensorflow/tfjs";
import { ArgumentError, describeValue } from "../errors";

/** Internal state of an optimizer, one array per slot (e.g. Adam's m and v), as long as θ. */
export type OptimizerState = Record<string, number[]>;

/** A small optimizer on parameter vectors: the rule is readable, the state inspectable. */
export interface Optimizer {
  /** Display name, e.g. "Adam". */
  readonly name: string;
  /** The update rule in the lecture's notation (plain text, one line). */
  readonly rule: string;
  /** Where the rule is published. */
  readonly reference: string;
  /** Learning rate η; a schedule may change it between steps. */
  lr: number;
  /** The other hyper-parameters (β₁, ρ, ε, …). */
  readonly hyper: Readonly<Record<string, number>>;
  /** The slots (velocity, moments, accumulators); empty until the first step. */
  readonly state: OptimizerState;
  /** Number of steps taken so far (Adam's t after a step). */
  readonly t: number;
  /** Take one step: returns the new θ (the input array is left unchanged). */
  step(theta: readonly number[], grad: readonly number[]): number[];
  /** Forget the state (slots and t), keeping η and the hyper-parameters. */
  reset(): void;
  /** A new optimizer with the same η and hyper-parameters and no state. */
  fresh(): Optimizer;
  /** The equivalent tfjs optimizer for real models (dispose it with the model). */
  toTf(): tf.Optimizer;
}

/** What each optimizer defines: its slots and the per-element rule (internal). */
export interface Spec {
  name: string;
  rule: string;
  reference: string;
  lr: number;
  hyper: Record<string, number>;
  /** Slot name → initial value of every element. */
  slots: Record<string, number>;
  /** Update element i in place of the slots; returns the new θᵢ. t counts from 1. */
  update(
    theta: number,
    g: number,
    s: OptimizerState,
    i: number,
    h: Record<string, number>,
    lr: number,
    t: number,
  ): number;
  toTf(lr: number, h: Record<string, number>): tf.Optimizer;
}

/**
 * Throw a RangeError naming the option unless lo ≤ v ≤ hi.
 * @example
 * checkHyper("dl.optimizers.adam", "beta1", 0.9, 0, 1); // passes
 */
export function checkHyper(fn: string, name: string, v: number, lo: number, hi: number): void {
  if (typeof v !== "number" || !(v >= lo && v <= hi)) {
    throw new ArgumentError(fn, `opts.${name}`, `a number in [${lo}, ${hi}]`, describeValue(v));
  }
}

/**
 * Build an optimizer object from its spec: slots created on the first step, t counted from 1.
 * @example
 * const id = make({ name: "Id", rule: "θ ← θ", reference: "-", lr: 1, hyper: {}, slots: {}, update: (th) => th, toTf: (lr) => tf.train.sgd(lr) });
 */
export function make(spec: Spec): Optimizer {
  const fn = `dl.optimizers.${spec.name.toLowerCase()}`;
  checkHyper(fn, "lr", spec.lr, 0, Infinity);
  const state: OptimizerState = {};
  let t = 0;
  const opt: Optimizer = {
    name: spec.name,
    rule: spec.rule,
    reference: spec.reference,
    lr: spec.lr,
    hyper: Object.freeze({ ...spec.hyper }),
    state,
    get t() {
      return t;
    },
    step(theta, grad) {
      if (!Array.isArray(theta) && !ArrayBuffer.isView(theta)) {
        throw new ArgumentError(`${fn}.step`, "theta", "an array of numbers", describeValue(theta));
      }
      if (!grad || grad.length !== theta.length) {
        throw new ArgumentError(
          `${fn}.step`,
          "grad",
          `the length of theta (${theta.length})`,
          grad ? String(grad.length) : String(grad),
        );
      }
      // slots start at their initial value the first time (or again after the size changed)
      for (const [slot, init] of Object.entries(spec.slots)) {
        if (!state[slot] || state[slot].length !== theta.length)
          state[slot] = new Array(theta.length).fill(init);
      }
      t += 1;
      return Array.from(theta, (th, i) => spec.update(th, grad[i], state, i, spec.hyper, opt.lr, t));
    },
    reset() {
      for (const k of Object.keys(state)) delete state[k];
      t = 0;
    },
    fresh: () => make({ ...spec, lr: opt.lr }),
    toTf: () => spec.toTf(opt.lr, spec.hyper),
  };
  return opt;
}

/**
 * tf.train.momentum whose dispose() also frees the learning-rate scalar: tfjs 4.22's
 * MomentumOptimizer.dispose() skips SGD's, leaking one tensor per optimizer.
 * @example
 * const opt = momentumTf(0.1, 0.9); opt.dispose(); // frees every tensor it made
 */
export function momentumTf(lr: number, mu: number): tf.Optimizer {
  const opt = tf.train.momentum(lr, mu);
  const own = opt.dispose.bind(opt);
  opt.dispose = () => {
    own();
    const c = (opt as unknown as { c?: tf.Tensor }).c;
    if (c && !c.isDisposed) c.dispose();
  };
  return opt;
}
