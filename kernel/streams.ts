/**
 * Redirect the process's stdout/stderr (console.log in cells, and modules they call) to IOPub
 * `stream` messages of the execution that wrote them. Without an execution (start-up) the text
 * goes to the real stream, i.e. the Jupyter server log.
 */
import { StringDecoder } from "node:string_decoder";
import { currentContext, isDropped, ExecContext, runningContext } from "./context";
import { realWrite } from "./log";

/** Sends one stream message for a context. */
export type StreamSink = (ctx: ExecContext, name: "stdout" | "stderr", text: string) => void;

/**
 * Replace `process.stdout.write` / `process.stderr.write`. Returns a function that restores them.
 * @example const restore = redirectStreams((ctx, name, text) => ch.publish("stream", {name, text}, ctx.parent));
 */
export function redirectStreams(sink: StreamSink): () => void {
  const originals = { stdout: process.stdout.write, stderr: process.stderr.write };
  for (const name of ["stdout", "stderr"] as const) {
    const decoder = new StringDecoder("utf8");
    const writer = (chunk: unknown, encoding?: unknown, cb?: unknown): boolean => {
      const callback = typeof encoding === "function" ? encoding : cb;
      const text = typeof chunk === "string" ? chunk : decoder.write(Buffer.from(chunk as Uint8Array));
      const ctx = currentContext();
      if (!ctx) {
        realWrite[name](text);
      } else if (!isDropped(ctx) && text.length > 0) {
        sink(ctx, name, text);
      }
      if (typeof callback === "function") process.nextTick(callback as () => void);
      return true;
    };
    (process[name] as any).write = writer;
  }
  return () => {
    process.stdout.write = originals.stdout;
    process.stderr.write = originals.stderr;
  };
}

/**
 * Report an error thrown outside any cell's reach (timer, unhandled rejection) on the stderr of
 * the cell running now (where the student looks), else of the cell it came from, else in the
 * kernel log. An interrupted cell's leftovers stay silent. It never kills the kernel.
 * @example process.on("uncaughtException", (e) => reportStray("Uncaught", e, sink));
 */
export function reportStray(kind: string, err: unknown, sink: StreamSink): void {
  const origin = currentContext();
  if (origin && isDropped(origin)) return;
  const ctx = runningContext() ?? origin;
  const text = `${kind}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`;
  if (!ctx) realWrite.stderr(text);
  else if (!isDropped(ctx)) sink(ctx, "stderr", text);
}
