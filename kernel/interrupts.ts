/**
 * How an interrupt reaches code that is running. The io thread (io-thread.ts) owns the control
 * socket, so an `interrupt_request` is received even while a cell keeps the main thread busy;
 * it sets a flag in shared memory. Cell code is rewritten (instrument.ts) to call
 * {@link CellRuntime.tick} at every loop step, function entry and `await` resumption: the tick
 * sees the flag, aborts the running executions (context.ts) and throws {@link KeyboardInterrupt}
 * in code that belongs to an aborted execution, also code a timer or promise of an interrupted
 * cell calls later. Cells get their own timer functions: a callback an interrupted cell
 * scheduled never runs.
 */
import { promisify } from "node:util";
import { currentStore, isDropped, type ExecContext } from "./context";

/** After an interrupt, a loop checks whether its execution was aborted once in this many steps. */
const LOOP_SAMPLE = 128;

/** Index of the "interrupt requested" flag in the shared array. */
export const FLAG = 0;

/** The error an interrupted cell ends with (ename `KeyboardInterrupt`, as in IPython). */
export class KeyboardInterrupt extends Error {
  constructor() {
    super("the kernel was interrupted");
    this.name = "KeyboardInterrupt";
  }
}

/** The shared array the io thread sets the flag in. @example const flags = sharedFlags(); */
export function sharedFlags(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4 * Int32Array.BYTES_PER_ELEMENT));
}

/**
 * What instrumented cell code calls, and the timers cells see. One per kernel.
 * @example const rt = new CellRuntime(flags, () => kernel.interrupt());
 */
export class CellRuntime {
  /** Whether any execution was ever aborted: only then is the (cheap) context check needed. */
  private anyAborted = false;

  constructor(
    readonly flags: Int32Array,
    private readonly onInterrupt: () => void,
  ) {}

  /** An interrupt was asked for and not yet acted on. @example if (rt.pending()) … */
  pending(): boolean {
    return Atomics.load(this.flags, FLAG) !== 0;
  }

  /**
   * Act on a pending interrupt once (whoever sees the flag first: a tick, the io thread's
   * message, SIGINT). Returns whether there was one. @example rt.takeInterrupt()
   */
  takeInterrupt(): boolean {
    if (Atomics.exchange(this.flags, FLAG, 0) === 0) return false;
    this.anyAborted = true;
    this.onInterrupt();
    return true;
  }

  /** Ask for an interrupt from this thread (SIGINT). @example rt.request() */
  request(): void {
    Atomics.store(this.flags, FLAG, 1);
    this.takeInterrupt();
  }

  /**
   * Set while batched output waits (channels.ts): a loop's tick then sends it once it is due, since
   * the batching timer cannot fire while a synchronous loop runs.
   */
  outputWaiting = false;
  /** Sends waiting output that is due; set by the kernel. */
  flushOutput: () => void = () => {};

  /** Loop steps left before a loop's tick looks at its execution again (after an interrupt). */
  private budget = LOOP_SAMPLE;

  /**
   * Called by instrumented code at every loop step: acts on a pending interrupt, and throws if
   * the loop belongs to an aborted execution. Finding the execution costs ~50 ns, so once an
   * interrupt has happened a loop looks every {@link LOOP_SAMPLE} steps (~5 ns a step otherwise).
   */
  readonly tick = (): void => {
    if (this.outputWaiting) this.flushOutput();
    if (this.flags[FLAG] !== 0) this.takeInterrupt();
    else if (!this.anyAborted || --this.budget > 0) return;
    this.budget = LOOP_SAMPLE;
    this.check();
  };

  /** Called by instrumented code at every function entry: throws if it belongs to an aborted execution. */
  readonly enter = (): void => {
    if (this.flags[FLAG] !== 0) this.takeInterrupt();
    if (this.anyAborted) this.check();
  };

  /** Called by instrumented code after each `await`. @example $dlab$.resumed(await p) */
  readonly resumed = <T>(value: T): T => {
    this.enter();
    return value;
  };

  private check(): void {
    const ctx = currentStore();
    if (ctx && isDropped(ctx)) throw new KeyboardInterrupt();
  }

  /** Mark that an execution was aborted other than through the flag. @example rt.aborted() */
  aborted(): void {
    this.anyAborted = true;
  }

  /**
   * Timer functions for cell code: a callback scheduled by an execution that is later aborted
   * does not run (a repeating one is cleared). Passed to each cell as its `setTimeout`,
   * `setInterval`, `setImmediate` and `queueMicrotask`.
   * @example const { setTimeout } = rt.timers;
   */
  readonly timers = {
    setTimeout: this.guardTimer(globalThis.setTimeout, globalThis.clearTimeout),
    setInterval: this.guardTimer(globalThis.setInterval, globalThis.clearInterval),
    setImmediate: this.guardTimer(globalThis.setImmediate, globalThis.clearImmediate),
    queueMicrotask: (cb: () => void) => {
      const ctx = currentStore();
      globalThis.queueMicrotask(() => {
        if (!ctx || !isDropped(ctx)) cb();
      });
    },
  };

  private guardTimer<A extends unknown[], H>(
    schedule: (cb: (...args: A) => void, ...rest: any[]) => H,
    clear: (h: H) => void,
  ): (cb: unknown, ...rest: unknown[]) => H {
    const guarded = (cb: unknown, ...rest: unknown[]): H => {
      if (typeof cb !== "function") return schedule(cb as (...args: A) => void, ...rest); // Node throws its own error
      const ctx: ExecContext | undefined = currentStore();
      const handle: H = schedule(
        (...args: A) => {
          if (ctx && isDropped(ctx)) return clear(handle);
          (cb as (...args: A) => void)(...args);
        },
        ...rest,
      );
      return handle;
    };
    // util.promisify(setTimeout) keeps working.
    const custom = (schedule as unknown as Record<symbol, unknown>)[promisify.custom];
    if (custom) Object.defineProperty(guarded, promisify.custom, { value: custom });
    return guarded;
  }
}
