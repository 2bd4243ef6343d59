/**
 * The kernel's side of the contract in `src/bridge.ts`: the display / update / clear-output /
 * comm / cancellation API the helper package uses. Installed on `globalThis` under dlab's
 * `BRIDGE_KEY` before the first cell; cells run in this same context.
 */
// The key comes from the built helper package (as the extension takes dlab/dist/payload): the
// compiled kernel cannot load ../src at run time, and src/ is one source of truth for the symbol.
import { BRIDGE_KEY, type KernelBridge, type MimeBundle } from "dlab/dist/bridge";
import { CommRegistry } from "./comms";
import { currentContext, isDropped, ExecContext } from "./context";
import { realWrite } from "./log";

/** Publishes an IOPub message as output of an execution. */
export type OutputPublisher = (ctx: ExecContext, msgType: string, content: object) => void;

/** A signal that never aborts, for code running outside any execution. */
const NEVER = new AbortController().signal;

/**
 * Build the bridge. Output goes to the execution that produced it; an interrupted execution's
 * output is dropped; outside any execution the text/plain part is printed to the kernel log.
 * @example const bridge = createBridge(publish, comms); installBridge(bridge);
 */
export function createBridge(
  publish: OutputPublisher,
  comms: CommRegistry,
  input: (prompt: string, password: boolean) => string,
): KernelBridge {
  const emit = (msgType: string, content: object, fallback?: MimeBundle) => {
    const ctx = currentContext();
    if (!ctx) {
      if (fallback && typeof fallback["text/plain"] === "string")
        realWrite.stdout(`${fallback["text/plain"]}\n`);
      return;
    }
    if (!isDropped(ctx)) publish(ctx, msgType, content);
  };
  return {
    display(data, options = {}) {
      const transient = options.displayId ? { display_id: options.displayId } : {};
      emit("display_data", { data, metadata: options.metadata ?? {}, transient }, data);
    },
    update(displayId, data, metadata = {}) {
      emit("update_display_data", { data, metadata, transient: { display_id: displayId } }, data);
    },
    clearOutput(wait = false) {
      emit("clear_output", { wait: Boolean(wait) });
    },
    openComm(targetName, data) {
      return comms.open(targetName, data);
    },
    currentSignal() {
      return currentContext()?.controller.signal ?? NEVER;
    },
    input(prompt, options = {}) {
      return input(prompt, options.password === true);
    },
    cell() {
      const ctx = currentContext();
      return ctx ? cellOf(ctx) : undefined;
    },
  };
}

/**
 * Which cell an execution runs: JupyterLab and Notebook 7 send the cell's id in the request's
 * metadata (`cellId`); other frontends are told apart by the code they send.
 * @example cellOf(ctx); // { id: "3f1c…", execution: "<msg_id>" }
 */
export function cellOf(ctx: ExecContext): { id: string; execution: string } {
  const meta = ctx.request?.metadata ?? {};
  const cellId = typeof meta.cellId === "string" ? meta.cellId : undefined;
  const code = typeof ctx.request?.content.code === "string" ? ctx.request.content.code : "";
  return { id: cellId ? `cell:${cellId}` : `code:${code}`, execution: ctx.parent.msg_id };
}

/**
 * Put the bridge on `globalThis` (the host context, where cells and their modules run).
 * @example installBridge(bridge);
 */
export function installBridge(bridge: KernelBridge): void {
  Object.defineProperty(globalThis, BRIDGE_KEY, { value: bridge, configurable: true, writable: false });
}

/**
 * Serve `tslab.display` / `tslab.newDisplay()` through the bridge: tslab's public API sends
 * through a hook its own wire layer would set. Call once tslab is loaded (it loads TypeScript).
 * @example hookTslabDisplay(bridge);
 */
export function hookTslabDisplay(bridge: KernelBridge): void {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const tslabJupyter = require("tslab/dist/jupyter");
    tslabJupyter.lastWriteDisplayData = (
      msg: { data: MimeBundle; metadata?: object; transient?: { display_id?: string } },
      update: boolean,
    ) => {
      const id = msg.transient?.display_id;
      if (update && id) bridge.update(id, msg.data, msg.metadata as Record<string, unknown>);
      else bridge.display(msg.data, { displayId: id, metadata: msg.metadata as Record<string, unknown> });
    };
  } catch {
    // tslab's display API is a convenience; the dlab bridge works without it.
  }
}
