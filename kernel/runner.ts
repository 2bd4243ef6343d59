/**
 * The language work, done by tslab's converter and executor: compile a cell (type check,
 * top-level await), run it, complete, inspect. tslab reports results by printing; this adapter
 * hands it a console that captures them instead, so the kernel can send `execute_result` and
 * `error` messages.
 */
import { inspect as utilInspect } from "node:util";
import type { Converter } from "tslab/dist/converter";
import type { Executor } from "tslab/dist/executor";

// tslab (and the TypeScript compiler under it) load lazily: the kernel answers kernel_info
// before paying for them, and warms them up right after (see Runner.warm).
/* eslint-disable @typescript-eslint/no-require-imports */
const tslab = {
  converter: () => require("tslab/dist/converter") as typeof import("tslab/dist/converter"),
  executor: () => require("tslab/dist/executor") as typeof import("tslab/dist/executor"),
  inspect: () => require("tslab/dist/inspect") as typeof import("tslab/dist/inspect"),
  ts: () => require("@tslab/typescript-for-tslab"),
};
/* eslint-enable @typescript-eslint/no-require-imports */

/** What running a cell gave. */
export type Outcome =
  | { status: "ok"; value?: unknown; hasValue: boolean; warnings: string[] }
  | { status: "error"; ename: string; evalue: string; traceback: string[] };

/** The name an interrupted execution's error carries (as in IPython). */
export const INTERRUPT_ENAME = "KeyboardInterrupt";

/** The name of the type-only import that keeps dlab's types loaded (see Runner.warm). */
const WARM_NAME = "$dlab_preload";

function resolvesFrom(name: string, dir: string): boolean {
  try {
    require.resolve(`${name}/package.json`, { paths: [dir] });
    return true;
  } catch {
    return false;
  }
}

/** What the executor reported while one cell ran. */
interface Capture {
  values: unknown[];
  errors: unknown[];
  diagnostics: string[];
}

/** Lazily created converters, as tslab's own main does (the browser one is rarely needed). */
class Converters {
  private nodeConv?: Converter;
  private browserConv?: Converter;
  get node(): Converter {
    return (this.nodeConv ??= tslab.converter().createConverter({ isJS: false, isBrowser: false }));
  }
  get browser(): Converter {
    return (this.browserConv ??= tslab.converter().createConverter({ isJS: false, isBrowser: true }));
  }
  close(): void {
    this.nodeConv?.close();
    this.browserConv?.close();
  }
}

/** Compiles and runs cells in the kernel process, with modules resolved from the working directory. */
export class Runner {
  private ex?: Executor;
  private readonly convs = new Converters();
  private capture: Capture = { values: [], errors: [], diagnostics: [] };

  /** Cheap: the compiler is created on first use or by {@link warm}; then `onLoaded` runs. @example const runner = new Runner(process.cwd()); */
  constructor(
    private readonly rootDir: string,
    private readonly onLoaded: () => void = () => {},
  ) {}

  /** Create the compiler and type-check an empty program now (~1 s), so the first cell is fast. @example runner.warm() */
  warm(): void {
    if (this.ex) return;
    const ex = this.executor;
    // The labs start with `import * as dl from "dlab"`. Load its type declarations (and tfjs's,
    // ~1 s of type checking) now, while the student reads the notebook: a type-only import stays
    // in tslab's declarations, so the types stay loaded and that first import is fast.
    if (resolvesFrom("dlab", this.rootDir)) {
      ex.execute(`import type * as ${WARM_NAME} from "dlab";`).catch(() => {});
    }
  }

  private get executor(): Executor {
    return (this.ex ??= this.createExecutor());
  }

  private createExecutor(): Executor {
    void this.convs.node; // build the type checker's first program
    const sink = {
      // tslab calls log() only to print the last expression's value.
      log: (value: unknown) => this.capture.values.push(value),
      // …and error() for diagnostics ("%s%d:%d - %s", file, line, col, text) or thrown values.
      error: (first: unknown, ...rest: unknown[]) => {
        if (first === "%s%d:%d - %s")
          this.capture.diagnostics.push(`${rest[0]}${rest[1]}:${rest[2]} - ${rest[3]}`);
        else this.capture.errors.push(first);
      },
    };
    const executor = tslab.executor().createExecutor(this.rootDir, this.convs, sink);
    this.onLoaded();
    return executor;
  }

  /**
   * Compile and run a cell. Resolves when it finished, failed, or was interrupted.
   * @example const out = await runner.execute("1 + 1"); // → { status: "ok", value: 2, hasValue: true }
   */
  async execute(code: string): Promise<Outcome> {
    const capture: Capture = (this.capture = { values: [], errors: [], diagnostics: [] });
    const ok = await this.executor.execute(code);
    if (ok) {
      const hasValue = capture.values.length > 0;
      return { status: "ok", value: capture.values[0], hasValue, warnings: capture.diagnostics };
    }
    if (capture.diagnostics.length > 0) {
      return {
        status: "error",
        ename: "TSError",
        evalue: capture.diagnostics[0],
        traceback: capture.diagnostics,
      };
    }
    return describeError(capture.errors[0]);
  }

  /** Stop the awaited part of the running cell (the synchronous part stops on SIGINT). @example runner.interrupt() */
  interrupt(): void {
    this.ex?.interrupt();
  }

  /**
   * Completions at a UTF-16 offset.
   * @example runner.complete("Math.ab", 7).candidates // → ["abs"]
   */
  complete(code: string, pos: number): { start: number; end: number; candidates: string[] } {
    const info = this.executor.complete(code, pos);
    return { start: info.start, end: info.end, candidates: info.candidates };
  }

  /** Type and doc comment of the name at a UTF-16 offset, or null. @example runner.inspect("Math.max", 6) */
  inspect(code: string, pos: number): string | null {
    const info = this.executor.inspect(code, pos);
    return info ? tslab.inspect().printQuickInfo(info) : null;
  }

  /** Release the compiler's watchers so the process can exit. @example runner.close() */
  close(): void {
    this.ex?.close();
  }
}

/** "complete", "incomplete" (with the indent of the next line) or "invalid". @example isComplete("if (x) {") */
export function isComplete(code: string): { status: "complete" | "incomplete" | "invalid"; indent?: string } {
  const res = tslab.converter().isCompleteCode(code);
  if (!res.completed) return { status: "incomplete", indent: res.indent ?? "" };
  return hasSyntaxError(code) ? { status: "invalid" } : { status: "complete" };
}

function hasSyntaxError(code: string): boolean {
  const ts = tslab.ts();
  const sf = ts.createSourceFile("cell.ts", code, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  return (sf.parseDiagnostics?.length ?? 0) > 0;
}

/** ename / evalue / traceback of a thrown value; an interrupt becomes KeyboardInterrupt. */
export function describeError(err: unknown): Outcome & { status: "error" } {
  if (err instanceof Error || (typeof err === "object" && err !== null && "message" in err)) {
    const e = err as Error;
    if (/^Script execution (was )?interrupted|^Interrupted asynchronously/.test(e.message)) {
      return {
        status: "error",
        ename: INTERRUPT_ENAME,
        evalue: "the kernel was interrupted",
        traceback: [`${INTERRUPT_ENAME}: the kernel was interrupted`],
      };
    }
    const stack = (e.stack ?? `${e.name}: ${e.message}`).split("\n");
    // Keep the student's frames; drop the kernel's and tslab's plumbing.
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
