// Signing and framing of the Jupyter wire format, against RFC 4231 test vectors and against
// jupyter_client's own Session (an independent implementation, run from .venv).
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { SignatureHistory } from "../../kernel/replay";
import { decode, DELIM, encode, newHeader, sign, split, verify } from "../../kernel/wire";
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
