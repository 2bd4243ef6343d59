/**
 * The main thread's handle on the compiler thread (compiler-thread.ts): requests go out as
 * messages and come back as promises. {@link Compiler.abandon} drops the thread with whatever it
 * is doing (an interrupted type check) and starts a fresh one; the declarations live in the
 * executor, so nothing is lost but the warm caches.
 *
 * With `DLAB_COMPILE_SERVER=<socket>` (set by `dlab grade`) the requests go to a compile server
 * (compile-server.ts) shared by a grading slot's kernels instead. The server cannot see the
 * kernel's folder: a cell that imports a file of it (not a `@module` cell) is compiled here, on the
 * kernel's own thread, as is everything after it. Whatever goes wrong with the server (not there,
 * gone, or abandoned) the kernel goes on with its own thread too: pending requests are sent again
 * there, after the `@module` cells the server had registered.
 */
import * as net from "node:net";
import { Worker } from "node:worker_threads";
import { onLines } from "dlab/dist/lines";
import { threadScript } from "./threads";
import { logKernel, realWrite } from "./log";

/** What compiling a cell gave (see compiler-thread.ts). */
export interface CompiledCell {
  /** "module": a `@module` cell, registered; "browser": a browser-mode cell, not run here. */
  kind: "code" | "module" | "browser";
  /** Type errors: the cell must not run. */
  diagnostics: string[];
  /** Diagnostics that do not stop the cell (a module's). */
  warnings: string[];
  /** The instrumented CommonJS code to run. */
  output?: string;
  /** The declarations after this cell (earlier cells' included). */
  declOutput?: string;
  /** The value names `declOutput` declares. */
  values?: string[];
  hasToplevelAwait?: boolean;
  lastExpressionVar?: string;
  /** Compiled local modules the cell imports. */
  sideOutputs?: Array<{ path: string; data: string }>;
}

/** A request to the compiler thread. */
export type CompileRequest = { id: number } & (
  | { op: "compile"; prevDecl: string; src: string }
  | { op: "complete" | "inspect"; prevDecl: string; src: string; pos: number }
  | { op: "isComplete"; src: string }
  | { op: "survive"; prev: string; next: string; ran: string[] }
);

/** The compiler thread's answer. */
export type CompilerReply = { id: number } & ({ ok: true; value: unknown } | { ok: false; error: string });

/** Distributes `Omit` over the request union. */
type Request = CompileRequest extends infer R ? (R extends { id: number } ? Omit<R, "id"> : never) : never;

/**
 * Heap limits of the compiler thread. Its program (Node's and tfjs's declarations, ~100 MB
 * live) stays; each cell's type checker is garbage after the cell. A low old-generation limit
 * makes V8 collect before it grows the heap, a small young generation keeps what a cell
 * allocates from piling up (peak RSS per lab: bench/kernel-memory.mjs).
 */
const COMPILER_HEAP_MB = 256;
const COMPILER_YOUNG_MB = 8;

/** Where requests go: the kernel's own compiler thread, or a compile server's socket. */
interface Channel {
  send(req: CompileRequest): void;
  close(): Promise<void>;
}

