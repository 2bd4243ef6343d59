/**
 * Runs cells. The compiler thread (compiler.ts) type-checks a cell against the declarations of
 * the cells before it and compiles it to instrumented JavaScript (instrument.ts); the runner runs
 * that code in this process and keeps the declarations:
 * - a cell that does not type-check runs nothing;
 * - after a cell that ran, its declarations are the new ones;
 * - after a cell that failed at run time or was interrupted, what ran stays, with its value,
 *   and what did not run keeps its earlier declaration (declarations.ts) — as in Python.
 * An interrupt ends the running cell at once: during compilation the compiler thread is
 * replaced; while code runs, the tick in every loop and await throws (interrupts.ts).
 */
import Module, { createRequire } from "node:module";
import { dirname, extname, join } from "node:path";
import { inspect as utilInspect } from "node:util";
import vm from "node:vm";
import { Compiler, type CompiledCell } from "./compiler";
import { CellRuntime, KeyboardInterrupt } from "./interrupts";
import { RUNTIME } from "./instrument";

/** What running a cell gave. */
export type Outcome =
  | { status: "ok"; value?: unknown; hasValue: boolean; warnings: string[] }
  | { status: "error"; ename: string; evalue: string; traceback: string[] };

/** The name an interrupted execution's error carries (as in IPython). */
export const INTERRUPT_ENAME = "KeyboardInterrupt";

/** The name of the type-only import that keeps dlab's types loaded (see Runner.warm). */
const WARM_NAME = "$dlab_preload";

/** Declarations every cell sees: the kernel's globals that Node's types lack. */
export const PRELUDE = [
  "/** Ask the notebook user for a line of text, as input() does in Python (null when cancelled). */",
  "declare function prompt(message?: string, defaultValue?: string): string | null;",
  "",
].join("\n");

/** The parameters of a cell's wrapper function, in order (see Runner.run). */
const CELL_PARAMS = [
  "exports",
  "require",
  RUNTIME,
  "setTimeout",
  "setInterval",
  "setImmediate",
  "queueMicrotask",
];

/** Where a cell's wrapper finds its arguments while it starts. */
const ARGS = Symbol.for("dlab.kernel.cell-args");

function resolvesFrom(name: string, dir: string): boolean {
  try {
    require.resolve(`${name}/package.json`, { paths: [dir] });
    return true;
  } catch {
    return false;
  }
}

/** An object whose `defineProperty` (how TypeScript exports imports) is a plain, rewritable set. */
function createLocals(): Record<string, unknown> {
  const target: Record<string, unknown> = {};
  return new Proxy(target, {
    defineProperty: (_t, prop, attrs) => {
      if (prop === "__esModule") return true;
      target[prop as string] = attrs.get ? attrs.get() : attrs.value;
      return true;
    },
  });
}

/** Compiles and runs cells in the kernel process, with modules resolved from the working directory. */
export class Runner {
  readonly compiler = new Compiler();
  /** The values of every cell's top-level names (TypeScript's `exports` of each cell). */
  readonly locals = createLocals();
  private prevDecl = PRELUDE;
  private readonly sideOutputs = new Map<string, string>();
  private readonly sideModules = new Map<string, Module>();
  private readonly require: NodeJS.Require;
  /** Rejects the running cell's outcome when it is interrupted. */
  private stopRunning?: (err: Error) => void;
  private warmed = false;

  /** @param onTslab runs when a cell first imports `tslab` (its display API is hooked then). @example const runner = new Runner(process.cwd(), runtime); */
  constructor(
    private readonly rootDir: string,
    readonly runtime: CellRuntime,
    private readonly onTslab: () => void = () => {},
  ) {
    this.require = this.wrapRequire(createRequire(join(rootDir, "cell.js")), rootDir);
    // The prelude's names, as cells see them (a name of the declarations is read from the locals).
    this.locals.prompt = (...args: unknown[]) =>
      (globalThis as unknown as { prompt: (...a: unknown[]) => unknown }).prompt(...args);
  }

