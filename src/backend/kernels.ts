/**
 * Which tfjs kernels a model needs to train: measured, not listed by hand. One training step on a
 * tiny batch of zeros runs inside `tf.profile`, on the backend in use or, when that lacks a kernel,
 * on cpu (which has every kernel); the kernels it ran (forward, loss, gradients — a gradient runs
 * inside the step, so kernels only gradients call are in it —, optimizer update, and a prediction)
 * are the answer.
 * The model's weights, its optimizer and its dropout streams are left as they were.
 */
import * as tf from "@tensorflow/tfjs";
import { SeededDropout } from "../seeded-dropout";
import { activateCpu } from "./activate";
import { STANDS_FOR } from "./lean-kernels";

/** Where the probe runs when the backend in use lacks a kernel: cpu has every kernel tfjs-layers uses, else TensorFlow's. */
const PROBE_ON = ["cpu", "tensorflow"] as const;

const memo = new WeakMap<tf.LayersModel, { sig: string; optimizer?: tf.Optimizer; kernels: string[] }>();

/** True for tfjs's "Kernel 'X' not registered for backend 'y'" error. */
export function isMissingKernel(e: unknown): boolean {
  return /Kernel '.+' not registered/.test(String((e as Error)?.message ?? e));
}

/**
 * The kernels of `names` that the tfjs backend `backend` has not registered (its module must be loaded).
 * @example
 * lacking(["Conv2D", "Conv2DBackpropFilter"], "wasm"); // ["Conv2DBackpropFilter"]
 */
export function lacking(names: readonly string[], backend: string): string[] {
  return names.filter((k) => !tf.getKernel(k, backend));
}

/** What a change to the model that could change its kernels looks like. */
function signature(model: tf.LayersModel): string {
  const layers = model.layers.map((l) => `${l.name}/${l.getClassName()}/${l.trainable}`).join(",");
  const losses = [model.loss].flat().map((l) => (typeof l === "string" ? l : (l as { name?: string })?.name));
  return [layers, model.optimizer?.getClassName(), losses.join(","), model.metricsNames?.join(",")].join("|");
}

/** Settings that do not change which kernels run: names, initial values and their seeds. */
const IRRELEVANT = /^(name|seed)$|Initializer$/;

/**
 * The model's architecture as text (layer kinds and settings, loss, optimizer kind, metrics): two
 * models alike in it run the same kernels, so a sweep over seeds measures once. Undefined when a
 * layer cannot say its settings.
 */
function architecture(model: tf.LayersModel): string | undefined {
  try {
    const layers = model.layers.map((l) => [
      l.getClassName(),
      l.trainable,
      Object.entries(l.getConfig()).filter(([k]) => !IRRELEVANT.test(k)),
    ]);
    return JSON.stringify([layers, signature(model).split("|").slice(1)]);
  } catch {
    return undefined;
  }
}

const byArchitecture = new Map<string, string[]>();

/**
 * The names of the tfjs kernels that training `model` runs, sorted; memoised per model until its
 * layers, trainable flags, loss or optimizer change, and per architecture (a model alike in its
 * layers' settings, loss and optimizer kind is not measured again). Measured on the backend tfjs is on (a step
 * there is quick), and on cpu when that one lacks a kernel (a step there can take 0.1–0.4 s).
 * Undefined when no probe step could run (then training will say what is wrong).
 * @example
 * await modelKernels(cnn); // ["Add", "Conv2D", "Conv2DBackpropFilter", …, "MaxPool", "MaxPoolGrad", …]
 */
export async function modelKernels(model: tf.LayersModel): Promise<string[] | undefined> {
  const sig = signature(model);
  const m = memo.get(model);
  if (m && m.sig === sig && m.optimizer === model.optimizer) return m.kernels;
  const arch = architecture(model);
  const known = arch === undefined ? undefined : byArchitecture.get(arch);
  if (known) return known;
  const current = tf.getBackend();
  const on = [current, ...PROBE_ON.filter((b) => b !== current)].filter((b) => tf.findBackendFactory(b));
  for (const b of on) {
    let kernels: string[] | undefined;
    try {
      kernels = (await probeOn(model, b, false)) ?? (await probeOn(model, b, true));
    } catch (e) {
      if (isMissingKernel(e)) continue; // this backend lacks one: measure on one that has them all
      throw e;
    }
    if (!kernels) return undefined;
    memo.set(model, { sig, optimizer: model.optimizer, kernels });
    if (arch !== undefined) {
      if (byArchitecture.size >= 200) byArchitecture.clear(); // a long session: start again
      byArchitecture.set(arch, kernels);
    }
    return kernels;
  }
  return undefined;
}

/**
 * Profile one step on backend `on` (with the compiled loss, or a plain mean when `plain`), restoring
 * the weights, optimizer and dropout streams after; undefined when the step failed for a reason
 * other than a missing kernel (thrown).
 */
