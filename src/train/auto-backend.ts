/**
 * Before the first step of `dl.train` (and of a `fit` with `dl.train.callbacks()`): train on the
 * student's preferred backend if it has every kernel the model needs (forward and gradient,
 * measured by one profiled step, see backend/kernels.ts), else on the fastest other one that has
 * them all (tensorflow before cpu, even when wasm was preferred: cpu trains a CNN ~100× slower),
 * saying so in one line; the next model that the preferred backend can train goes back
 * to it. The preference is the backend tfjs is on (dl.backend()'s choice, DLAB_BACKEND, or the
 * student's own tf.setBackend), or dl.backend()'s choice when nobody chose one (in Node tfjs would
 * otherwise stay on its slow default cpu). Only a backend forced in code with
 * `dl.backend({ force })` is kept at any price: a model it cannot train is an error.
 * A small model (trainable weights × batch size under 300,000, see small-model.ts) trains on wasm
 * when dl.backend() chose TensorFlow's CPU kernels by itself: wasm is faster for it. A backend chosen
 * by DLAB_BACKEND, `force` or tf.setBackend, and TensorFlow on a GPU, are kept.
 */
import * as tf from "@tensorflow/tfjs";
import { backend } from "../backend";
import { chosenBackend, forcedByCode, useFirstWith, type PassedOver } from "../backend/choose";
import { lacking, modelKernels } from "../backend/kernels";
import { ORDER, type BackendName } from "../backend/report";
import { DEFAULT_BATCH, largerModel, smallOnWasm, stepSize } from "./small-model";

/**
 * True when tfjs is on `cpu` only because nothing else is registered (tfjs's own default). A cpu
 * backend chosen while a faster one is registered (by `dl.backend()`, or a student's
 * `tf.setBackend("cpu")` after importing one) was a choice, and is kept.
 * @example
 * onTfjsDefault(); // true in a fresh Node process that never called dl.backend()
 */
export function onTfjsDefault(): boolean {
  if (tf.getBackend() !== "cpu") return false;
  const registry = (tf.engine() as unknown as { registryFactory: Record<string, { priority: number }> })
    .registryFactory;
  const cpu = registry["cpu"]?.priority ?? 0;
  return Object.entries(registry).every(([name, f]) => name === "cpu" || f.priority < cpu);
}

/** The backend the student prefers, and who chose it. */
interface Preference {
  name: BackendName;
  how: "auto" | "env" | "set" | "force";
  /** True when dl.backend() chose it just now, as tfjs was on its default. */
  fresh?: boolean;
}

/**
 * Set when a model moved off the preferred backend: tfjs is then on `to`, the preference unchanged;
 * `small` when it moved because it was small (not for a kernel the preference lacks).
 */
let moved: { pref: Preference; to: string; small?: boolean } | undefined;

async function preference(): Promise<Preference | undefined> {
  if (onTfjsDefault()) {
    const r = await backend();
    moved = undefined;
    return { name: r.name, how: r.forced ? "env" : "auto", fresh: true };
  }
  const current = tf.getBackend();
  if (moved && current === moved.to) return moved.pref;
  moved = undefined; // the student (or dl.backend()) set a backend since
  if (!(ORDER as readonly string[]).includes(current)) return undefined;
  const name = current as BackendName;
  if (forcedByCode() === name) return { name, how: "force" };
  const chosen = await chosenBackend();
  if (chosen?.name === name) return { name, how: chosen.forced ? "env" : "auto" };
  return { name, how: "set" };
}

function whose(p: Preference): string {
  if (p.how === "env") return `DLAB_BACKEND=${p.name}, a preference`;
  if (p.how === "set") return "set with tf.setBackend";
  return p.fresh ? "dl.backend()'s choice, as no backend was chosen" : "dl.backend()'s choice";
}

/** The backends between the preferred one and the one used, in a few words each. */
function between(passed: PassedOver[]): string {
  return passed
    .slice(1)
    .map((p) => `; ${p.name} ${p.lack.length ? `lacks ${p.lack.join(", ")}` : "is not available here"}`)
    .join("");
}

