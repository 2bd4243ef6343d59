/** How a training history prints as a cell's last value: one line, not its arrays and figure. */
import { fmt } from "../format";
import type { TrainHistory } from "./options";

const INSPECT = Symbol.for("nodejs.util.inspect.custom");

/**
 * One line: epochs, each value's first → last, and how it ended.
 * @example
 * historyLine({ epoch: [1, 2], history: { loss: [0.5, 0.2] }, stopReason: "completed" });
 * // "History(2 epochs, loss 0.5 → 0.2)"
 */
export function historyLine(h: Pick<TrainHistory, "epoch" | "history" | "stopReason">): string {
  const parts = Object.entries(h.history)
    .filter(([, v]) => v.length > 0)
    .map(([k, v]) => `${k} ${fmt(v[0])} → ${fmt(v[v.length - 1])}`);
  const end = h.stopReason === "completed" ? "" : `, ${h.stopReason}`;
  const n = h.epoch.length;
  return `History(${n} epoch${n === 1 ? "" : "s"}${parts.length ? ", " : ""}${parts.join(", ")}${end})`;
}

/**
 * The same object, printing as {@link historyLine} (util.inspect and String); fields unchanged.
 * @example
 * String(compact(h)); // "History(20 epochs, loss 0.69 → 0.12, …)"
 */
export function compact<T extends TrainHistory>(h: T): T {
  const line = () => historyLine(h);
  // non-enumerable: JSON, spreads and deep equality see only the data fields
  Object.defineProperty(h, INSPECT, { value: line, enumerable: false });
  Object.defineProperty(h, "toString", { value: line, enumerable: false });
  return h;
}
