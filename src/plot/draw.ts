/**
 * Where a `dl.plot.*` call draws: a new output (`dl.plot.x(…)`), or the one output of a live plot
 * (`live.x(…)`, see live.ts), which the same functions redraw in place. The plot functions read the
 * target from `this`, so `dl.plot.scatter(…)` and `live.scatter(…)` are one function.
 */
import * as tf from "@tensorflow/tfjs";
import { SHOWN_IN_KEY } from "../bridge";
import { currentSignal, show } from "../display";
import { ArgumentError } from "../errors";
import type { FigurePayload } from "../payload";
import { Figure } from "./figure";

/** The key under which a live plot keeps its redraw method. */
export const REDRAW = Symbol("dlab.plot.redraw");

/** What a plot function may be called on: `dl.plot`, a live plot, or nothing (a detached function). */
export type PlotTarget = unknown;

/** Draw the payload on the target (a live plot's output, else a new output) and hand back its handle. */
export function draw<P extends FigurePayload>(target: PlotTarget, payload: P, text?: string): Figure<P> {
  const redraw = (target as { [REDRAW]?: (p: FigurePayload) => void } | undefined)?.[REDRAW];
  if (typeof redraw === "function") redraw.call(target, payload);
  else show(payload, text);
  const fig = new Figure(payload, text);
  // shown by this cell: the kernel need not print the handle under the figure too
  Object.defineProperty(fig, SHOWN_IN_KEY, { value: currentSignal(), enumerable: false });
  return fig;
}

/** Numbers from an array, typed array or tensor (tensors read with `await data()`, which works on every backend). */
export async function numbers(v: unknown): Promise<number[]> {
  if (v instanceof tf.Tensor) return Array.from(await v.data());
  return Array.from(v as ArrayLike<number>);
}

/** Columns of 2-D points from rows (nested arrays) or an [n, 2] tensor. */
export async function points2(fn: string, arg: string, x: unknown): Promise<{ x: number[]; y: number[] }> {
  const rows = x instanceof tf.Tensor ? ((await x.array()) as number[][]) : (x as number[][]);
  if (!Array.isArray(rows)) throw new ArgumentError(fn, arg, "2-D points (n × 2)", typeof rows);
  const bad = rows.findIndex((r) => !Array.isArray(r) || r.length !== 2);
  if (bad >= 0)
    throw new ArgumentError(
      fn,
      arg,
      "2-D points (n × 2)",
      `row ${bad} of length ${Array.isArray(rows[bad]) ? rows[bad].length : typeof rows[bad]}`,
    );
  return { x: rows.map((r) => r[0]), y: rows.map((r) => r[1]) };
}