  /**
   * Start the compiler thread and load dlab's types (and tfjs's, ~1 s of type checking) while
   * the student reads the notebook: a type-only import stays in the declarations, so the lab's
   * `import * as dl from "dlab"` is fast. @example runner.warm()
   */
  warm(): void {
    if (this.warmed) return;
    this.warmed = true;
    if (!resolvesFrom("dlab", this.rootDir)) {
      void this.compiler.isComplete("").catch(() => {});
      return;
    }
    const prev = this.prevDecl;
    this.compiler.compile(prev, `import type * as ${WARM_NAME} from "dlab";`).then(
      (c) => {
        // Only if no cell changed the declarations meanwhile.
        if (this.prevDecl === prev && c.diagnostics.length === 0 && c.declOutput !== undefined) {
          this.prevDecl = c.declOutput;
        }
      },
      () => {},
    );
  }

  /**
   * Compile and run a cell. Resolves when it finished, failed, or was interrupted.
   * @example const out = await runner.execute("1 + 1"); // → { status: "ok", value: 2, hasValue: true }
   */
  async execute(code: string): Promise<Outcome> {
    let stop!: (err: Error) => void;
    const stopped = new Promise<never>((_, reject) => (stop = reject));
    stopped.catch(() => {});
    this.stopRunning = stop;
    try {
      let compiled: CompiledCell;
      try {
        compiled = await Promise.race([this.compiler.compile(this.prevDecl, code), stopped]);
      } catch (err) {
        if (err instanceof KeyboardInterrupt) this.compiler.abandon(); // stop the type check too
        return describeError(err);
      }
      if (compiled.diagnostics.length > 0) {
        const n = compiled.diagnostics.length;
        return {
          status: "error",
          ename: "TSError",
          evalue: compiled.diagnostics[0],
          traceback: [
            ...compiled.diagnostics,
            `Nothing in this cell ran: ${n === 1 ? "a type error" : `${n} type errors`}.`,
          ],
        };
      }
      if (compiled.kind !== "code") return { status: "ok", hasValue: false, warnings: compiled.warnings };
      return await this.run(compiled, stopped);
    } finally {
      this.stopRunning = undefined;
    }
  }

  /**
   * End the running cell now with KeyboardInterrupt (its code stops at its next tick).
   * @example runner.interrupt()
   */
  interrupt(): void {
    this.stopRunning?.(new KeyboardInterrupt());
  }

  private async run(c: CompiledCell, stopped: Promise<never>): Promise<Outcome> {
    for (const s of c.sideOutputs ?? []) {
      this.sideModules.delete(s.path);
      this.sideOutputs.set(s.path, s.data);
    }
    const before = new Map(Object.entries(this.locals));
    const outcome = await this.runCode(c, stopped);
    if (outcome.status === "ok") {
      this.prevDecl = c.declOutput ?? this.prevDecl;
    } else {
      // What ran stays: a name is new or changed in the locals.
      const ran = (c.values ?? []).filter(
        (n) => Object.hasOwn(this.locals, n) && (!before.has(n) || before.get(n) !== this.locals[n]),
      );
      try {
        this.prevDecl = await this.compiler.survive(this.prevDecl, c.declOutput ?? "", ran);
      } catch {
        // The compiler thread was replaced meanwhile: keep the declarations from before the cell.
      }
    }
    return outcome;
  }

  private async runCode(c: CompiledCell, stopped: Promise<never>): Promise<Outcome> {
    const last = c.lastExpressionVar;
    if (last) delete this.locals[last];
    try {
      if (c.output) {
        const t = this.runtime.timers;
        const args = [
          this.locals,
          this.require,
          this.runtime,
          t.setTimeout,
          t.setInterval,
          t.setImmediate,
          t.queueMicrotask,
        ];
        const slot = globalThis as unknown as Record<symbol, unknown>;
        slot[ARGS] = args;
        const prefix = c.hasToplevelAwait ? "(async function" : "(function";
        // The call itself is inside the script, so a SIGINT stops a synchronous loop (breakOnSigint).
        const script = `${prefix} (${CELL_PARAMS.join(", ")}) {\n${c.output}\n}).apply(undefined, globalThis[Symbol.for(${JSON.stringify(ARGS.description)})])`;
        let ret: unknown;
        try {
          // displayErrors false: an error's stack is not prefixed with the kernel's source line.
          ret = vm.runInThisContext(script, {
            filename: "cell.js",
            breakOnSigint: true,
            displayErrors: false,
          });
        } finally {
          delete slot[ARGS];
        }
        if (c.hasToplevelAwait) await Promise.race([ret, stopped]);
        // An interrupt that arrived while the cell's last step ran still counts.
        this.runtime.tick();
      }
    } catch (err) {
      return describeError(err);
    }
    const hasValue = last !== undefined && this.locals[last] !== undefined && this.locals[last] !== null;
    const value = hasValue ? this.locals[last as string] : undefined;
    if (last) delete this.locals[last];
    return { status: "ok", value, hasValue, warnings: c.warnings };
  }

