// The compile server that `dlab grade` shares among a slot's kernels (kernel/compile-server.ts),
// a real server process spoken to by the kernel's real Compiler: the same answers as a kernel's own
// thread, and whatever happens to the server, the kernel's requests are still answered.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Compiler, importsLocalFile } from "../../kernel/compiler";

const SERVER = path.resolve(__dirname, "../../kernel/dist/compile-server.js");
const started: ChildProcess[] = [];
const compilers: Compiler[] = [];

afterEach(async () => {
  for (const c of compilers.splice(0)) await c.close();
  for (const p of started.splice(0)) p.kill("SIGKILL");
  delete process.env.DLAB_COMPILE_SERVER;
});

/** Start a server on a fresh socket and wait until it listens. */
async function startServer(
  env: NodeJS.ProcessEnv = {},
): Promise<{ proc: ChildProcess; sock: string; dir: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dlab-cs-"));
  fs.chmodSync(dir, 0o777);
  const sock = path.join(dir, "0.sock");
  const proc = spawn(process.execPath, [SERVER, sock], { env: { ...process.env, ...env }, stdio: "ignore" });
  started.push(proc);
  for (let i = 0; i < 200 && !fs.existsSync(sock); i++) await new Promise((r) => setTimeout(r, 50));
  expect(fs.existsSync(sock)).toBe(true);
  return { proc, sock, dir };
}

/** A kernel's Compiler that talks to `sock` (the env is read when it is made). */
function compilerFor(sock: string | undefined): Compiler {
  if (sock) process.env.DLAB_COMPILE_SERVER = sock;
  else delete process.env.DLAB_COMPILE_SERVER;
  const c = new Compiler();
  delete process.env.DLAB_COMPILE_SERVER;
  compilers.push(c);
  return c;
}

/** Threads of a process (the kernel's own compiler thread shows up as one more). */
const threads = () => fs.readdirSync(`/proc/${process.pid}/task`).length;

const CELL = "const xs: number[] = [1, 2, 3];\nconst total = xs.reduce((a, b) => a + b, 0);\ntotal";
const BAD = 'const n: number = "three";';

