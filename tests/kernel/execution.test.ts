// The execution side of the kernel without sockets: the instrumentation that makes cells
// interruptible, the declarations that survive a failed cell, and the runner that ties them
// together with the compiler thread. Through the real protocol: tests/integration/kernel-*.test.ts.
import vm from "node:vm";
import { afterAll, describe, expect, it } from "vitest";
import { abortAll, newContext, runIn } from "../../kernel/context";
import { declaredValues, survivingDeclarations } from "../../kernel/declarations";
import { instrument, RUNTIME } from "../../kernel/instrument";
import { CellRuntime, KeyboardInterrupt, sharedFlags } from "../../kernel/interrupts";
import { Runner } from "../../kernel/runner";
import { newHeader } from "../../kernel/wire";

/** Run instrumented code with a counting runtime; returns [result, ticks]. */
function runCounted(js: string): [unknown, number] {
  let ticks = 0;
  const rt = { tick: () => void ticks++, enter: () => void ticks++, resumed: (v: unknown) => v };
  const fn = vm.runInThisContext(`(function (${RUNTIME}) { ${instrument(js)} })`) as (rt: unknown) => unknown;
  return [fn(rt), ticks];
}

describe("instrument", () => {
  it("keeps what the code computes (the same program uninstrumented is the reference)", () => {
    const programs = [
      "let s = 0; for (let i = 0; i < 10; i++) s += i; return s;",
      "const f = (x) => x * 2; return [1, 2, 3].map(f).join(',');",
      "const g = (x) => ({ v: x }); return g(4).v;",
      "class A { constructor(x) { this.x = x } get y() { return this.x + 1 } m() { return this.y } } class B extends A { constructor() { super(5) } } return new B().m();",
      "let n = 0; do { n++ } while (n < 3); for (const k in { a: 1, b: 2 }) n += k.length; for (const v of [4, 5]) n += v; return n;",
      "function* gen() { yield 1; yield 2 } return [...gen()].length;",
      "let i = 0; while (i < 5) i++; return i;",
    ];
    for (const p of programs) {
      const reference = vm.runInThisContext(`(function () { ${p} })`)();
      const [value, ticks] = runCounted(p);
      expect(value, p).toEqual(reference);
      expect(ticks, p).toBeGreaterThan(0);
    }
  });

  it("ticks at every loop step, function entry and await", () => {
    expect(runCounted("let i = 0; while (i < 100) i++; return i;")).toEqual([100, 100]);
    expect(runCounted("for (;;) { break } return 1;")).toEqual([1, 1]);
    expect(runCounted("function f() { return 1 } return f() + f();")).toEqual([2, 2]);
    expect(instrument("async function f() { await p; }")).toContain(`${RUNTIME}.resumed(await p)`);
  });

  it("drops TypeScript's `exports.a = exports.b = void 0` preamble and nothing else", () => {
    const out = instrument(
      "exports.a = exports.b = void 0;\nconst a = 1;\nexports.a = a;\nexports.c = void 0;",
    );
    expect(out).not.toContain("exports.a = exports.b = void 0");
    expect(out).toContain("exports.a = a;");
    expect(out).toContain("exports.c = void 0;"); // a single assignment is the program's own
  });
});

describe("survivingDeclarations", () => {
  const prev = "declare const model: string;\ndeclare let epochs: number;\n";
  const next =
    "declare const model: number[];\ndeclare let epochs: number;\ndeclare const fresh = 3;\ninterface Shape {\n    n: number;\n}\n";

  it("keeps what ran with its new type, what did not with its old one, and drops new names that never ran", () => {
    const out = survivingDeclarations(prev, next, (n) => n === "epochs");
    expect(declaredValues(out).sort()).toEqual(["epochs", "model"]);
    expect(out).toContain("declare const model: string;"); // the re-declaration never ran
    expect(out).toContain("interface Shape"); // types need no run
    expect(out).not.toContain("fresh");
  });

  it("takes the new declarations when everything ran", () => {
    const out = survivingDeclarations(prev, next, () => true);
    expect(out).toContain("declare const model: number[];");
    expect(out).toContain("declare const fresh = 3;");
  });

  it("restricts multi-name statements and imports to the names that ran", () => {
    const out = survivingDeclarations(
      "",
      'import { join, dirname } from "path";\nimport type * as T from "dlab";\ndeclare const a = 1, b = 2;\n',
      (n) => n === "join" || n === "b",
    );
    expect(out).toContain('import { join } from "path";');
    expect(out).toContain('import type * as T from "dlab";');
    expect(out).toContain("declare const b = 2;");
    expect(out).not.toMatch(/\ba = 1|dirname/);
  });
});

