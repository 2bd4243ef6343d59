/**
 * Entry point of the `dlab` kernel: `node kernel/dist/main.js <connection_file>`, started by
 * Jupyter in the notebook's folder.
 */
import "./log"; // first: saves the real stdout/stderr before they are redirected
import { randomUUID } from "node:crypto";
import { createBridge, hookTslabDisplay, installBridge } from "./bridge";
import { Channels } from "./channels";
import { CommRegistry } from "./comms";
import { currentContext } from "./context";
import { readConnectionFile } from "./connection";
import { dropPrivileges } from "./privileges";
import { Kernel } from "./kernel";
import { logKernel } from "./log";
import { CellRuntime, sharedFlags } from "./interrupts";
import { installPrompt } from "./prompt";
import { Runner } from "./runner";
import { redirectStreams, reportStray, StreamSink } from "./streams";

/** Start the kernel on a connection file. @example await main("/tmp/kernel-1.json") */
export async function main(connectionFile: string | undefined): Promise<void> {
  if (!connectionFile) {
    logKernel("usage: node kernel/dist/main.js <connection_file>");
    process.exit(2);
  }
  const info = readConnectionFile(connectionFile);
  try {
    dropPrivileges(process.env.DLAB_KERNEL_USER);
  } catch (err) {
    logKernel(`dlab kernel: ${(err as Error).message}`);
    process.exit(1);
  }
  // The kernel is created below; the io thread and the cells' runtime call it through this.
  let kernel: Kernel | undefined;
  const runtime = new CellRuntime(sharedFlags(), () => kernel?.interrupt());
  const ch = new Channels(
    info,
    randomUUID(),
    runtime.flags,
    (m) => kernel?.onIo(m),
    (waiting) => (runtime.outputWaiting = waiting),
  );
  runtime.flushOutput = () => ch.flushStreamIfDue();
  const comms = new CommRegistry((type, content) =>
    ch.publish(type, content, currentContext()?.parent ?? {}),
  );
  const sink: StreamSink = (ctx, name, text) => ch.stream(name, text, ctx.parent);
  const bridge = createBridge(
    (ctx, type, content) => ch.publish(type, content, ctx.parent),
    comms,
    (prompt, password) => kernel?.ask(prompt, password) ?? "",
  );
  installBridge(bridge);
  // Errors from timers and stray promises go to a cell's stderr (streams.ts); the kernel lives on.
  process.on("uncaughtException", (err) => reportStray("Uncaught exception", err, sink));
  process.on("unhandledRejection", (reason) => reportStray("Unhandled promise rejection", reason, sink));

  const runner = new Runner(process.cwd(), runtime, () => hookTslabDisplay(bridge));
  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    await Promise.race([ch.drain(), new Promise((r) => setTimeout(r, 1000))]);
    await Promise.all([runner.close(), ch.close()]);
    process.exit(0);
  };
  const k = (kernel = new Kernel(ch, runner, comms, shutdown));
  installPrompt((message, defaultValue) => k.prompt(message, defaultValue));
  process.on("SIGINT", () => runtime.request());
  process.on("SIGTERM", () => void shutdown());
  redirectStreams(sink);
  await ch.bind();
  ch.listen("shell", k.onShell);
  // Warm the compiler soon even if no kernel_info_request comes first.
  setTimeout(() => runner.warm(), 300);
}

main(process.argv[2]).catch((err) => {
  logKernel(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
