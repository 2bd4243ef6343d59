// Signing and framing of the Jupyter wire format, against RFC 4231 test vectors and against
// jupyter_client's own Session (an independent implementation, run from .venv).
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { clockSkewSeconds, DEFAULT_CLOCK_SKEW_S, replayFloor, SignatureHistory } from "../../kernel/replay";
import {
  decode,
  DELIM,
  encode,
  MAX_HEADER_DEPTH,
  nestsDeeper,
  newHeader,
  sign,
  split,
  verify,
} from "../../kernel/wire";
import { JUPYTER_PATH, PYTHON } from "./driver";

const b = (s: string) => Buffer.from(s, "utf8");

describe("sign", () => {
  it("matches RFC 4231 HMAC-SHA256 test vectors, however the data is split into frames", () => {
    // RFC 4231, test case 2.
    const key = b("Jefe");
    const want = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
    expect(sign(key, [b("what do ya want for nothing?")])).toBe(want);
    expect(sign(key, [b("what do ya "), b("want for "), b("nothing?")])).toBe(want);
    // RFC 4231, test case 1: key 0x0b × 20, "Hi There".
    expect(sign(Buffer.alloc(20, 0x0b), [b("Hi There")])).toBe(
      "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
    );
  });

  it("is off with an empty key", () => {
    expect(sign(Buffer.alloc(0), [b("x")])).toBe("");
    expect(verify(Buffer.alloc(0), b("anything"), [b("x")])).toBe(true);
  });

  it("verify rejects a wrong, truncated, upper-cased or empty signature", () => {
    const key = b("k");
    const parts = [b("{}"), b("{}"), b("{}"), b("{}")];
    const good = sign(key, parts);
    expect(verify(key, b(good), parts)).toBe(true);
    expect(verify(key, b(good.slice(0, 63) + (good[63] === "0" ? "1" : "0")), parts)).toBe(false);
    expect(verify(key, b(good.slice(0, 32)), parts)).toBe(false);
    expect(verify(key, b(good.toUpperCase()), parts)).toBe(good === good.toUpperCase());
    expect(verify(key, b(""), parts)).toBe(false);
  });
});

describe("framing", () => {
  const key = b("secret-key");
  const message = () => ({
    identities: [b("id-1"), b("id-2")],
    header: newHeader("execute_request", "s1"),
    parent_header: {},
    metadata: {},
    content: { code: "1 + 1", ünïcode: "😀" },
    buffers: [Buffer.from([0, 1, 2])],
  });

  it("encodes identities, the <IDS|MSG> delimiter, the signature, four JSON frames and buffers", () => {
    const frames = encode(key, message());
    expect(frames).toHaveLength(2 + 1 + 1 + 4 + 1);
    expect(frames[2].equals(DELIM)).toBe(true);
    expect(frames[3].toString()).toBe(sign(key, frames.slice(4, 8)));
    expect(frames[8]).toEqual(Buffer.from([0, 1, 2]));
    const raw = split(frames);
    expect(raw?.identities.map(String)).toEqual(["id-1", "id-2"]);
    expect(raw?.buffers).toHaveLength(1);
  });

  it("round-trips through decode, and rejects malformed frames", () => {
    const msg = message();
    const res = decode(key, encode(key, msg));
    expect("message" in res && res.message.content).toEqual(msg.content);
    expect(decode(key, [b("no delimiter"), b("x")])).toEqual({ rejected: "malformed" });
    expect(decode(key, [DELIM, b("sig"), b("{}")])).toEqual({ rejected: "malformed" });
  });

  it("rejects tampered content and a wrong key before parsing anything", () => {
    const frames = encode(key, message());
    const tampered = [...frames];
    tampered[7] = b('{"code": "evil()"}');
    expect(decode(key, tampered)).toEqual({ rejected: "bad-signature" });
    expect(decode(b("other-key"), frames)).toEqual({ rejected: "bad-signature" });
    // Correctly signed garbage is still refused, after the signature check.
    const garbage = [DELIM, Buffer.alloc(0), b("not json"), b("{}"), b("{}"), b("{}")];
    garbage[1] = b(sign(key, garbage.slice(2, 6)));
    expect(decode(key, garbage)).toEqual({ rejected: "bad-json" });
  });

  it("drops a replayed message (same signed frames twice)", () => {
    const seen = new SignatureHistory(8);
    const frames = encode(key, message());
    expect("message" in decode(key, frames, seen)).toBe(true);
    expect(decode(key, frames, seen)).toEqual({ rejected: "replayed" });
    expect("message" in decode(key, encode(key, message()), seen)).toBe(true);
  });

  it("agrees with jupyter_client's Session in both directions", () => {
    const py = `
import json, sys
from jupyter_client.session import Session
s = Session(key=b"secret-key")
msg = s.msg("execute_request", {"code": "1 + 1", "x": "\\u00fc\\U0001F600"})
frames = s.serialize(msg)
ours = [bytes.fromhex(h) for h in json.loads(sys.argv[1])]
idents, rest = s.feed_identities(ours)
back = s.deserialize(rest)
print(json.dumps({"frames": [f.hex() for f in frames], "ours": back["content"], "idents": [i.decode() for i in idents]}))
`;
    const ours = encode(key, message()).map((f) => f.toString("hex"));
    const out = execFileSync(PYTHON, ["-c", py, JSON.stringify(ours)], {
      env: { ...process.env, JUPYTER_PATH },
    });
    const res = JSON.parse(out.toString());
    // Python verified our signature (deserialize raises on a bad one) and parsed our frames.
    expect(res.ours).toEqual(message().content);
    expect(res.idents).toEqual(["id-1", "id-2"]);
    // And we verify Python's.
    const theirs = decode(
      key,
      res.frames.map((h: string) => Buffer.from(h, "hex")),
    );
    expect("message" in theirs && theirs.message.content).toEqual({ code: "1 + 1", x: "ü😀" });
  });
});

