/**
 * Before `dl.train`'s first step: if nobody chose a tfjs backend, choose the fastest that can train
 * the model. In Node tfjs otherwise stays on its default `cpu` backend, often several times slower.
 */
import * as tf from "@tensorflow/tfjs";
import { backendFor } from "../backend";

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

/**
 * Call the memoised `dl.backendFor(model)` when tfjs is on its default, and say what it chose;
 * returns the line printed, or undefined when the backend was left as it was.
 * @example
 * await autoBackend(model); // "dl.train: no backend was chosen, so dl.backend() chose wasm: …"
 */
export async function autoBackend(model: tf.LayersModel): Promise<string | undefined> {
  if (!onTfjsDefault()) return undefined;
  const r = await backendFor(model);
  if (tf.getBackend() !== r.name) await tf.setBackend(r.name);
  const line =
    `dl.train: no backend was chosen, so dl.backend() chose ${r.name}: ${r.reason}` +
    (r.name === "cpu"
      ? ""
      : ` (to train on tfjs's cpu backend instead, call await dl.backend({ force: "cpu" }) first)`);
  console.log(line);
  return line;
}
