/**
 * The main thread's side of the io thread (io-thread.ts): starts it, passes it the replies it
 * sends on control and stdin, and waits in shared memory for `input_reply` (prompt()).
 */
import { Worker } from "node:worker_threads";
import { threadScript } from "./threads";
import type { ConnectionInfo } from "./connection";
import { FLAG, KeyboardInterrupt } from "./interrupts";
import { logKernel } from "./log";
import type { Message } from "./wire";

/** Index in the shared flags: an input_reply arrived. */
export const INPUT_READY = 1;
/** Index in the shared flags: its length in UTF-8 bytes. */
export const INPUT_LENGTH = 2;
/** The longest answer kept (longer ones are cut, and say so). */
export const INPUT_BYTES = 1 << 20;

/** What the io thread starts with. */
export interface IoInit {
  info: ConnectionInfo;
  session: string;
  notBefore: number;
  flags: SharedArrayBuffer;
  input: SharedArrayBuffer;
}

/** Messages from the io thread. */
export type IoToMain =
  | { type: "ready" | "closed" | "orphaned" }
  | { type: "failed"; error: string }
  | { type: "interrupt" | "control" | "refused"; message: Message }
  | { type: "dropped"; reason: string }
  | { type: "log"; line: string };

/** Messages to the io thread. */
export type MainToIo = { type: "send"; channel: "control" | "stdin"; frames: Buffer[] } | { type: "close" };

/** Thrown by prompt() when the frontend does not take input (allow_stdin false), as in ipykernel. */
export class StdinNotImplementedError extends Error {
  constructor() {
    super(
      "prompt() / dl.input(): this frontend does not support input (the request said allow_stdin: false)",
    );
    this.name = "StdinNotImplementedError";
  }
}

/** The running io thread. */
export class IoThread {
  private readonly worker: Worker;
  private readonly input: Uint8Array;
  readonly ready: Promise<void>;
  private closed?: Promise<void>;

  /**
   * @param onMessage receives interrupts, control requests and drops from the io thread.
   * @example const io = new IoThread(info, session, notBefore, runtime.flags, (m) => …); await io.ready;
   */
  constructor(
    info: ConnectionInfo,
    session: string,
    notBefore: number,
    private readonly flags: Int32Array,
    onMessage: (m: IoToMain) => void,
  ) {
    const input = new SharedArrayBuffer(INPUT_BYTES);
    this.input = new Uint8Array(input);
    const init: IoInit = { info, session, notBefore, flags: flags.buffer as SharedArrayBuffer, input };
    this.worker = new Worker(threadScript("io-thread"), { workerData: init });
    this.ready = new Promise((resolve, reject) => {
      this.worker.on("message", (m: IoToMain) => {
        if (m.type === "ready") resolve();
        else if (m.type === "failed") reject(new Error(`the io thread could not start: ${m.error}`));
        else if (m.type === "log") logKernel(m.line);
        else onMessage(m);
      });
      this.worker.on("error", (err) => {
        logKernel(`io thread failed: ${err.stack ?? err.message}`);
        reject(err);
      });
    });
  }

  /** Send frames on control or stdin. @example io.send("control", frames) */
  send(channel: "control" | "stdin", frames: Buffer[]): void {
    this.worker.postMessage({ type: "send", channel, frames } satisfies MainToIo);
  }

  /**
   * Send an input_request (its frames, already signed) and block this thread until the reply
   * arrives, or throw KeyboardInterrupt when the user interrupts instead.
   * @example const line = io.awaitInput(frames);
   */
  awaitInput(frames: Buffer[], onInterrupt: () => void): string {
    Atomics.store(this.flags, INPUT_READY, 0);
    this.send("stdin", frames);
    for (;;) {
      if (Atomics.wait(this.flags, INPUT_READY, 0, 50) !== "timed-out" || this.flags[INPUT_READY] === 1)
        break;
      if (Atomics.load(this.flags, FLAG) !== 0) {
        onInterrupt();
        throw new KeyboardInterrupt();
      }
    }
    Atomics.store(this.flags, INPUT_READY, 0);
    const length = Atomics.load(this.flags, INPUT_LENGTH);
    const text = Buffer.from(this.input.subarray(0, Math.min(length, INPUT_BYTES))).toString("utf8");
    if (length > INPUT_BYTES) {
      throw new RangeError(`prompt(): the answer has ${length} bytes; at most ${INPUT_BYTES} are accepted`);
    }
    return text;
  }

  /** Close the sockets (needed before the process exits). @example await io.close() */
  close(): Promise<void> {
    this.closed ??= new Promise<void>((resolve) => {
      const done = () => resolve();
      this.worker.on("message", (m: IoToMain) => m.type === "closed" && done());
      this.worker.on("exit", done);
      setTimeout(done, 1500).unref();
      this.worker.postMessage({ type: "close" } satisfies MainToIo);
    });
    return this.closed;
  }
}