describe("Runner", () => {
  let interrupts = 0;
  const runtime = new CellRuntime(sharedFlags(), () => {
    interrupts++;
    abortAll();
    runner.interrupt();
  });
  const runner = new Runner(process.cwd(), runtime);
  afterAll(() => runner.close());
  const run = (code: string) =>
    runIn(newContext(newHeader("execute_request", "t")), () => runner.execute(code));

  it("keeps names that ran before a runtime error, with their values and types", async () => {
    expect(await run('const q = 5; let w = 7; throw new Error("boom"); const never1 = 1')).toMatchObject({
      status: "error",
      evalue: "boom",
    });
    expect(await run("q + w")).toMatchObject({ status: "ok", value: 12 });
    expect(await run("never1")).toMatchObject({ status: "error", ename: "TSError" });
    expect(await run("const s: string = q")).toMatchObject({ status: "error", ename: "TSError" }); // q: 5
  });

  it("runs nothing of a cell that does not type-check, and says so", async () => {
    const out = await run('globalThis.touched = 1; const bad: number = "x"');
    expect(out).toMatchObject({ status: "error", ename: "TSError" });
    expect(out.status === "error" && out.traceback.at(-1)).toBe("Nothing in this cell ran: a type error.");
    expect((globalThis as any).touched).toBeUndefined();
  });

  it("lets a cell re-declare a name, and keeps the old one when the new declaration never ran", async () => {
    expect(await run("const model = 1")).toMatchObject({ status: "ok" });
    expect(await run('const model = "two"; model')).toMatchObject({ status: "ok", value: "two" });
    expect(await run('throw new Error("x"); const model = [3]')).toMatchObject({ status: "error" });
    expect(await run("model.toUpperCase()")).toMatchObject({ status: "ok", value: "TWO" });
  });

  it("stops a synchronous endless loop when the flag is set from another thread", async () => {
    // Stands in for the io thread: set the shared flag while the loop runs (its ticks see it).
    const flags = runtime.flags;
    const worker = new (await import("node:worker_threads")).Worker(
      "const { workerData } = require('node:worker_threads'); setTimeout(() => Atomics.store(new Int32Array(workerData), 0, 1), 200);",
      { eval: true, workerData: flags.buffer },
    );
    const before = interrupts;
    const out = await run("let spins = 0; await Promise.resolve(); while (true) { spins++ }");
    await worker.terminate();
    expect(out).toMatchObject({ status: "error", ename: "KeyboardInterrupt" });
    expect(interrupts).toBe(before + 1);
    const after = await run("spins > 0");
    expect(after, JSON.stringify(after)).toMatchObject({ status: "ok", value: true });
  });

  it("throws KeyboardInterrupt in code of an aborted execution", () => {
    const ctx = newContext(newHeader("execute_request", "t"));
    ctx.controller.abort();
    runtime.aborted();
    // A function entry or an await resumption checks at once; a loop within 128 steps.
    const loop = async () => {
      for (let i = 0; i < 200; i++) runtime.tick();
    };
    return Promise.all([
      expect(runIn(ctx, async () => runtime.enter())).rejects.toBeInstanceOf(KeyboardInterrupt),
      expect(runIn(ctx, async () => runtime.resumed(1))).rejects.toBeInstanceOf(KeyboardInterrupt),
      expect(runIn(ctx, loop)).rejects.toBeInstanceOf(KeyboardInterrupt),
    ]);
  });
});
