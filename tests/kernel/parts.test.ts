// Unit tests of the kernel's small pure parts: send queue, offsets, history, connection files,
// is_complete, value formatting, error description and where the bridge is installed.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { address, readConnectionFile } from "../../kernel/connection";
import { formatValue } from "../../kernel/execute";
import { globToRegExp, History } from "../../kernel/history";
import { codePointToUtf16, utf16ToCodePoint } from "../../kernel/offsets";
import { Compiler } from "../../kernel/compiler";
import { describeError } from "../../kernel/runner";
import { SendQueue } from "../../kernel/send-queue";
import { dropPrivileges, lookupUser } from "../../kernel/privileges";
import { installBridge } from "../../kernel/bridge";
import { BRIDGE_KEY, type KernelBridge } from "../../src/bridge";

/** A fake zeromq socket (sendTimeout 0): not writable, failing with EAGAIN, for the first `blocked` sends. */
function fakeSocket(blocked: number) {
  const sent: string[] = [];
  return {
    sent,
    get writable() {
      return blocked <= 0;
    },
    send(frames: Buffer[]): Promise<void> {
      if (blocked-- > 0) return Promise.reject(Object.assign(new Error("would block"), { code: "EAGAIN" }));
      sent.push(frames[0].toString());
      return Promise.resolve();
    },
  };
}

describe("SendQueue", () => {
  it("sends everything in order, retrying messages zeromq could not queue yet", async () => {
    const sock = fakeSocket(3);
    const errors: unknown[] = [];
    const q = new SendQueue(sock, (e) => errors.push(e));
    for (let i = 0; i < 1000; i++) q.push([Buffer.from(String(i))]);
    await q.drain();
    for (let i = 1000; i < 2000; i++) q.push([Buffer.from(String(i))]); // fast path again
    await q.drain();
    expect(errors).toEqual([]);
    expect(sock.sent).toEqual(Array.from({ length: 2000 }, (_, i) => String(i)));
  });

  it("reports a send that fails for another reason and goes on", async () => {
    const errors: unknown[] = [];
    let n = 0;
    const sock = { send: () => (n++ === 0 ? Promise.reject(new Error("closed")) : Promise.resolve()) };
    const q = new SendQueue(sock, (e) => errors.push(e));
    q.push([Buffer.from("a")]);
    q.push([Buffer.from("b")]);
    await q.drain();
    expect(errors.map((e) => (e as Error).message)).toEqual(["closed"]);
  });
});

describe("bridge", () => {
  it("is installed under dlab's BRIDGE_KEY, where src/display.ts looks for it", () => {
    const g = globalThis as Record<symbol, unknown>;
    const bridge = { display() {} } as unknown as KernelBridge;
    try {
      installBridge(bridge);
      expect(g[BRIDGE_KEY]).toBe(bridge);
    } finally {
      delete g[BRIDGE_KEY];
    }
  });
});

describe("offsets", () => {
  it("converts between code points (Jupyter) and UTF-16 units (JavaScript)", () => {
    const s = "a😀b𝑥c";
    expect([...s].length).toBe(5);
    expect(codePointToUtf16(s, 2)).toBe(3);
    expect(codePointToUtf16(s, 5)).toBe(s.length);
    expect(codePointToUtf16(s, 99)).toBe(s.length);
    expect(utf16ToCodePoint(s, 3)).toBe(2);
    expect(utf16ToCodePoint(s, s.length)).toBe(5);
  });
});

describe("History", () => {
  const h = new History();
  ["a = 1", "6 * 7", "b = 2", "6 * 7"].forEach((code, i) => h.add(i + 1, code));
  h.setOutput(2, "42");

  it("answers tail, range and search like IPython", () => {
    expect(h.query({ hist_access_type: "tail", n: 2 })).toEqual([
      [1, 3, "b = 2"],
      [1, 4, "6 * 7"],
    ]);
    expect(h.query({ hist_access_type: "range", session: 0, start: 2, stop: 3, output: true })).toEqual([
      [1, 2, ["6 * 7", "42"]],
    ]);
    expect(h.query({ hist_access_type: "search", pattern: "6 ? 7" })).toHaveLength(2);
    expect(h.query({ hist_access_type: "search", pattern: "6 ? 7", unique: true })).toEqual([
      [1, 4, "6 * 7"],
    ]);
    expect(h.query({ hist_access_type: "range", session: 7 })).toEqual([]);
    expect(globToRegExp("a.*").test("a.bc")).toBe(true);
    expect(globToRegExp("a.*").test("abc")).toBe(false);
  });
});