/**
 * Put tfjs on a backend that can train `model` (see the module comment), trained in batches of
 * `batchSize`; returns the line printed, or undefined when nothing needed saying. Throws when
 * `dl.backend({ force })` chose one that cannot.
 * @example
 * await autoBackend(cnn); // "dl.train: this model trains on cpu, not wasm (dl.backend()'s choice): wasm lacks Conv2DBackpropFilter, …"
 * await autoBackend(tinyMlp, "dl.train", 16); // "dl.train: trains on wasm, faster than tensorflow for a model this small (…)"
 */
export async function autoBackend(
  model: tf.LayersModel,
  fn = "dl.train",
  batchSize = DEFAULT_BATCH,
): Promise<string | undefined> {
  const pref = await preference();
  if (!pref) return undefined; // a backend dlab does not know: left as it is
  // unmeasurable (no probe step ran): nothing known to lack; training will say what is wrong
  const kernels = (await modelKernels(model)) ?? [];
  const lack = lacking(kernels, pref.name);
  const current = tf.getBackend();
  let line: string | undefined;
  if (lack.length === 0) {
    const small = await smallReason(pref, model, batchSize);
    // useFirstWith puts tfjs on wasm if it starts here and has every kernel, else back on the preference
    if (small && (await useFirstWith(kernels, "wasm")).name === "wasm") {
      if (current !== "wasm" || pref.fresh)
        line =
          `${fn}: trains on wasm, faster than ${pref.name} for ${small}; ` +
          `await dl.backend({ force: "${pref.name}" }) keeps ${pref.name}`;
      moved = { pref, to: "wasm", small: true };
    } else {
      line = await backTo(pref, current, fn, model, batchSize);
      moved = undefined;
    }
  } else {
    if (pref.how === "force") throw new Error(forcedMessage(fn, pref.name, lack, kernels));
    const { name, passed } = await useFirstWith(kernels, pref.name);
    if (name !== current || pref.fresh)
      line =
        `${fn}: this model trains on ${name}, not ${pref.name} (${whose(pref)}): ${pref.name} lacks ` +
        `${lack.join(", ")}, which training it needs${between(passed)}; the next model ${pref.name} can train goes back to it` +
        (name === "cpu" && passed.some((p) => p.name === "tensorflow" && !p.lack.length)
          ? " (cpu is slow for this: `npm run setup` builds the tensorflow backend)"
          : "");
    moved = { pref, to: name };
  }
  if (line) console.log(line);
  return line;
}

/** Why `model` trains on wasm instead of the preference (see small-model.ts), or undefined. */
async function smallReason(
  p: Preference,
  model: tf.LayersModel,
  batchSize: number,
): Promise<string | undefined> {
  if (p.name !== "tensorflow" || p.how !== "auto") return undefined;
  const gpu = (await chosenBackend())?.native?.gpu ?? false;
  return smallOnWasm({ preferred: p.name, how: p.how, gpu, weights: stepSize(model).weights, batchSize });
}

/** Put tfjs on the preferred backend, which has every kernel; the line saying so, if one is needed. */
async function backTo(
  pref: Preference,
  current: string,
  fn: string,
  model: tf.LayersModel,
  batchSize: number,
): Promise<string | undefined> {
  if (current !== pref.name) {
    await tf.setBackend(pref.name);
    const why = moved?.small
      ? largerModel(stepSize(model).weights, batchSize)
      : "it has every kernel this model needs";
    return `${fn}: back on ${pref.name} (${whose(pref)}): ${why}`;
  }
  if (!pref.fresh) return undefined;
  const r = await backend();
  return (
    `${fn}: no backend was chosen, so dl.backend() chose ${r.name}: ${r.reason}` +
    (r.name === "cpu"
      ? ""
      : ` (to train on tfjs's cpu backend instead, call await dl.backend({ force: "cpu" }) first)`)
  );
}

function forcedMessage(fn: string, name: BackendName, lack: string[], kernels: string[]): string {
  const can = ORDER.filter((b) => tf.findBackendFactory(b) && lacking(kernels, b).length === 0);
  return (
    `${fn}: dl.backend({ force: "${name}" }) chose a backend that cannot train this model: ${name} lacks ` +
    `${lack.join(", ")} (${lack.length === 1 ? "a kernel" : "kernels"} its training runs). Call await dl.backend() without force (dlab then moves ` +
    `each model to a backend that can train it)${can.length ? `, or force one that has them all: ${can.join(", ")}` : ""}.`
  );
}
