// Check records (src/check/record.ts): the line format the class view and `dlab grade` read,
// where it goes, that a failing write never breaks a check, and hidden checks (check/hidden.ts).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createRequire } from "node:module";
import * as check from "../../src/check/index";
import { labId, parseRecords, readRecords, recordLine, recordsFile } from "../../src/check/record";
import { capturePrints } from "./check-helpers";

const out = capturePrints();
let dir: string;
const saved = { ...process.env };
// the fs module object a notebook's require("fs") gets (an ES namespace import is read-only)
const cjsFs = createRequire(import.meta.url)("node:fs") as { appendFileSync: unknown };

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "dlab-records-"));
  process.env.DLAB_RECORDS = path.join(dir, "r.jsonl");
  process.env.DLAB_LAB = "02-backprop";
});
afterEach(() => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("check records", () => {
  it("one JSON line per check result, with lab, name, verdict and time, never the answer", async () => {
    await check.close("z", 0.75, 0.7310585786, { hint: "apply σ" });
    await check.close("z", 0.7310585786, 0.7310585786);
    const text = fs.readFileSync(process.env.DLAB_RECORDS!, "utf8");
    const lines = text.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    const [bad, ok] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(Object.keys(ok)).toEqual(["v", "lab", "check", "ok", "time"]);
    expect(ok).toMatchObject({ v: 1, lab: "02-backprop", check: "z", ok: true });
    expect(bad).toMatchObject({ v: 1, lab: "02-backprop", check: "z", ok: false, hint: "apply σ" });
    expect(new Date(ok.time as string).toISOString()).toBe(ok.time);
    expect(text).not.toMatch(/0\.731|0\.75/);
    expect(readRecords(process.env.DLAB_RECORDS!).map((r) => r.ok)).toEqual([false, true]);
  });

  it("the lab comes from DLAB_LAB, else the notebook jupyter_server names in JPY_SESSION_NAME", () => {
    expect(labId({ DLAB_LAB: "x" })).toBe("x");
    expect(labId({ JPY_SESSION_NAME: "/home/ana/labs/02-backprop.ipynb" })).toBe("02-backprop");
    expect(labId({ JPY_SESSION_NAME: "labs/01-perceptron.ipynb" })).toBe("01-perceptron");
    expect(labId({})).toBe("unknown");
    expect(recordsFile("02-backprop", {})).toBe(
      path.join(os.homedir(), ".dlab", "records", "02-backprop.jsonl"),
    );
    expect(recordsFile("../etc", {})).toBe(path.join(os.homedir(), ".dlab", "records", "__etc.jsonl"));
    expect(recordsFile("x", { DLAB_RECORDS: "off" })).toBeNull();
  });

  it("the default file lives in a 0700 folder with mode 0600", async () => {
    delete process.env.DLAB_RECORDS;
    const home = path.join(dir, "home");
    process.env.HOME = home;
    await check.close("z", 1, 1);
    const file = path.join(home, ".dlab", "records", "02-backprop.jsonl");
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(readRecords(file)).toHaveLength(1);
  });

  it("a write that fails, or fs replaced by notebook code, changes nothing about the check", async () => {
    process.env.DLAB_RECORDS = path.join(dir, "missing", "folder", "r.jsonl");
    const r = await check.close("z", 1, 1);
    expect(r.ok).toBe(true);
    expect(out.printed).toEqual(["✔ z: right"]);
    process.env.DLAB_RECORDS = path.join(dir, "r.jsonl");
    const original = cjsFs.appendFileSync;
    cjsFs.appendFileSync = () => {};
    try {
      await check.close("z", 0, 1);
    } finally {
      cjsFs.appendFileSync = original;
    }
    expect(readRecords(process.env.DLAB_RECORDS).map((r) => r.ok)).toEqual([false]);
  });

  it("the parser skips blank, broken and foreign lines", () => {
    const good = recordLine("bce", true, { lab: "02-backprop", time: new Date(0) });
    const text = `${good}\n\nnot json\n{"v":2,"check":"x"}\n{"v":1,"lab":"l","check":"c","ok":"yes","time":"t"}\n${good.slice(0, 20)}`;
    expect(parseRecords(text)).toEqual([
      { v: 1, lab: "02-backprop", check: "bce", ok: true, time: "1970-01-01T00:00:00.000Z" },
    ]);
    expect(readRecords(path.join(dir, "none.jsonl"))).toEqual([]);
  });
});

describe("dl.check.hidden", () => {
  it("records one hidden line; the checks it uses are neither printed nor recorded", async () => {
    const ok = await check.hidden("bce, other inputs", () => check.close("inner", 2, 2));
    const bad = await check.hidden("bce, more", async () => [await check.close("inner", 1, 2)], {
      hint: "clip first",
    });
    const threw = await check.hidden("bce, throws", () => {
      throw new Error("boom");
    });
    const no = await check.hidden("plain false", () => false);
    expect([ok.ok, bad.ok, threw.ok, no.ok]).toEqual([true, false, false, false]);
    expect(out.printed).toEqual([
      "✔ bce, other inputs: right",
      "✘ bce, more: not yet — clip first",
      expect.stringMatching(/^✘ bce, throws: not yet — .*\(it threw: boom\)$/),
      expect.stringMatching(/^✘ plain false: not yet/),
    ]);
    const recs = readRecords(process.env.DLAB_RECORDS!);
    expect(recs.map((r) => [r.check, r.ok, r.hidden])).toEqual([
      ["bce, other inputs", true, true],
      ["bce, more", false, true],
      ["bce, throws", false, true],
      ["plain false", false, true],
    ]);
  });
});
