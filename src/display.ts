/**
 * The only file of the helper package that talks to the kernel.
 *
 * Inside the dlab kernel a {@link KernelBridge} sits at `globalThis[BRIDGE_KEY]`; outside one
 * (plain node, vitest) every call degrades to printing the one-line `text/plain` summary.
 */
import { BRIDGE_KEY, type KernelBridge, type MimeBundle } from "./bridge";
import { ArgumentError, describeValue } from "./errors";
import { summarize } from "./figures/summary";
import { FIGURE_MIME, type FigurePayload } from "./payload";

/** The kernel's bridge, or undefined outside the dlab kernel. */
function bridge(): KernelBridge | undefined {
  return (globalThis as Record<symbol, unknown>)[BRIDGE_KEY] as KernelBridge | undefined;
}

/**
 * True when running inside the dlab kernel (figures render), false in plain node (text only).
 * @example
 * import * as dl from "dlab";
 * dl.inKernel(); // false in a terminal
 */
export function inKernel(): boolean {
  return bridge() !== undefined;
}

/** The MIME bundle of a figure: the payload plus its one-line text. */
function bundle(payload: FigurePayload, text?: string): MimeBundle {
  return { [FIGURE_MIME]: payload, "text/plain": text ?? summarize(payload) };
}

/**
 * Display a figure once: a rendered figure in the kernel, its text/plain line elsewhere.
 * @example
 * import * as dl from "dlab";
 * dl.show({ kind: "scatter", series: [{ name: "a", x: [0, 1], y: [1, 0] }] });
 */
export function show(payload: FigurePayload, text?: string): void {
  const b = bridge();
  if (b) b.display(bundle(payload, text));
  else console.log(text ?? summarize(payload));
}

/**
 * The cancellation signal of the running cell; outside a kernel a signal that never aborts.
 * @example
 * import * as dl from "dlab";
 * const signal = dl.currentSignal();
 * for (let i = 0; i < 10 && !signal.aborted; i++) { }
 */
export function currentSignal(): AbortSignal {
  return bridge()?.currentSignal() ?? new AbortController().signal;
}

/**
 * The running cell (same `id` on every execution of it, new `execution` each time), or undefined
 * outside the dlab kernel.
 * @example
 * import * as dl from "dlab";
 * dl.currentCell(); // undefined in a terminal
 */
export function currentCell(): { id: string; execution: string } | undefined {
  return bridge()?.cell?.();
}

/**
 * Ask the person at the notebook for a line of text, as `input()` does in Python: the notebook
 * shows a text box under the cell, and the answer comes back as a string. With
 * `{ password: true }` the typing is hidden. Needs the dlab kernel.
 * @example
 * import * as dl from "dlab";
 * const name = await dl.input("Your name? ");
 */
export async function input(prompt = "", options: { password?: boolean } = {}): Promise<string> {
  if (typeof prompt !== "string")
    throw new ArgumentError("dl.input", "prompt", "a string", describeValue(prompt));
  if (typeof options !== "object" || options === null) {
    throw new ArgumentError(
      "dl.input",
      "options",
      "an object such as { password: true }",
      describeValue(options),
    );
  }
  const b = bridge();
  if (!b) {
    throw new Error(
      "dl.input asks the person at the notebook, so it needs the dlab kernel; in plain node, read process.stdin",
    );
  }
  return b.input(prompt, { password: options.password === true });
}

/** Options of {@link LiveFigure}. */
export interface LiveFigureOptions {
  /** Least time between two sends, in ms. Defaults to 250 (at most 4 updates a second). */
  minIntervalMs?: number;
}

let nextId = 0;

/**
 * One output updated in place: at most 4 sends a second, the last pending state always flushed,
 * and `finish()` sends the final state (marked `final: true`). Outside a kernel it prints only
 * its final line.
 * @example
 * import * as dl from "dlab";
 * const fig = new dl.LiveFigure();
 * for (let i = 1; i <= 100; i++) fig.update({ kind: "scatter", series: [{ name: "n", x: [i], y: [i * i] }] });
 * fig.finish();
 */
export class LiveFigure {
  /** The Jupyter display id of this output. */
  readonly displayId = `dlab-${process.pid}-${Date.now().toString(36)}-${nextId++}`;
  /** How many messages went to the kernel (for tests and curiosity). */
  sends = 0;
  private readonly minInterval: number;
  private lastSent = -Infinity;
  private shown = false;
  private finished = false;
  private pending: FigurePayload | undefined;
  private latest: FigurePayload | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(opts: LiveFigureOptions = {}) {
    this.minInterval = opts.minIntervalMs ?? 250;
  }

  /** True when an update now would be sent at once (lets callers skip building costly payloads). */
  due(): boolean {
    return Date.now() - this.lastSent >= this.minInterval;
  }

  /** Replace the figure's state; sent now if the last send is old enough, else on a timer. */
  update(payload: FigurePayload): void {
    if (this.finished) throw new Error("LiveFigure.update: expected a live figure, got one already finished");
    this.latest = payload;
    this.pending = payload;
    if (!bridge()) return; // outside a kernel only the final line is printed
    if (this.due()) this.flush();
    else if (!this.timer) {
      // the trailing state must go out even if no further update comes
      this.timer = setTimeout(
        () => {
          this.timer = undefined;
          this.flush();
        },
        this.minInterval - (Date.now() - this.lastSent),
      );
    }
  }

  /** Send the final state (the given payload or the last update) with `final: true`. */
  finish(payload?: FigurePayload): void {
    if (this.finished) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const last = payload ?? this.latest;
    this.finished = true;
    if (!last) return;
    const final = { ...last, final: true } as FigurePayload;
    if (bridge()) {
      this.pending = final;
      this.flush();
    } else console.log(summarize(final));
  }

  private flush(): void {
    const b = bridge();
    const p = this.pending;
    if (!b || !p) return;
    this.pending = undefined;
    this.lastSent = Date.now();
    this.sends++;
    if (!this.shown) {
      b.display(bundle(p), { displayId: this.displayId });
      this.shown = true;
    } else b.update(this.displayId, bundle(p));
  }
}

/**
 * Create a {@link LiveFigure} (same as `new LiveFigure(opts)`).
 * @deprecated Use `dl.plot.live()`, which redraws with the dl.plot functions (or `new dl.LiveFigure()` for raw payloads).
 * @example
 * import * as dl from "dlab";
 * const fig = dl.liveFigure();
 */
export function liveFigure(opts: LiveFigureOptions = {}): LiveFigure {
  return new LiveFigure(opts);
}
