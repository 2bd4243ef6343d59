/**
 * The contract between the dlab kernel and the helper package.
 *
 * The kernel installs one {@link KernelBridge} on the host process's `globalThis` under
 * {@link BRIDGE_KEY} before it runs any cell. `src/display.ts` is the only file of the helper
 * package that reads it; outside a kernel (plain `node`, vitest) there is no bridge and the
 * package prints the `text/plain` part instead.
 */

/** Where the kernel puts its bridge: `(globalThis as any)[BRIDGE_KEY]`. */
export const BRIDGE_KEY = Symbol.for("dlab.kernel.bridge.v1");

/**
 * A value that a cell both displayed and returned (a `dl.plot.*` figure handle) carries the
 * signal of that cell under this key: the kernel does not repeat it as the cell's execute_result,
 * as IPython shows nothing for `display(x)`. Shown again in a later cell, it prints as its one line.
 */
export const SHOWN_IN_KEY = Symbol.for("dlab.kernel.shown-in.v1");

/** A Jupyter MIME bundle: MIME type → data. JSON types may be objects or strings. */
export type MimeBundle = Record<string, unknown>;

/** A comm opened by the kernel (Jupyter comm protocol). */
export interface KernelComm {
  readonly id: string;
  /** Send a `comm_msg` to the frontend. */
  send(data: Record<string, unknown>): void;
  /** Send `comm_close`. */
  close(data?: Record<string, unknown>): void;
  /** Called for each `comm_msg` from the frontend. */
  onMessage?: (data: Record<string, unknown>) => void;
}

/** What the kernel offers the helper package. Every call is queued; none throws on a busy socket. */
export interface KernelBridge {
  /** Send `display_data`. With a display id, later {@link update} calls replace this output in place. */
  display(data: MimeBundle, options?: { displayId?: string; metadata?: Record<string, unknown> }): void;
  /** Send `update_display_data` for an output created with that display id. */
  update(displayId: string, data: MimeBundle, metadata?: Record<string, unknown>): void;
  /** Send `clear_output`; with `wait`, the clear happens when the next output arrives. */
  clearOutput(wait?: boolean): void;
  /** Open a comm to the frontend on a target name. */
  openComm(targetName: string, data?: Record<string, unknown>): KernelComm;
  /**
   * The cancellation signal of the cell that is running now. It is aborted when the user
   * interrupts the kernel; long loops capture it when they start and stop at the next batch.
   */
  currentSignal(): AbortSignal;
  /**
   * Ask the notebook user for a line of text (Jupyter's `input_request`) and wait for it, as
   * `input()` does in Python. Throws when the frontend does not take input, and
   * `KeyboardInterrupt` when the user interrupts instead of answering.
   */
  input(prompt: string, options?: { password?: boolean }): string;
  /**
   * The cell that is running now: `id` is the same on every execution of that cell (Jupyter's
   * `cellId` from the request's metadata, else its code), `execution` differs each time. Optional:
   * older kernels lack it (dl.train then keeps no earlier runs).
   */
  cell?(): { id: string; execution: string } | undefined;
}