/** A request waiting for its answer. */
interface Waiting {
  req: CompileRequest;
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

/** The relative paths a cell imports (`import … from "./x"`, `import("./x")`, `require("../x")`). */
const RELATIVE_IMPORT = /(?:\bfrom|\bimport|\brequire)\s*\(?\s*["'](\.\.?\/[^"']*)["']/g;

/**
 * Whether `src` imports a file of the notebook's folder other than a registered `@module` cell
 * (`./name`, `./name.ts`).
 * @example importsLocalFile('import { f } from "./helpers";', []) // → true
 */
export function importsLocalFile(src: string, modules: CompileRequest[]): boolean {
  const names = new Set<string>();
  for (const m of modules)
    if (m.op === "compile") for (const n of m.src.matchAll(/@module\s+(\w+)/g)) names.add(n[1]);
  for (const [, path] of src.matchAll(RELATIVE_IMPORT)) {
    const name = /^\.\/(\w+)(?:\.tsx?)?$/.exec(path)?.[1];
    if (!name || !names.has(name)) return true;
  }
  return false;
}

/** The compiler thread (or compile server), started on first use. */
export class Compiler {
  private channel?: Channel;
  private nextId = 1;
  private readonly waiting = new Map<number, Waiting>();
  /** The compile server's socket, until the kernel gives up on it. */
  private server = process.env.DLAB_COMPILE_SERVER || undefined;
  /** `@module` cells registered with the server: registered again when the kernel's own thread takes over. */
  private readonly modules: CompileRequest[] = [];

  /** Compile a cell against the earlier cells' declarations. @example await compiler.compile("", "1 + 1") */
  compile(prevDecl: string, src: string): Promise<CompiledCell> {
    if (this.server && importsLocalFile(src, this.modules)) this.leaveServer();
    return this.ask({ op: "compile", prevDecl, src }) as Promise<CompiledCell>;
  }

  /** Completions at a UTF-16 offset. @example (await compiler.complete("", "Math.ab", 7)).candidates // → ["abs"] */
  complete(
    prevDecl: string,
    src: string,
    pos: number,
  ): Promise<{ start: number; end: number; candidates: string[] }> {
    return this.ask({ op: "complete", prevDecl, src, pos }) as Promise<{
      start: number;
      end: number;
      candidates: string[];
    }>;
  }

  /** Type and doc comment at a UTF-16 offset, or null. @example await compiler.inspect("", "Math.max", 6) */
  inspect(prevDecl: string, src: string, pos: number): Promise<string | null> {
    return this.ask({ op: "inspect", prevDecl, src, pos }) as Promise<string | null>;
  }

  /** "complete", "incomplete" (with an indent) or "invalid". @example await compiler.isComplete("if (x) {") */
  isComplete(src: string): Promise<{ status: "complete" | "incomplete" | "invalid"; indent?: string }> {
    return this.ask({ op: "isComplete", src }) as Promise<{
      status: "complete" | "incomplete" | "invalid";
      indent?: string;
    }>;
  }

  /** The declarations that stay after a failed run (declarations.ts). @example await compiler.survive(prev, next, ["a"]) */
  survive(prev: string, next: string, ran: string[]): Promise<string> {
    return this.ask({ op: "survive", prev, next, ran }) as Promise<string>;
  }

  /** Whether a request is being answered. @example compiler.busy */
  get busy(): boolean {
    return this.waiting.size > 0;
  }

  /**
   * Drop the thread and what it is doing (the pending requests fail), start a fresh one.
   * @example compiler.abandon()
   */
  abandon(): void {
    const c = this.channel;
    this.channel = undefined;
    this.failAll(new Error("the compiler was restarted"));
    if (this.server) this.leaveServer(); // it may be stuck in the type check: the kernel's own thread from now on
    void c?.close();
  }

  /** Stop the thread. @example await compiler.close() */
  async close(): Promise<void> {
    const c = this.channel;
    this.channel = undefined;
    await c?.close();
  }

  private ask(req: Request): Promise<unknown> {
    const id = this.nextId++;
    const full = { ...req, id } as CompileRequest;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { req: full, resolve, reject });
      this.open().send(full);
    });
  }

  private open(): Channel {
    this.channel ??= this.server ? this.connect(this.server) : this.thread();
    return this.channel;
  }

  private answer(reply: CompilerReply): void {
    const p = this.waiting.get(reply.id);
    if (!p) return;
    this.waiting.delete(reply.id);
    if (reply.ok) {
      if (this.server && p.req.op === "compile" && (reply.value as CompiledCell).kind === "module")
        this.modules.push(p.req);
      p.resolve(reply.value);
    } else p.reject(new Error(reply.error));
  }

  /** Give up the compile server: the kernel's own thread answers from now on, modules registered again. */
  private leaveServer(): void {
    this.server = undefined;
    const t = this.thread();
    for (const m of this.modules) t.send({ ...m, id: 0 }); // answered to nobody
    this.channel = t;
  }

  /** A channel to the compile server; falls back to the kernel's own thread when the server fails it. */
  private connect(path: string): Channel {
    const socket = net.createConnection(path);
    socket.unref();
    let closing = false;
    const channel: Channel = {
      send: (req) => socket.write(JSON.stringify(req) + "\n"),
      close: async () => {
        closing = true;
        socket.destroy();
      },
    };
    onLines(socket, (line) => this.answer(JSON.parse(line) as CompilerReply));
    socket.on("error", (err) => logKernel(`compile server ${path}: ${err.message}; compiling here`));
    socket.on("close", () => {
      if (closing || this.channel !== channel) return;
      this.leaveServer();
      for (const p of this.waiting.values()) this.channel!.send(p.req);
    });
    return channel;
  }

  private thread(): Channel {
    const w = new Worker(threadScript("compiler-thread"), {
      resourceLimits: {
        maxOldGenerationSizeMb: COMPILER_HEAP_MB,
        maxYoungGenerationSizeMb: COMPILER_YOUNG_MB,
      },
      // The compiler's own prints (TypeScript's warnings) go to the kernel log, not to a cell.
      stdout: true,
      stderr: true,
    });
    w.stdout.on("data", (d: Buffer) => realWrite.stderr(String(d)));
    w.stderr.on("data", (d: Buffer) => realWrite.stderr(String(d)));
    w.unref();
    const channel: Channel = {
      send: (req) => w.postMessage(req),
      close: async () => {
        await w.terminate();
      },
    };
    w.on("message", (reply: CompilerReply) => this.answer(reply));
    w.on("error", (err) => {
      logKernel(`compiler thread failed: ${err.message}`);
      if (this.channel === channel) this.channel = undefined;
      this.failAll(new Error(`the TypeScript compiler stopped: ${err.message}; run the cell again`));
    });
    w.on("exit", () => {
      if (this.channel === channel) {
        this.channel = undefined;
        this.failAll(new Error("the TypeScript compiler stopped; run the cell again"));
      }
    });
    return channel;
  }

  private failAll(err: Error): void {
    const pending = [...this.waiting.values()];
    this.waiting.clear();
    for (const p of pending) p.reject(err);
  }
}
