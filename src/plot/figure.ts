/**
 * What `dl.plot.*` returns: a small handle on the figure it showed. A cell's last value is printed
 * by the kernel with util.inspect; the handle prints as one line instead of the payload's JSON.
 */
import type { FigurePayload } from "../payload";
import { summarize } from "../figures/summary";

/** Node's util.inspect (the kernel's execute_result) calls the method under this symbol. */
const INSPECT = Symbol.for("nodejs.util.inspect.custom");

/**
 * A shown figure: `.payload` holds the data, `.kind` its kind; it prints as `Figure(<summary>)`.
 * @example
 * const f = dl.plot.scatter({ x: [0, 1], y: [1, 0] });
 * f.kind;       // "scatter"
 * String(f);    // "Figure(scatter: points (2 points))"
 */
export class Figure<P extends FigurePayload = FigurePayload> {
  /** The one-line summary (first line of the text a terminal shows). */
  readonly summary: string;

  constructor(
    /** The figure payload that was displayed (what the extension renders). */
    readonly payload: P,
    text?: string,
  ) {
    this.summary = (text ?? summarize(payload)).split("\n")[0];
  }

  /** The payload's kind: "history", "decision-boundary", "scatter", … */
  get kind(): P["kind"] {
    return this.payload.kind;
  }

  /** `Figure(<one-line summary>)`. */
  toString(): string {
    return `Figure(${this.summary})`;
  }

  /** JSON.stringify(figure) gives the payload. */
  toJSON(): P {
    return this.payload;
  }

  [INSPECT](): string {
    return this.toString();
  }
}
