// The kernel's converter (kernel/converter.ts) against tslab's, the reference it replaces: the
// same cells, run in the same order from the repository root (where `dlab` resolves), must give
// the same JavaScript, declarations, diagnostics, completions and quick info.
/* eslint-disable @typescript-eslint/no-require-imports */
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Converter } from "../../kernel/converter";
import { PRELUDE } from "../../kernel/runner";

type TslabConverter = import("tslab/dist/converter").Converter;
const reference: TslabConverter = (
  require("tslab/dist/converter") as typeof import("tslab/dist/converter")
).createConverter({ isJS: false, isBrowser: false });
const ours = new Converter();

afterAll(() => reference.close());

/** A result as JSON, without tslab's debugging field. */
const plain = (x: unknown) =>
  JSON.parse(JSON.stringify(x ?? null, (k, v) => (k === "original" ? undefined : v)));

const CELLS = [
  'import * as dl from "dlab"',
  "1 + 1",
  'const a = 1; let b = "x"; function f(x: number) { return x * 2 }',
  "f(a) + b",
  "interface P { x: number }\ntype Q = P | string;\nclass C { y = 2 }\nenum E { A, B }",
  'const a = "again"; const p: P = { x: 1 }; a',
  "type C = number; const c: C = 3",
  "let C = 5",
  "const { u, v: [w] } = { u: 1, v: [2] }; u + w",
  "await new Promise((r) => setTimeout(r, 1)); const z = await Promise.resolve(3); z",
  'const bad: number = "s"',
  "undefinedName + 1",
  "async function g() { await 1 }; const h = () => { await 1 }",
  'import { readFileSync } from "fs"; import path, { join } from "path"',
  "const join = 3; type readFileSync = string;",
  "const tsLastExpr = 1; tsLastExpr + 1",
  'for (let i = 0; i < 3; i++) { }\nconsole.log("x")',
  "const m = dl.tensor([1, 2]); m.shape",
  "/** doc */ export const ex = 1",
  'let x: number = 1;\nx = "a";\nlet y: string = 2;',
  "declare const dd: number; namespace NS { export const q = 1 }",
];

/** Globals that other @types packages of this workspace declare (tslab's converter offers them). */
const OTHER_TYPES_GLOBALS = ["Chai", "d3", "FS", "GeoJSON", "IDBFS", "Long", "MEMFS", "Module", "NODEFS"]
  .concat(["OffscreenCanvas", "OffscreenCanvasRenderingContext2D", "createImageBitmap", "React"])
  .concat(["seedrandom", "TripleBeam"]);

describe("the kernel's converter, against tslab's", () => {
  // Both run the same cells; each keeps its own declarations, as the kernel does.
  let prevRef = PRELUDE;
  let prevOurs = PRELUDE;

  it("compiles a sequence of cells to the same output, declarations and diagnostics", () => {
    for (const cell of CELLS) {
      const want = reference.convert(prevRef, cell);
      const got = ours.convert(prevOurs, cell);
      expect(plain(got), cell).toEqual(plain(want));
      if (want.diagnostics.length === 0) prevRef = want.declOutput ?? prevRef;
      if (got.diagnostics.length === 0) prevOurs = got.declOutput ?? prevOurs;
    }
    expect(prevOurs).toBe(prevRef);
    expect(prevOurs).toContain('import * as dl from "dlab"');
  });

  it("completes and inspects the same", () => {
    const probes: Array<[string, number]> = [
      ["dl.ten", 6],
      ["Math.ma", 7],
      ["a.", 2],
      ["", 0],
      ["f(a) + ", 7],
      ["pro", 3],
    ];
    for (const [src, pos] of probes) {
      const want = plain(reference.complete(prevRef, src, pos));
      // Cells see the globals of @types/node only, not those of the workspace's other @types
      // (React, d3, Chai, …) that tslab's converter offers though they do not exist in the kernel.
      const got = plain(ours.complete(prevOurs, src, pos));
      const notOffered = want.candidates.filter((c: string) => !got.candidates.includes(c));
      expect(
        notOffered.filter((c: string) => !OTHER_TYPES_GLOBALS.includes(c)),
        src,
      ).toEqual([]);
      expect(got, src).toEqual({
        ...want,
        candidates: want.candidates.filter((c: string) => !notOffered.includes(c)),
      });
      const at = Math.max(0, pos - 1);
      expect(plain(ours.inspect(prevOurs, src, at)), src).toEqual(plain(reference.inspect(prevRef, src, at)));
    }
  });

  it("registers `@module` cells a later cell imports, with the same diagnostics", () => {
    const mod = "export const k: number = 'x'; export function sq(x: number) { return x * x }";
    expect(plain(ours.addModule("mymod", mod))).toEqual(plain(reference.addModule("mymod", mod)));
    const use = 'import { sq } from "./mymod"; sq(3)';
    const failed = ours.convert(prevOurs, use); // the module's type error stops the cell
    expect(plain(failed)).toEqual(plain(reference.convert(prevRef, use)));
    expect(failed.diagnostics[0].fileName).toBe("mymod.ts");
    const fixed = mod.replace("'x'", "1");
    expect(plain(ours.addModule("mymod", fixed))).toEqual(plain(reference.addModule("mymod", fixed)));
    const got = ours.convert(prevOurs, use);
    expect(plain(got)).toEqual(plain(reference.convert(prevRef, use)));
    expect(got.sideOutputs?.[0].data).toContain("function sq");
  });
});

describe("the kernel's converter on its own", () => {
  const dir = mkdtempSync(join(tmpdir(), "dlab-converter-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reads a local module again when it changes on disk, and emits it only then", () => {
    const c = new Converter(dir);
    const file = join(dir, "helper.ts");
    writeFileSync(file, "export const v: number = 1;\n");
    const first = c.convert("", 'import { v } from "./helper"; v');
    expect(first.diagnostics).toEqual([]);
    expect(first.sideOutputs?.map((s) => s.data).join("")).toContain("exports.v = 1");
    expect(c.convert(first.declOutput ?? "", "v + 1").sideOutputs).toBeUndefined();
    writeFileSync(file, 'export const v: string = "two";\n');
    utimesSync(file, new Date(), new Date(Date.now() + 5000)); // a different mtime, however fast the disk
    const again = c.convert("", 'import { v } from "./helper"; v');
    expect(again.sideOutputs?.map((s) => s.data).join("")).toContain('exports.v = "two"');
    expect(c.convert(again.declOutput ?? "", "const n: number = v").diagnostics[0]?.messageText).toBe(
      "Type 'string' is not assignable to type 'number'.",
    );
  });

  it("offers Node's globals and not those of other @types packages", () => {
    const { candidates } = new Converter().complete("", "", 0); // the repository root: @types/react is there
    for (const name of ["process", "Buffer", "require", "console", "setTimeout"])
      expect(candidates).toContain(name);
    for (const name of ["React", "d3", "Chai"]) expect(candidates).not.toContain(name);
  });

  it("exports names with leading underscores (tslab's converter fails on them)", () => {
    const got = new Converter(dir).convert("", "const __x = 1; __x");
    expect(got.diagnostics).toEqual([]);
    expect(got.declOutput).toContain("declare const __x = 1;");
  });
});