describe("SignatureHistory", () => {
  it("forgets the oldest half when full and rejects a bad capacity", () => {
    const h = new SignatureHistory(4);
    ["a", "b", "c", "d"].forEach((s) => h.add(s));
    h.add("e");
    expect(["a", "b", "c", "d", "e"].map((s) => h.has(s))).toEqual([false, false, true, true, true]);
    expect(h.size).toBe(3);
    expect(() => new SignatureHistory(1)).toThrow(/capacity must be an integer ≥ 2, got 1/);
  });
});

describe("decode's checks beyond the signature", () => {
  const key = b("secret-key");
  const signed = (header: object, parent: object = {}) =>
    encode(key, {
      identities: [],
      header: header as any,
      parent_header: parent as any,
      metadata: {},
      content: {},
    });

  it("drops the kernel's own messages reflected back (same session), and only those", () => {
    const own = signed(newHeader("status", "kernel-session"));
    expect(decode(key, own, undefined, { ownSession: "kernel-session" })).toEqual({
      rejected: "own-message",
    });
    const client = signed(newHeader("kernel_info_request", "client-session"));
    expect("message" in decode(key, client, undefined, { ownSession: "kernel-session" })).toBe(true);
    // Without the option (existing callers) nothing changes.
    expect("message" in decode(key, own)).toBe(true);
  });

  it("drops signed messages dated before the floor; a missing or odd date passes; unsigned is not checked", () => {
    const at = (date: unknown) => signed({ ...newHeader("kernel_info_request", "c"), date });
    const floor = Date.parse("2030-01-01T00:00:00Z");
    expect(decode(key, at("2029-12-31T23:59:59.999999Z"), undefined, { notBefore: floor })).toEqual({
      rejected: "stale",
    });
    expect(
      "message" in decode(key, at("2030-01-01T00:00:00.000001+00:00"), undefined, { notBefore: floor }),
    ).toBe(true);
    for (const odd of [undefined, "yesterday", 5]) {
      expect("message" in decode(key, at(odd), undefined, { notBefore: floor })).toBe(true);
    }
    const empty = Buffer.alloc(0);
    const unsigned = encode(empty, {
      identities: [],
      header: { ...newHeader("x", "c"), date: "2000-01-01T00:00:00Z" },
      parent_header: {},
      metadata: {},
      content: {},
    });
    expect("message" in decode(empty, unsigned, undefined, { notBefore: floor })).toBe(true);
  });

  it("drops a header or parent_header nested deeper than MAX_HEADER_DEPTH, without parsing it", () => {
    const nest = (d: number): unknown => (d === 0 ? 1 : [nest(d - 1)]);
    const ok = { ...newHeader("kernel_info_request", "c"), x: nest(MAX_HEADER_DEPTH - 1) };
    const deep = { ...newHeader("kernel_info_request", "c"), x: nest(MAX_HEADER_DEPTH) };
    expect("message" in decode(key, signed(ok))).toBe(true);
    expect(decode(key, signed(deep))).toEqual({ rejected: "too-deep" });
    expect(decode(key, signed(newHeader("kernel_info_request", "c"), deep))).toEqual({
      rejected: "too-deep",
    });
    // 100,000 levels: refused by the byte scan (JSON.stringify of such a header would overflow the stack).
    const huge = signed(newHeader("kernel_info_request", "c"));
    huge[2] = b(`{"msg_type":"kernel_info_request","x":${"[".repeat(100_000)}${"]".repeat(100_000)}}`);
    huge[1] = b(sign(key, huge.slice(2, 6)));
    expect(decode(key, huge)).toEqual({ rejected: "too-deep" });
  });

  it("nestsDeeper counts brackets outside strings only, escapes included", () => {
    expect(nestsDeeper(b('{"a":[[1]]}'), 2)).toBe(true);
    expect(nestsDeeper(b('{"a":[[1]]}'), 3)).toBe(false);
    expect(nestsDeeper(b('{"a":"[[[[[[\\"}'), 1)).toBe(false);
    expect(nestsDeeper(b('{"a":"\\"}'), 1)).toBe(false);
    expect(nestsDeeper(b('{"a":"\\\\",  "b": [[]]}'), 2)).toBe(true);
    expect(nestsDeeper(b('{"a":"ü😀[", "b": {}}'), 1)).toBe(true);
  });
});

describe("replay floor", () => {
  it("is the process start less the allowed skew, from DLAB_KERNEL_CLOCK_SKEW_S or 300 s", () => {
    expect(DEFAULT_CLOCK_SKEW_S).toBe(300);
    expect(replayFloor({}, 1_000_000)).toBe(1_000_000 - 300_000);
    expect(replayFloor({ DLAB_KERNEL_CLOCK_SKEW_S: "2" }, 1_000_000)).toBe(998_000);
    expect(clockSkewSeconds({ DLAB_KERNEL_CLOCK_SKEW_S: "" })).toBe(300);
    expect(() => clockSkewSeconds({ DLAB_KERNEL_CLOCK_SKEW_S: "-1" })).toThrow(
      'DLAB_KERNEL_CLOCK_SKEW_S must be a number of seconds ≥ 0, got "-1"',
    );
    expect(() => clockSkewSeconds({ DLAB_KERNEL_CLOCK_SKEW_S: "5m" })).toThrow(/got "5m"/);
  });
});