  /**
   * Completions at a UTF-16 offset.
   * @example (await runner.complete("Math.ab", 7)).candidates // → ["abs"]
   */
  complete(code: string, pos: number): Promise<{ start: number; end: number; candidates: string[] }> {
    return this.compiler.complete(this.prevDecl, code, pos);
  }

  /** Type and doc comment of the name at a UTF-16 offset, or null. @example await runner.inspect("Math.max", 6) */
  inspect(code: string, pos: number): Promise<string | null> {
    return this.compiler.inspect(this.prevDecl, code, pos);
  }

  /** "complete", "incomplete" (with the indent of the next line) or "invalid". @example await runner.isComplete("if (x) {") */
  isComplete(code: string): Promise<{ status: "complete" | "incomplete" | "invalid"; indent?: string }> {
    return this.compiler.isComplete(code);
  }

  /** Stop the compiler thread so the process can exit. @example await runner.close() */
  close(): Promise<void> {
    return this.compiler.close();
  }

  /** `require` from the notebook folder that also serves `tslab` and the local modules compiled with cells. */
  private wrapRequire(base: NodeJS.Require, dir: string): NodeJS.Require {
    const local = (id: string): unknown => {
      let file = join(dir, id);
      if (extname(file) === "") file += ".js";
      const cached = this.sideModules.get(file);
      if (cached) return cached.exports;
      const source = this.sideOutputs.get(file);
      if (source === undefined) return undefined;
      const mod = new Module(file, module);
      mod.filename = file;
      mod.paths = (Module as unknown as { _nodeModulePaths(d: string): string[] })._nodeModulePaths(
        dirname(file),
      );
      mod.require = this.wrapRequire(mod.require as NodeJS.Require, dirname(file));
      (mod as unknown as { _compile(src: string, file: string): void })._compile(source, file);
      this.sideModules.set(file, mod);
      return mod.exports;
    };
    const wrapped = (id: string): any => {
      if (id === "tslab") {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const tslab = require("tslab");
        this.onTslab();
        return tslab;
      }
      if (id.startsWith(".")) {
        const mod = local(id);
        if (mod !== undefined) return mod;
      }
      return base(id);
    };
    return Object.assign(wrapped, base);
  }
}

/** ename / evalue / traceback of a thrown value; an interrupt becomes KeyboardInterrupt. */
export function describeError(err: unknown): Outcome & { status: "error" } {
  if (
    err instanceof KeyboardInterrupt ||
    (err instanceof Error &&
      /^Script execution (was )?interrupted|^Interrupted asynchronously/.test(err.message))
  ) {
    return {
      status: "error",
      ename: INTERRUPT_ENAME,
      evalue: "the kernel was interrupted",
      traceback: [`${INTERRUPT_ENAME}: the kernel was interrupted`],
    };
  }
  if (err instanceof Error || (typeof err === "object" && err !== null && "message" in err)) {
    const e = err as Error;
    const stack = (e.stack ?? `${e.name}: ${e.message}`).split("\n");
    // Keep the student's frames; drop the kernel's plumbing.
    const frames = stack.filter(
      (l) => !/node_modules[\\/]tslab|kernel[\\/]dist|node:internal|node:vm|node:async_hooks/.test(l),
    );
    return {
      status: "error",
      ename: String(e.name ?? "Error"),
      evalue: String(e.message),
      traceback: frames,
    };
  }
  const text = utilInspect(err);
  return {
    status: "error",
    ename: "Error",
    evalue: `thrown value: ${text}`,
    traceback: [`Uncaught ${text}`],
  };
}