async function probeOn(model: tf.LayersModel, on: string, plain: boolean): Promise<string[] | undefined> {
  const before = tf.getBackend();
  if (before === "webgpu" && on !== before) await weightsTo(on, model); // moving data reads synchronously: not on WebGPU
  if (on === "cpu")
    await activateCpu(); // without tfjs's "install our node backend" banner
  else await tf.setBackend(on);
  // tfjs tensors are immutable: a clone keeps the old values alive while the step assigns new ones
  const saved = model.weights.map((w) => tf.clone(w.read()));
  const dropouts = model.layers.filter((l) => l instanceof SeededDropout) as unknown as { calls: number }[];
  const calls = dropouts.map((d) => d.calls);
  let failed: unknown;
  try {
    // an error must not escape tf.profile: tfjs would stay in profiling mode
    const info = await tf.profile(() => step(model, plain).catch((e) => void (failed = e ?? "error")));
    if (failed !== undefined) {
      dropTape();
      if (isMissingKernel(failed)) throw failed;
      return undefined;
    }
    // the profile also lists op scopes of custom gradients (fusedMatMul__op): keep only real kernels
    // dlab's lean kernels on tensorflow (lean-kernels.ts) count as the tfjs kernels they stand for
    const ran = info.kernelNames.filter((k) => tf.getKernel(k, on)).flatMap((k) => STANDS_FOR[k] ?? [k]);
    return [...new Set(ran)].sort();
  } finally {
    model.weights.forEach((w, i) => (w.read() as tf.Variable).assign(saved[i]));
    tf.dispose(saved);
    dropouts.forEach((d, i) => (d.calls = calls[i]));
    await tf.setBackend(before);
  }
}

/**
 * After a step failed inside its backward pass, free what tfjs keeps for it: the tensors saved for
 * the gradients and the forward outputs (the loss, the metrics) recorded on the gradient tape.
 */
function dropTape(): void {
  type Node = { saved?: tf.Tensor[]; outputs?: tf.Tensor[] };
  const state = tf.engine().state as unknown as { activeTape: Node[] | null; gradientDepth: number };
  if (state.gradientDepth !== 0 || !state.activeTape) return;
  for (const node of state.activeTape) tf.dispose([...(node.saved ?? []), ...(node.outputs ?? [])]);
  state.activeTape = null;
}

/** Copy the weights' values to backend `on` through asynchronous reads. */
async function weightsTo(on: string, model: tf.LayersModel): Promise<void> {
  const values = await Promise.all(model.weights.map((w) => w.read().data()));
  const from = tf.getBackend();
  await tf.setBackend(on);
  model.weights.forEach((w, i) => {
    const t = tf.tensor(values[i], w.shape as number[], w.dtype);
    (w.read() as tf.Variable).assign(t);
    t.dispose();
  });
  await tf.setBackend(from);
}

/** Inputs of zeros: a batch of 2 (batch norm needs more than one), unknown lengths 2. */
function zeroInputs(model: tf.LayersModel): tf.Tensor[] {
  return model.inputs.map((i) => tf.zeros([2, ...i.shape.slice(1).map((d) => d ?? 2)], i.dtype));
}

/** One prediction and one training step as `trainOnBatch` runs it, with a throwaway copy of the optimizer. */
async function step(model: tf.LayersModel, plain: boolean): Promise<void> {
  const xs = zeroInputs(model);
  const preds = [model.predict(xs)].flat();
  // a tf.Sequential trains through the LayersModel inside it, which holds the optimizer
  const fields = ((model as unknown as { model?: unknown }).model ?? model) as {
    optimizer_?: tf.Optimizer;
    isOptimizerOwned: boolean;
  };
  const [own, owned] = [fields.optimizer_, fields.isOptimizerOwned];
  const optimizer = copyOf(own);
  try {
    if (own && model.loss && !plain) {
      const losses = [model.loss].flat();
      const ys = preds.map((p, i) => (isSparse(losses[i] ?? losses[0]) ? tf.zeros([2, 1]) : tf.zerosLike(p)));
      fields.optimizer_ = optimizer; // trainOnBatch reads it at each call
      try {
        await model.trainOnBatch(xs, ys);
      } finally {
        [fields.optimizer_, fields.isOptimizerOwned] = [own, owned];
        tf.dispose(ys);
      }
    } else {
      // not compiled, or the compiled loss did not take targets of zeros: a plain mean as the loss
      const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
      optimizer.minimize(() => tf.mean(model.apply(xs, { training: true }) as tf.Tensor), false, vars);
    }
  } finally {
    disposeCopy(optimizer);
    tf.dispose([...xs, ...preds]);
  }
}

function isSparse(loss: unknown): boolean {
  const name = typeof loss === "string" ? loss : (loss as { name?: string })?.name;
  return /^sparseCategoricalCrossentropy$/i.test(name ?? "");
}

/** Dispose the throwaway optimizer and every tensor it holds (tfjs 4.22's momentum forgets its lr scalar). */
function disposeCopy(opt: tf.Optimizer): void {
  opt.dispose();
  for (const v of Object.values(opt)) if (v instanceof tf.Tensor && !v.isDisposed) v.dispose();
}

/** A fresh optimizer of the same kind and settings (its state is created anew, then disposed). */
function copyOf(opt: tf.Optimizer | undefined): tf.Optimizer {
  if (opt) {
    try {
      const cls = opt.constructor as unknown as {
        fromConfig(c: unknown, cfg: tf.serialization.ConfigDict): tf.Optimizer;
      };
      return cls.fromConfig(cls, opt.getConfig());
    } catch {
      // a hand-written optimizer without fromConfig: plain SGD finds the model's own kernels
    }
  }
  return tf.train.sgd(0.01);
}
