/**
 * The compiler thread: the converter (converter.ts: the TypeScript type checker with top-level
 * await; tslab's converter for the rare browser-mode cells) runs here, off the kernel's main
 * thread, so that compiling never blocks output, interrupts or the heartbeat, and an interrupt
 * during a long type check is answered at once (the kernel then replaces this thread, see
 * compiler.ts). Everything it answers is plain data.
 *
 * The same thread serves a compile server's kernels (compile-server.ts): a request then names its
 * connection (`conn`), each connection has its own converters (in the server's folder), and the
 * parsed declarations they all read are shared (converter.ts).
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import { parentPort } from "node:worker_threads";
import type { Converter as BrowserConverter } from "tslab/dist/converter";
import { Converter } from "./converter";
import type { Diagnostic } from "./converter-tools";
import { declaredValues, survivingDeclarations } from "./declarations";
import { instrument } from "./instrument";
import type { CompileRequest, CompiledCell, CompilerReply } from "./compiler";

/** A module loaded on first use and kept (require() costs a lookup on every call). */
function lazy<T>(load: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= load());
}

const tslab = {
  converter: lazy(() => require("tslab/dist/converter") as typeof import("tslab/dist/converter")),
  metadata: lazy(() => require("tslab/dist/metadata") as typeof import("tslab/dist/metadata")),
  inspect: lazy(() => require("tslab/dist/inspect") as typeof import("tslab/dist/inspect")),
  ts: lazy(() => require("@tslab/typescript-for-tslab") as typeof import("@tslab/typescript-for-tslab")),
};

/** One kernel's converters, created lazily, one per mode (the browser one, tslab's, is rarely needed). */
class Converters {
  private nodeConverter?: Converter;
  private browserConverter?: BrowserConverter;
  get node(): Converter {
    return (this.nodeConverter ??= new Converter());
  }
  of(mode: "node" | "browser"): Converter | BrowserConverter {
    if (mode === "node") return this.node;
    return (this.browserConverter ??= tslab.converter().createConverter({ isJS: false, isBrowser: true }));
  }
}

/** The converters of each connection (a kernel's own thread has just one, connection 0). */
const connections = new Map<number, Converters>();

/** `file line:col - message`, as tslab prints a diagnostic. */
function describe(d: Diagnostic): string {
  return `${d.fileName ? `${d.fileName} ` : ""}${d.start.line + 1}:${d.start.character + 1} - ${d.messageText}`;
}

function compile(converters: Converters, prevDecl: string, src: string): CompiledCell {
  const meta = tslab.metadata().getCodeMetadata(src);
  const mode = meta.mode === "browser" ? "browser" : "node";
  if (meta.module) {
    // `/** @module name */`: registered as an importable module even when it has errors.
    const c = converters.of(mode);
    const diagnostics = (
      c instanceof Converter
        ? c.addModule(meta.module, src, meta.jsx === true)
        : c.addModule(meta.module, src, meta)
    ).map(describe);
    return { kind: "module", warnings: diagnostics, diagnostics: [] };
  }
  if (mode === "browser") return { kind: "browser", warnings: [], diagnostics: [] };
  const c = converters.node.convert(prevDecl, src);
  if (c.diagnostics.length > 0)
    return { kind: "code", warnings: [], diagnostics: c.diagnostics.map(describe) };
  const declOutput = c.declOutput ?? "";
  return {
    kind: "code",
    warnings: [],
    diagnostics: [],
    output: c.output ? instrument(c.output) : undefined,
    declOutput,
    values: declaredValues(declOutput),
    hasToplevelAwait: c.hasToplevelAwait === true,
    lastExpressionVar: c.lastExpressionVar,
    // Local .ts modules a cell imports run as they are (not instrumented: like library code).
    sideOutputs: c.sideOutputs ?? [],
  };
}

function isComplete(code: string): { status: "complete" | "incomplete" | "invalid"; indent?: string } {
  const res = tslab.converter().isCompleteCode(code);
  if (!res.completed) return { status: "incomplete", indent: res.indent ?? "" };
  const ts = tslab.ts();
  const sf = ts.createSourceFile("cell.ts", code, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const errors = (sf as { parseDiagnostics?: unknown[] }).parseDiagnostics ?? [];
  return errors.length > 0 ? { status: "invalid" } : { status: "complete" };
}

function answer(req: CompileRequest, converters: Converters): unknown {
  switch (req.op) {
    case "compile":
      return compile(converters, req.prevDecl, req.src);
    case "complete": {
      const mode = tslab.metadata().getCodeMetadata(req.src).mode === "browser" ? "browser" : "node";
      const info = converters.of(mode).complete(req.prevDecl, req.src, req.pos);
      return { start: info.start, end: info.end, candidates: info.candidates };
    }
    case "inspect": {
      const mode = tslab.metadata().getCodeMetadata(req.src).mode === "browser" ? "browser" : "node";
      const info = converters.of(mode).inspect(req.prevDecl, req.src, req.pos);
      return info ? tslab.inspect().printQuickInfo(info) : null;
    }
    case "isComplete":
      return isComplete(req.src);
    case "survive":
      return survivingDeclarations(req.prev, req.next, (name) => req.ran.includes(name));
  }
}

/** A compile server's message: a kernel's request, or that a kernel went away (`drop`). */
export type ServedRequest = (CompileRequest & { conn: number }) | { op: "drop"; conn: number };

parentPort?.on("message", (msg: CompileRequest | ServedRequest) => {
  const conn = "conn" in msg ? msg.conn : 0;
  if (msg.op === "drop") {
    connections.delete(conn);
    return;
  }
  let converters = connections.get(conn);
  if (!converters) connections.set(conn, (converters = new Converters()));
  let reply: CompilerReply;
  try {
    reply = { id: msg.id, ok: true, value: answer(msg, converters) };
  } catch (err) {
    reply = { id: msg.id, ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
  parentPort?.postMessage("conn" in msg ? { ...reply, conn } : reply);
});
