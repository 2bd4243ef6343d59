/**
 * Learning-rate decay: η as a function of the step (or epoch) t, counted from 0. A schedule drives
 * a dlab optimizer in your own loop (`opt.lr = schedule(t)`) or a tfjs model's optimizer during
 * `fit` (`callback(schedule)`).
 */
import * as tf from "@tensorflow/tfjs";
import type { Optimizer } from "./optimizers";
import { ArgumentError, describeValue } from "./errors";

/** A learning-rate schedule: η at step t (t = 0, 1, 2, …), with a readable description. */
export interface Schedule {
  (t: number): number;
  /** The formula with its numbers, e.g. "η = 0.1 · 0.5^⌊t/10⌋". */
  readonly description: string;
}

/** `arg` is "opts.<name>" for a schedule's options, or a plain argument name. */
function checkPositive(fn: string, arg: string, v: unknown, allowZero = false): number {
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0 || (!allowZero && v === 0)) {
    const want = `a ${allowZero ? "non-negative" : "positive"} number`;
    throw new ArgumentError(`dl.schedules.${fn}`, arg, want, describeValue(v));
  }
  return v;
}

/** A schedule made by dl.schedules.<fn>; its own argument t is checked too. */
function make(fn: string, description: string, f: (t: number) => number): Schedule {
  const s = (t: number): number => {
    if (typeof t !== "number" || !(t >= 0)) {
      throw new ArgumentError(`the dl.schedules.${fn} schedule`, "t", "a step number ≥ 0", describeValue(t));
    }
    return f(t);
  };
  return Object.assign(s, { description });
}

/**
 * A constant learning rate (no decay), for comparison.
 * @example
 * dl.schedules.constant({ lr0: 0.1 })(50); // 0.1
 */
export function constant(opts: { /** η. */ lr0: number }): Schedule {
  const lr0 = checkPositive("constant", "opts.lr0", opts?.lr0);
  return make("constant", `η = ${lr0}`, () => lr0);
}

/**
 * Step decay: η = η₀ · drop^⌊t / every⌋ — the rate falls by a factor every few epochs.
 * @example
 * dl.schedules.step({ lr0: 0.1, drop: 0.5, every: 10 })(25); // 0.025
 */
export function step(opts: {
  /** η₀. */ lr0: number;
  /** Factor per drop. Defaults to 0.5. */ drop?: number;
  /** Steps between drops. Defaults to 10. */ every?: number;
}): Schedule {
  const lr0 = checkPositive("step", "opts.lr0", opts?.lr0);
  const drop = checkPositive("step", "opts.drop", opts.drop ?? 0.5);
  const every = checkPositive("step", "opts.every", opts.every ?? 10);
  return make(
    "step",
    `η = ${lr0} · ${drop}^⌊t/${every}⌋`,
    (t) => lr0 * Math.pow(drop, Math.floor(t / every)),
  );
}

/**
 * Exponential decay: η = η₀ · rate^(t / decaySteps) — a smooth fall by `rate` every `decaySteps`.
 * @example
 * dl.schedules.exponential({ lr0: 0.1, rate: 0.5, decaySteps: 10 })(10); // 0.05
 */
export function exponential(opts: {
  /** η₀. */ lr0: number;
  /** Factor per decaySteps. Defaults to 0.96. */ rate?: number;
  /** Defaults to 1. */ decaySteps?: number;
}): Schedule {
  const lr0 = checkPositive("exponential", "opts.lr0", opts?.lr0);
  const rate = checkPositive("exponential", "opts.rate", opts.rate ?? 0.96);
  const decaySteps = checkPositive("exponential", "opts.decaySteps", opts.decaySteps ?? 1);
  return make(
    "exponential",
    `η = ${lr0} · ${rate}^(t/${decaySteps})`,
    (t) => lr0 * Math.pow(rate, t / decaySteps),
  );
}

/**
 * 1/t decay: η = η₀ / (1 + k·t) — the classic condition for SGD to converge (Σ η = ∞, Σ η² < ∞).
 * @example
 * dl.schedules.inverseTime({ lr0: 0.1, k: 1 })(9); // 0.01
 */
export function inverseTime(opts: {
  /** η₀. */ lr0: number;
  /** Decay speed k. Defaults to 0.1. */ k?: number;
}): Schedule {
  const lr0 = checkPositive("inverseTime", "opts.lr0", opts?.lr0);
  const k = checkPositive("inverseTime", "opts.k", opts.k ?? 0.1, true);
  return make("inverseTime", `η = ${lr0} / (1 + ${k}·t)`, (t) => lr0 / (1 + k * t));
}

/**
 * Set the learning rate of a dlab optimizer or a tfjs optimizer (SGD and Momentum cache −η, so
 * their own setter is used).
 * @example
 * dl.schedules.setLearningRate(model.optimizer, 0.01);
 */
export function setLearningRate(opt: Optimizer | tf.Optimizer, lr: number): void {
  const fn = "dl.schedules.setLearningRate";
  checkPositive("setLearningRate", "lr", lr, true);
  const o = opt as unknown as { setLearningRate?: (v: number) => void; learningRate?: number; lr?: number };
  if (o instanceof tf.Optimizer) {
    if (typeof o.setLearningRate === "function") o.setLearningRate(lr);
    else if (typeof o.learningRate === "number") o.learningRate = lr;
    else {
      const got = `a tfjs ${o.constructor.name}, which has no learning rate to set`;
      throw new ArgumentError(fn, "opt", "an optimizer with a learning rate", got);
    }
  } else if (opt && typeof (opt as Optimizer).step === "function") (opt as Optimizer).lr = lr;
  else {
    const hint = "Pass model.optimizer, or an optimizer from dl.optimizers.";
    throw new ArgumentError(fn, "opt", "a dlab or tfjs optimizer", describeValue(opt), hint);
  }
}

/** Options of {@link callback}. */
export interface ScheduleCallbackOptions {
  /** Advance t once per "epoch" or once per "batch". Defaults to "epoch". */
  per?: "epoch" | "batch";
}

/**
 * A tfjs callback that sets the model's learning rate from a schedule before each epoch (or batch).
 * @example
 * await model.fit(x, y, { epochs: 30, callbacks: [dl.schedules.callback(dl.schedules.step({ lr0: 0.1, every: 10 }))] });
 */
export function callback(schedule: Schedule, opts: ScheduleCallbackOptions = {}): tf.Callback {
  const fn = "dl.schedules.callback";
  if (typeof schedule !== "function") {
    const hint = "Make one with dl.schedules.step({ lr0: 0.1 }) or another dl.schedules maker.";
    throw new ArgumentError(fn, "schedule", "a schedule function", describeValue(schedule), hint);
  }
  const per = opts.per ?? "epoch";
  if (per !== "epoch" && per !== "batch")
    throw new ArgumentError(fn, "opts.per", '"epoch" or "batch"', describeValue(per));
  class LearningRateSchedule extends tf.Callback {
    private t = 0;
    private apply(t: number): void {
      const model = this.model as tf.LayersModel | undefined;
      if (model?.optimizer) setLearningRate(model.optimizer, schedule(t));
    }
    override async onEpochBegin(epoch: number): Promise<void> {
      if (per === "epoch") this.apply(epoch);
    }
    override async onBatchBegin(): Promise<void> {
      if (per === "batch") this.apply(this.t++);
    }
  }
  return new LearningRateSchedule();
}