describe("compile server", () => {
  it("answers like the kernel's own thread: code, declarations, type errors, modules", async () => {
    const { sock } = await startServer();
    const local = compilerFor(undefined);
    const served = compilerFor(sock);
    for (const c of [local, served]) {
      const mod = await c.compile(
        "",
        "/** @module geo */\nexport const area = (r: number) => Math.PI * r * r;",
      );
      expect(mod.kind).toBe("module");
    }
    const before = threads();
    for (const [prev, src] of [
      ["", CELL],
      ["", BAD],
      ["", 'import { area } from "./geo";\narea(2)'],
    ]) {
      const a = await local.compile(prev, src);
      const b = await served.compile(prev, src);
      expect(b).toEqual(a);
    }
    expect((await served.compile("", BAD)).diagnostics.join("\n")).toMatch(/not assignable to type 'number'/);
    expect(await served.isComplete("if (x) {")).toEqual(await local.isComplete("if (x) {"));
    expect(await served.complete("", "Math.ab", 7)).toEqual(await local.complete("", "Math.ab", 7));
    // the served compiler started no thread of its own
    expect(threads()).toBe(before);
  }, 60_000);

  it("two kernels share the parsed declarations: the second one's first compile is several times cheaper", async () => {
    const { proc, sock } = await startServer();
    // the server's CPU time in clock ticks (utime + stime of /proc/<pid>/stat)
    const ticks = () => {
      const f = fs.readFileSync(`/proc/${proc.pid}/stat`, "utf8").split(")")[1].trim().split(" ");
      return Number(f[11]) + Number(f[12]);
    };
    const warm = 'import type * as W from "dlab";';
    let t = ticks();
    expect((await compilerFor(sock).compile("", warm)).diagnostics).toEqual([]);
    const first = ticks() - t;
    t = ticks();
    expect((await compilerFor(sock).compile("", warm)).diagnostics).toEqual([]);
    const second = ticks() - t;
    expect(second * 3).toBeLessThan(first);
  }, 60_000);

  it("a cell importing a file of the kernel's folder is compiled on the kernel's own thread (the server cannot see it)", async () => {
    const { sock } = await startServer();
    const local = compilerFor(undefined);
    const served = compilerFor(sock);
    expect((await served.compile("", CELL)).diagnostics).toEqual([]);
    const src = 'import { helper } from "./no-such-helper";\nhelper()';
    const before = threads();
    const b = await served.compile("", src);
    expect(threads()).toBe(before + 1);
    expect(b).toEqual(await local.compile("", src));
    expect(b.diagnostics.join("\n")).toMatch(/Cannot find module '.\/no-such-helper'/);
  }, 60_000);

  it("knows which imports are the kernel's own files", () => {
    const geo = {
      id: 1,
      op: "compile" as const,
      prevDecl: "",
      src: "/** @module geo */\nexport const a = 1;",
    };
    expect(importsLocalFile('import { a } from "./geo";', [geo])).toBe(false);
    expect(importsLocalFile('import { a } from "./geo.ts";', [geo])).toBe(false);
    expect(importsLocalFile('import * as dl from "dlab";\nimport fs from "fs";', [])).toBe(false);
    expect(importsLocalFile('import { a } from "./geo";', [])).toBe(true);
    expect(importsLocalFile('const m = await import("../lib/m");', [geo])).toBe(true);
    expect(importsLocalFile('const m = require("./data.json");', [geo])).toBe(true);
    expect(importsLocalFile("export { a } from './helpers/a';", [geo])).toBe(true);
  });

  it("a kernel whose server is not there compiles on its own thread", async () => {
    const c = compilerFor(path.join(os.tmpdir(), `dlab-no-such-${process.pid}.sock`));
    const r = await c.compile("", CELL);
    expect(r.diagnostics).toEqual([]);
    expect(r.output).toContain("reduce");
  }, 60_000);

  it("when the server dies, pending requests are answered by the kernel's own thread, modules registered again", async () => {
    const { proc, sock } = await startServer();
    const c = compilerFor(sock);
    expect((await c.compile("", "/** @module geo */\nexport const area = (r: number) => r * r;")).kind).toBe(
      "module",
    );
    proc.kill("SIGKILL");
    await new Promise((r) => proc.once("exit", r));
    const r = await c.compile("", 'import { area } from "./geo";\narea(3)');
    expect(r.diagnostics).toEqual([]);
    expect(r.output).toContain("area");
  }, 60_000);

  it("a kernel leaving during a type check does not stall the others: they go on, the server serves new kernels", async () => {
    const { sock } = await startServer();
    // A raw kernel that asks for a (first, slow: ~2 s) compile and goes away before the answer.
    const quitter = net.createConnection(sock);
    await new Promise((r) => quitter.once("connect", r));
    quitter.write(JSON.stringify({ cwd: process.cwd() }) + "\n");
    quitter.write(
      JSON.stringify({ id: 1, op: "compile", prevDecl: "", src: 'import type * as W from "dlab";' }) + "\n",
    );
    const other = compilerFor(sock);
    const pending = other.compile("", CELL); // queued behind the quitter's request
    await new Promise((r) => setTimeout(r, 200));
    quitter.destroy();
    const r = await pending;
    expect(r.diagnostics).toEqual([]);
    expect(r.output).toContain("reduce");
    const late = compilerFor(sock);
    expect((await late.compile("", BAD)).diagnostics.length).toBe(1);
  }, 60_000);

  it("an interrupted type check (abandon) leaves the server for the kernel's own thread", async () => {
    const { sock } = await startServer();
    const c = compilerFor(sock);
    const before = threads();
    const first = c.compile("", 'import type * as W from "dlab";');
    c.abandon();
    await expect(first).rejects.toThrow(/restarted/);
    expect((await c.compile("", CELL)).diagnostics).toEqual([]);
    expect(threads()).toBe(before + 1); // its own compiler thread now
  }, 60_000);

  it.skipIf(process.getuid?.() !== 0)(
    "started as root with DLAB_KERNEL_USER, it serves as that user",
    async () => {
      const { proc } = await startServer({ DLAB_KERNEL_USER: "nobody" });
      const nobody = Number(execFileSync("id", ["-u", "nobody"], { encoding: "utf8" }).trim());
      const status = fs.readFileSync(`/proc/${proc.pid}/status`, "utf8");
      const uids = /^Uid:\s+(.*)$/m.exec(status)![1].split(/\s+/).map(Number);
      expect(uids).toEqual([nobody, nobody, nobody, nobody]);
    },
    60_000,
  );
});