describe("connection file", () => {
  const write = (info: object) => {
    const f = join(mkdtempSync(join(tmpdir(), "dlab-conn-")), "kernel.json");
    writeFileSync(f, JSON.stringify(info));
    return f;
  };
  const base = {
    ip: "127.0.0.1",
    key: "s3cr3t-value",
    shell_port: 1,
    control_port: 2,
    iopub_port: 3,
    stdin_port: 4,
    hb_port: 5,
  };

  it("builds tcp and ipc addresses the way jupyter_client does", () => {
    const info = readConnectionFile(write({ ...base, transport: "tcp" }));
    expect(address(info, "shell")).toBe("tcp://127.0.0.1:1");
    expect(address({ ...info, transport: "ipc", ip: "/tmp/k" }, "hb")).toBe("ipc:///tmp/k-5");
  });

  it("names the bad field and never echoes the key", () => {
    const bad = () => readConnectionFile(write({ ...base, signature_scheme: "hmac-md5" }));
    expect(bad).toThrow(/"signature_scheme" must be "hmac-sha256", got "hmac-md5"/);
    expect(() => readConnectionFile(write({ ...base, hb_port: "x" }))).toThrow(
      /"hb_port" must be a port number, got "x"/,
    );
    expect(() => readConnectionFile(write({ ...base, transport: "udp" }))).toThrow(
      /"transport" must be "tcp" or "ipc", got "udp"/,
    );
    // A broken file: V8's JSON error would quote the text around the key; ours does not.
    const f = write({});
    writeFileSync(f, `{"key": "${base.key}", oops}`);
    expect(() => readConnectionFile(f)).toThrow(/is not valid JSON$/);
    let message = "";
    try {
      readConnectionFile(f);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).not.toContain(base.key);
  });
});

describe("language helpers", () => {
  it("classifies code as complete, incomplete (with indent) or invalid (in the compiler thread)", async () => {
    const compiler = new Compiler();
    try {
      expect(await compiler.isComplete("const a = 1;")).toEqual({ status: "complete" });
      expect(await compiler.isComplete("function f() {")).toEqual({ status: "incomplete", indent: "  " });
      expect(await compiler.isComplete("const = 5;")).toEqual({ status: "invalid" });
    } finally {
      await compiler.close();
    }
  });

  it("formats values like Node's REPL", () => {
    expect(formatValue(42)).toBe("42");
    expect(formatValue("a")).toBe("'a'");
    expect(formatValue({ a: [1, 2] })).toBe("{ a: [ 1, 2 ] }");
  });

  it("describes thrown values; interrupts become KeyboardInterrupt", () => {
    expect(describeError(new RangeError("too big"))).toMatchObject({
      ename: "RangeError",
      evalue: "too big",
    });
    expect(describeError(new Error("Script execution interrupted."))).toMatchObject({
      ename: "KeyboardInterrupt",
    });
    expect(describeError(new Error("Interrupted asynchronously"))).toMatchObject({
      ename: "KeyboardInterrupt",
    });
    expect(describeError("plain")).toMatchObject({ ename: "Error", evalue: "thrown value: 'plain'" });
  });
});

describe("privileges", () => {
  it("reads users by name, by uid, and ids of no account as uid:gid", () => {
    expect(lookupUser("root")).toEqual({ uid: 0, gid: 0 });
    expect(lookupUser("0")).toEqual({ uid: 0, gid: 0 });
    expect(lookupUser("2000012345:2000012345")).toEqual({ uid: 2000012345, gid: 2000012345 });
    expect(lookupUser("no-such-user-here")).toBeUndefined();
  });

  it.skipIf(process.getuid?.() !== 0)("refuses to keep root, naming DLAB_KERNEL_USER and what came", () => {
    expect(() => dropPrivileges("0:0")).toThrow(
      /DLAB_KERNEL_USER: expected a user other than root, got "0:0"/,
    );
    expect(() => dropPrivileges("2000012345:0")).toThrow(/other than root, got "2000012345:0"/);
    expect(() => dropPrivileges("no-such-user-here")).toThrow(
      /expected a user of this machine, got "no-such-user-here"/,
    );
    expect(process.getuid?.()).toBe(0);
  });
});
